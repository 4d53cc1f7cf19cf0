#include "cli/CliArgs.h"

#include <charconv>

namespace warden {

Result<CliArgs> CliArgs::parse(const std::vector<std::string> &args, const Spec &spec)
{
    CliArgs out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (a == "--") {
            out.m_positional.insert(out.m_positional.end(), args.begin() + static_cast<long>(i) + 1, args.end());
            break;
        }
        if (!a.starts_with("-") || a == "-") {
            out.m_positional.push_back(a);
            continue;
        }
        std::string name = a;
        std::optional<std::string> inlineValue;
        if (auto eq = a.find('='); eq != std::string::npos) {
            name = a.substr(0, eq);
            inlineValue = a.substr(eq + 1);
        }
        if (spec.flags.contains(name)) {
            if (inlineValue)
                return fail("option " + name + " takes no value");
            out.m_flags.insert(name);
        } else if (spec.valued.contains(name)) {
            if (inlineValue) {
                out.m_values[name] = *inlineValue;
            } else {
                if (i + 1 >= args.size())
                    return fail("option " + name + " needs a value");
                out.m_values[name] = args[++i];
            }
        } else {
            return fail("unknown option " + name);
        }
    }
    return out;
}

Result<int> CliArgs::integer(const std::string &name, int min, int max, int fallback) const
{
    auto it = m_values.find(name);
    if (it == m_values.end())
        return fallback;
    const std::string &text = it->second;
    int n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < min || n > max)
        return fail("option " + name + " takes a whole number from " + std::to_string(min) + " to " +
                    std::to_string(max) + ", not \"" + text + "\"");
    return n;
}

std::optional<std::string> CliArgs::value(const std::string &name) const
{
    auto it = m_values.find(name);
    return it == m_values.end() ? std::nullopt : std::optional<std::string>(it->second);
}

} // namespace warden
