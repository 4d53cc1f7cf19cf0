// libFuzzer target: audit records read back from a store (which anyone who
// can write the file may have edited; the OpenTelemetry exporter follows the
// store without verifying it) must survive the export paths: records become
// spans and a protobuf request, actions and verdicts OCSF events, with no
// crash, hang or exception. Input: lines "TYPE SEQ PAYLOAD".
#include "core/investigate/OcsfEvents.h"
#include "core/investigate/OtlpEncoding.h"
#include "core/investigate/OtlpRunSpans.h"
#include "core/json/WireJson.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    std::string_view text(reinterpret_cast<const char *>(data), size);
    warden::OtlpRunSpans spans("4b7f0c2e-9a51-4f3e-8d2c-6a1b0e9f7d3c");
    std::vector<warden::OtlpSpan> done;
    const warden::OcsfEvents::RunContext run{"4b7f0c2e-9a51-4f3e-8d2c-6a1b0e9f7d3c", "fuzz", "bwrap", 1, "00"};
    std::int64_t id = 0;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        const auto space = line.find(' ');
        if (space == std::string_view::npos)
            continue;
        const auto second = line.find(' ', space + 1);
        warden::AuditRecord r;
        r.id = ++id;
        r.timeMs = id * 1000;
        r.runId = run.runId;
        r.type = std::string(line.substr(0, space));
        const std::string seq(line.substr(space + 1, second == std::string_view::npos ? 0 : second - space - 1));
        r.seq = seq.empty() || seq.size() > 12 || seq.find_first_not_of("0123456789") != std::string::npos
                    ? 0
                    : std::stoll(seq);
        r.payload = second == std::string_view::npos ? std::string() : std::string(line.substr(second + 1));
        for (auto &s : spans.add(r))
            done.push_back(std::move(s));
        if (r.type == "action") {
            const auto json = warden::WireJson::parseStored(r.payload);
            if (auto action = json.is_discarded() ? warden::Result<warden::Action>(warden::fail("x"))
                                                  : warden::Action::fromJson(json)) {
                warden::StoredVerdict verdict;
                verdict.decision = r.seq % 2 ? "deny" : "allow";
                (void)warden::OcsfEvents::ofAction(run, *action, verdict)
                    .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            }
        } else if (r.type == "judgement") {
            const auto json = warden::WireJson::parseStored(r.payload);
            if (json.is_object())
                (void)warden::OcsfEvents::ofJudgement(run, json, r.timeMs)
                    .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
    }
    (void)warden::OtlpEncoding::exportRequest(done);
    return 0;
}
