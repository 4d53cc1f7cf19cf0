#pragma once

#include <curl/curl.h>

#include <string>

namespace warden {

// For a connection the warden itself makes with libcurl to a destination the
// run judged: libcurl resolves, and this sees each address before a socket
// exists for it. An internal address (AddressGuard) is refused unless the
// destination is declared internal; the first one refused is kept, for the
// reason the exchange failed.
struct CurlAddressCheck {
    bool internalToo = false;
    std::string refused; // "ADDRESS (why)"

    // Installs the check on `curl`; this object must outlive the transfer.
    void attach(CURL *curl);
};

} // namespace warden
