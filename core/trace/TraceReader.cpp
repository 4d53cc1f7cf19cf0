#include "core/trace/TraceReader.h"

#include "core/common/TextFile.h"
#include "core/json/LocatedJson.h"

namespace warden {

Result<std::vector<Action>> TraceReader::parse(std::string_view text, std::string_view fileName)
{
    std::vector<Action> actions;
    int lineNo = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        ++lineNo;
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos)
            continue;
        if (line.size() > kMaxLineBytes)
            return fail("line is longer than " + std::to_string(kMaxLineBytes) + " bytes", {}, lineNo,
                        std::string(fileName));
        auto doc = LocatedJson::parse(line, fileName, lineNo - 1);
        if (!doc)
            return std::unexpected(doc.error());
        auto action = Action::fromJson(doc->value());
        if (!action) {
            Error e = action.error();
            e.file = std::string(fileName);
            e.line = lineNo;
            return std::unexpected(e);
        }
        if (!actions.empty() && action->seq <= actions.back().seq)
            return fail("seq " + std::to_string(action->seq) + " does not follow seq " +
                            std::to_string(actions.back().seq) + " (sequence numbers must increase)",
                        "/seq", lineNo, std::string(fileName));
        actions.push_back(std::move(*action));
    }
    return actions;
}

Result<std::vector<Action>> TraceReader::load(const std::string &path)
{
    auto text = readTextFile(path, std::size_t{4} * 1024 * 1024 * 1024);
    if (!text)
        return std::unexpected(text.error());
    return parse(*text, path);
}

} // namespace warden
