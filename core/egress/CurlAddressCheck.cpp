#include "core/egress/CurlAddressCheck.h"

#include "core/egress/AddressGuard.h"

#include <QHostAddress>

#include <sys/socket.h>

namespace warden {

namespace {

curl_socket_t openCheckedSocket(void *user, curlsocktype purpose, curl_sockaddr *address)
{
    auto *check = static_cast<CurlAddressCheck *>(user);
    if (purpose != CURLSOCKTYPE_IPCXN)
        return CURL_SOCKET_BAD;
    if (auto why = AddressGuard::restriction(&address->addr); why && !check->internalToo) {
        if (check->refused.empty())
            check->refused = QHostAddress(&address->addr).toString().toStdString() + " (" + *why + ")";
        return CURL_SOCKET_BAD;
    }
    return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

} // namespace

void CurlAddressCheck::attach(CURL *curl)
{
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, &openCheckedSocket);
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, this);
    // Straight to the destination judged: no proxy, no redirect elsewhere.
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
}

} // namespace warden
