// libFuzzer target: what a remote Warden host sends a console, and what a
// console reads from its own files, must survive any bytes. One input line
// is tried as a host event (an action with its verdict, an approval
// request), a host list entry, a host URL and a run's recorded owner (read
// back from the store by recovery).
#include "core/approvals/ApprovalRequest.h"
#include "core/common/WardenIdentity.h"
#include "core/host/HostEndpoint.h"
#include "core/host/HostProfile.h"
#include "core/policy/StoredVerdict.h"
#include "core/trace/Action.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    std::string_view text(reinterpret_cast<const char *>(data), size);
    (void)warden::HostEndpoint::parse(text);
    (void)warden::WardenIdentity::owner(text);
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded())
        return 0;
    if (auto r = warden::ApprovalRequest::fromJson(json))
        (void)r->toJson().dump();
    if (auto v = warden::StoredVerdict::fromJson(json))
        (void)v->toJson(1, "tool_call").dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), (void)v->why();
    if (auto h = warden::HostProfile::fromJson(json, "/hosts/0"))
        (void)h->toJson();
    if (json.is_object()) {
        if (auto a = json.find("action"); a != json.end())
            if (auto action = warden::Action::fromJson(*a))
                (void)action->describe();
        if (auto r = json.find("request"); r != json.end())
            (void)warden::ApprovalRequest::fromJson(*r);
        if (auto v = json.find("verdict"); v != json.end())
            (void)warden::StoredVerdict::fromJson(*v);
    }
    return 0;
}
