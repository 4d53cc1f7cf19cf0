#include "core/policy/PathScope.h"

#include <vector>

namespace warden::PathScope {

Result<std::string> normalize(std::string_view path)
{
    if (path.empty())
        return fail("path is empty");
    if (path.find('\0') != std::string_view::npos)
        return fail("path contains a NUL byte");
    if (path.front() != '/')
        return fail("path \"" + std::string(path) + "\" is not absolute");

    std::string out;
    out.reserve(path.size());
    std::size_t i = 0;
    while (i < path.size()) {
        while (i < path.size() && path[i] == '/')
            ++i;
        std::size_t end = path.find('/', i);
        if (end == std::string_view::npos)
            end = path.size();
        std::string_view part = path.substr(i, end - i);
        i = end;
        if (part.empty() || part == ".")
            continue;
        if (part == "..")
            return fail("path \"" + std::string(path) + "\" has a \"..\" component");
        out += '/';
        out += part;
    }
    if (out.empty())
        out = "/";
    return out;
}

bool isWithin(std::string_view path, std::string_view scope)
{
    if (scope == "/")
        return true;
    if (path.size() < scope.size() || path.compare(0, scope.size(), scope) != 0)
        return false;
    return path.size() == scope.size() || path[scope.size()] == '/';
}

} // namespace warden::PathScope
