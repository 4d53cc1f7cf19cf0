#pragma once

#include "core/policy/Declaration.h"

#include <memory>
#include <string>

namespace warden::bench {

// A declaration with `tools` tools of mixed constraint types, the shape a
// large platform agent's declaration takes.
inline std::shared_ptr<const Declaration> largeDeclaration(int tools)
{
    std::string text = R"({"warden": 1, "agent": "bench", "purpose": "benchmark", "tools": {)";
    for (int i = 0; i < tools; ++i) {
        if (i)
            text += ',';
        const std::string n = std::to_string(i);
        switch (i % 4) {
        case 0:
            text += "\"read_" + n + R"(": {"params": {"path": {"type": "path", "within": ["/data/)" + n +
                    R"(", "/srv/shared"]}, "limit": {"type": "integer", "min": 1, "max": 1000}}})";
            break;
        case 1:
            text += "\"kube_" + n + R"(": {"approval": "required", "hours": "08:00-18:00", "tz": "Europe/Berlin",
                    "params": {"command": {"type": "command", "allow": ["kubectl rollout restart deployment/*",
                    "kubectl get pods", "kubectl describe pod *"], "deny": ["curl", "wget", "\\bbash\\b", "rm\\s+-rf"]}}})";
            break;
        case 2:
            text += "\"fetch_" + n + R"(": {"params": {"url": {"type": "url"}, "format": {"enum": ["json", "csv"]}}})";
            break;
        default:
            text += "\"note_" + n + R"(": {"params": {"text": {"type": "string", "max_length": 4000,
                    "pattern": "[\\p{L}\\p{N} .,!?-]*"}}})";
        }
    }
    text += R"(}, "destinations": [)";
    for (int i = 0; i < 50; ++i)
        text += (i ? "," : "") + std::string("\"svc") + std::to_string(i) + ".internal.example:443\"";
    text += R"(, "*.blob.core.windows.net"]})";
    auto d = Declaration::parse(text, "bench.json");
    if (!d)
        throw std::runtime_error(d.error().toString());
    return std::make_shared<const Declaration>(std::move(*d));
}

} // namespace warden::bench
