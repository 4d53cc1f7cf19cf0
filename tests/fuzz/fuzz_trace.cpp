// libFuzzer target: the trace reader and everything downstream of it (policy,
// judge) must survive any bytes.
#include "core/judge/Judge.h"
#include "core/policy/PolicyEngine.h"
#include "core/trace/TraceReader.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace {

std::shared_ptr<const warden::Declaration> declaration()
{
    static const auto d = std::make_shared<const warden::Declaration>(*warden::Declaration::parse(R"({
      "warden": 1, "agent": "fuzz", "purpose": "fuzzing",
      "tools": {"t": {"approval": "required", "hours": "08:00-18:00",
                      "params": {"c": {"type": "command", "allow": ["ls *"], "deny": ["rm"]},
                                 "u": {"type": "url", "optional": true},
                                 "p": {"type": "path", "within": ["/data"], "optional": true}}}},
      "destinations": ["*.example:443"], "secrets": ["K"], "files": {"read": ["/data"]}, "processes": ["sh"]})",
                                                                                                  "fuzz.json"));
    return d;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    std::string_view text(reinterpret_cast<const char *>(data), size);
    auto actions = warden::TraceReader::parse(text, "fuzz.jsonl");
    if (!actions)
        return 0;
    warden::PolicyEngine engine(declaration());
    warden::Judge judge(std::vector<warden::Judge::Canary>{{"K", "CANARY-0123456789"}});
    for (const auto &a : *actions) {
        auto v = engine.evaluate(a);
        judge.observe(a, v);
        (void)a.toJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    (void)judge.judgement().toJson();
    return 0;
}
