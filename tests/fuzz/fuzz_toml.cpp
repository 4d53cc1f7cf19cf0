// libFuzzer target: the config.toml reader (wardenctl declare
// --from-agent-config) turns any bytes into a tree or an Error naming the
// line, never a crash, hang or exception; and every string it reads comes
// back the same through CodexToml::quoted (what the rewritten config writes).
#include "core/mcp/CodexToml.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void roundTrip(const nlohmann::json &value, int depth)
{
    if (depth > 40)
        return;
    if (value.is_string()) {
        const std::string line = "k = " + warden::CodexToml::quoted(value.get<std::string>()) + "\n";
        auto again = warden::CodexToml::parse(line, "fuzz");
        if (!again || again->value("k", std::string("\x01")) != value.get<std::string>())
            std::abort();
        return;
    }
    if (value.is_structured())
        for (const auto &item : value)
            roundTrip(item, depth + 1);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    auto document = warden::CodexToml::parse(text, "fuzz.toml");
    if (document)
        roundTrip(*document, 0);
    return 0;
}
