#include "core/policy/CommandLine.h"

namespace warden::CommandLine {

std::optional<std::string> findShellOperator(std::string_view command)
{
    for (std::size_t i = 0; i < command.size(); ++i) {
        switch (command[i]) {
        case '|': return "pipe \"|\"";
        case ';': return "command separator \";\"";
        case '&': return "background or and-list \"&\"";
        case '`': return "command substitution \"`\"";
        case '>': return "redirection \">\"";
        case '<': return "redirection \"<\"";
        case '\n':
        case '\r': return "newline";
        case '\0': return "NUL byte";
        case '$':
            if (i + 1 < command.size() && command[i + 1] == '(')
                return "command substitution \"$(\"";
            if (i + 1 < command.size() && command[i + 1] == '{')
                return "parameter expansion \"${\"";
            break;
        default: break;
        }
    }
    return std::nullopt;
}

Result<std::vector<std::string>> splitWords(std::string_view command)
{
    std::vector<std::string> words;
    std::string word;
    bool inWord = false;
    std::size_t i = 0;
    while (i < command.size()) {
        char c = command[i];
        if (c == ' ' || c == '\t') {
            if (inWord) {
                words.push_back(std::move(word));
                word.clear();
                inWord = false;
            }
            ++i;
        } else if (c == '\'') {
            std::size_t end = command.find('\'', i + 1);
            if (end == std::string_view::npos)
                return fail("unterminated single quote");
            word.append(command.substr(i + 1, end - i - 1));
            inWord = true;
            i = end + 1;
        } else if (c == '"') {
            inWord = true;
            ++i;
            bool closed = false;
            while (i < command.size()) {
                char d = command[i];
                if (d == '"') {
                    closed = true;
                    ++i;
                    break;
                }
                if (d == '\\' && i + 1 < command.size() &&
                    (command[i + 1] == '"' || command[i + 1] == '\\' || command[i + 1] == '$' ||
                     command[i + 1] == '`')) {
                    word += command[i + 1];
                    i += 2;
                    continue;
                }
                word += d;
                ++i;
            }
            if (!closed)
                return fail("unterminated double quote");
        } else if (c == '\\') {
            if (i + 1 >= command.size())
                return fail("trailing backslash");
            word += command[i + 1];
            inWord = true;
            i += 2;
        } else {
            word += c;
            inWord = true;
            ++i;
        }
    }
    if (inWord)
        words.push_back(std::move(word));
    return words;
}

bool globMatch(std::string_view pattern, std::string_view word)
{
    // Iterative matcher with single-star backtracking: linear in practice and
    // never recursive, so hostile input cannot blow the stack.
    std::size_t p = 0, w = 0;
    std::size_t starP = std::string_view::npos, starW = 0;
    while (w < word.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            starP = p++;
            starW = w;
        } else if (p < pattern.size() && pattern[p] == word[w]) {
            ++p;
            ++w;
        } else if (starP != std::string_view::npos) {
            p = starP + 1;
            w = ++starW;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

} // namespace warden::CommandLine
