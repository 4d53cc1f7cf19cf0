#include "core/policy/PolicyEngine.h"

#include "core/policy/CommandLine.h"
#include "core/policy/HostName.h"
#include "core/policy/PathScope.h"
#include "core/policy/Url.h"

#include <algorithm>

namespace warden {

using nlohmann::json;

namespace {

// Where a bare program name in `processes` may be found: the PATH
// directories of a Debian image (what the sandbox's PATH names, and more).
constexpr std::string_view kProgramDirectories[] = {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
                                                    "/usr/bin",        "/sbin",          "/bin"};

std::size_t utf8Length(std::string_view s)
{
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string quote(std::string_view s)
{
    std::string shown(s.substr(0, 200));
    if (s.size() > 200)
        shown += "...";
    return "\"" + shown + "\"";
}

bool inAnyScope(const std::string &path, const std::vector<std::string> &scopes)
{
    return std::any_of(scopes.begin(), scopes.end(), [&](const auto &s) { return PathScope::isWithin(path, s); });
}

} // namespace

PolicyEngine::PolicyEngine(std::shared_ptr<const Declaration> declaration) : m_declaration(std::move(declaration)) {}

Verdict PolicyEngine::evaluate(const Action &action) const
{
    Verdict v;
    v.seq = action.seq;
    switch (action.kind) {
    case ActionKind::ToolCall: evaluateTool(action, v); break;
    case ActionKind::Egress: evaluateEgress(action, v); break;
    case ActionKind::SecretRead: evaluateSecret(action, v); break;
    case ActionKind::Process: evaluateProcess(action, v); break;
    case ActionKind::File: evaluateFile(action, v); break;
    case ActionKind::Model: evaluateModel(action, v); break;
    // No declaration grants these: the sandbox is no place to make them.
    case ActionKind::Syscall:
        v.reasons.push_back({"syscalls", "the privileged call " + action.call + " is never declared"});
        break;
    }
    for (const auto &canary : action.canaries)
        v.reasons.push_back({"canaries", "carries the canary secret " + canary + " outbound"});
    if (!v.reasons.empty()) {
        v.declared = false;
        v.decision = Decision::Deny;
        v.rule.clear();
        // Observed, not refused: only a program, and only with nothing else wrong.
        if (action.kind == ActionKind::Process && m_declaration->observeUndeclaredProcesses &&
            action.canaries.empty() && v.reasons.size() == 1 && v.reasons.front().rule == "processes") {
            v.decision = Decision::Allow;
            v.rule = "undeclared_processes: observe";
        }
    }
    return v;
}

void PolicyEngine::evaluateModel(const Action &action, Verdict &v) const
{
    // A model request through the door: to a declared provider (by its
    // name, at its host and port), for a model name it allows.
    const auto it = m_declaration->models.find(action.tool);
    const ModelProvider *provider = it == m_declaration->models.end() ? nullptr : &it->second;
    if (provider && (provider->host != action.host || provider->port != action.port))
        provider = nullptr;
    if (!provider) {
        v.reasons.push_back({"models", "no model provider at " + quote(action.host) + " is declared"});
        return;
    }
    if (!provider->allows(action.name)) {
        v.reasons.push_back(
            {"models." + provider->name + ".names",
             "model " + quote(action.name) + " is not one the declaration names for " + quote(provider->name)});
        return;
    }
    v.declared = true;
    v.decision = Decision::Allow;
    v.rule = "models." + provider->name;
}

void PolicyEngine::evaluateTool(const Action &action, Verdict &v) const
{
    const auto &tools = m_declaration->tools;
    auto it = tools.find(action.tool);
    if (it == tools.end()) {
        v.reasons.push_back({"tools", "tool " + quote(action.tool) + " is not declared"});
        return;
    }
    const ToolRule &tool = it->second;
    const std::string prefix = "tools." + tool.name;
    v.privileged = tool.approvalRequired;

    for (const auto &[name, rule] : tool.params)
        if (!rule.optional && !action.params.contains(name))
            v.reasons.push_back({prefix + ".params." + name, "parameter " + quote(name) + " is missing"});
    for (const auto &[name, value] : action.params.items()) {
        auto rule = tool.params.find(name);
        if (rule == tool.params.end())
            v.reasons.push_back(
                {prefix + ".params", "parameter " + quote(name) + " is not declared for tool " + quote(tool.name)});
        else
            checkParam(prefix + ".params." + name, name, rule->second, value, v.reasons);
    }
    if (tool.hours) {
        if (!action.timeMs)
            v.reasons.push_back({prefix + ".hours", "the action has no time, and tool " + quote(tool.name) +
                                                        " is limited to " + tool.hours->describe()});
        else if (!tool.hours->contains(*action.timeMs))
            v.reasons.push_back({prefix + ".hours", "tool " + quote(tool.name) + " is outside its hours (" +
                                                        tool.hours->describe() + ")"});
    }
    if (!v.reasons.empty())
        return;
    v.declared = true;
    v.decision = tool.approvalRequired ? Decision::ApprovalRequired : Decision::Allow;
    v.rule = tool.approvalRequired ? prefix + ".approval" : prefix;
}

void PolicyEngine::checkParam(const std::string &rulePath, const std::string &name, const ParamRule &rule,
                              const json &value, std::vector<Reason> &reasons) const
{
    const std::string what = "parameter " + quote(name);
    auto add = [&](const std::string &suffix, std::string message) {
        reasons.push_back({rulePath + suffix, std::move(message)});
    };
    bool stringTyped = rule.type == ParamType::Path || rule.type == ParamType::Command || rule.type == ParamType::Url ||
                       rule.type == ParamType::String;
    if (stringTyped && !value.is_string()) {
        add(".type", what + " must be a string");
        return;
    }
    const std::string text = stringTyped ? value.get<std::string>() : std::string();
    if (stringTyped && rule.maxLength && utf8Length(text) > *rule.maxLength)
        add(".max_length", what + " is longer than " + std::to_string(*rule.maxLength) + " characters");

    switch (rule.type) {
    case ParamType::Path: {
        auto path = PathScope::normalize(text);
        if (!path)
            add("", what + ": " + path.error().message);
        else if (!inAnyScope(*path, rule.within))
            add(".within", what + " path " + quote(*path) + " is outside the declared directories");
        break;
    }
    case ParamType::Command: {
        if (auto op = CommandLine::findShellOperator(text))
            add(".shell", what + " contains a shell " + *op);
        for (const auto &re : rule.deny)
            if (re.match(text) != Regex::Outcome::NoMatch)
                add(".deny", what + " matches the deny pattern " + quote(re.pattern()));
        auto words = CommandLine::splitWords(text);
        if (!words) {
            add("", what + ": " + words.error().message);
            break;
        }
        bool allowed = std::any_of(rule.allowWords.begin(), rule.allowWords.end(), [&](const auto &pattern) {
            if (pattern.size() != words->size())
                return false;
            for (std::size_t i = 0; i < pattern.size(); ++i)
                if (!CommandLine::globMatch(pattern[i], (*words)[i]))
                    return false;
            return true;
        });
        if (!allowed)
            add(".allow", what + " is not one of the allowed commands");
        break;
    }
    case ParamType::Url: {
        auto url = Url::parse(text);
        if (!url) {
            add("", what + ": " + url.error().message);
            break;
        }
        const auto &schemes = rule.schemes;
        bool schemeOk = schemes.empty() ? (url->scheme == "http" || url->scheme == "https")
                                        : std::find(schemes.begin(), schemes.end(), url->scheme) != schemes.end();
        if (!schemeOk)
            add(".schemes", what + " uses scheme " + quote(url->scheme) + ", which is not allowed");
        if (!url->userinfo.empty())
            add("", what + " URL carries credentials before the host");
        if (!destinationFor(url->host, url->port))
            reasons.push_back({"destinations",
                               what + " destination " + HostName::display(url->host, url->port) + " is not declared"});
        break;
    }
    case ParamType::String:
        if (rule.pattern && rule.pattern->match(text) != Regex::Outcome::Match)
            add(".pattern", what + " does not match " + quote(rule.pattern->pattern()));
        break;
    case ParamType::Integer: {
        if (!value.is_number_integer()) {
            add(".type", what + " must be an integer");
            break;
        }
        // Values past INT64_MAX arrive as unsigned; clamp, which only ever trips "max".
        bool huge = value.is_number_unsigned() && value.get<std::uint64_t>() > INT64_MAX;
        std::int64_t n = huge ? INT64_MAX : value.get<std::int64_t>();
        if (rule.min && n < *rule.min)
            add(".min", what + " is below the minimum " + std::to_string(*rule.min));
        if (rule.max && (huge || n > *rule.max))
            add(".max", what + " is above the maximum " + std::to_string(*rule.max));
        break;
    }
    case ParamType::Boolean:
        if (!value.is_boolean())
            add(".type", what + " must be true or false");
        break;
    case ParamType::Enum:
        if (std::find(rule.values.begin(), rule.values.end(), value) == rule.values.end())
            add(".enum", what + " value " + value.dump(-1, ' ', false, json::error_handler_t::replace) +
                             " is not one of the declared values");
        break;
    }
}

const Destination *PolicyEngine::destinationFor(const std::string &host, int port) const
{
    for (const auto &d : m_declaration->destinations)
        if (d.matches(host, port))
            return &d;
    return nullptr;
}

void PolicyEngine::evaluateEgress(const Action &action, Verdict &v) const
{
    std::string host;
    int port = action.port;
    if (!action.url.empty()) {
        auto url = Url::parse(action.url);
        if (!url) {
            v.reasons.push_back({"destinations", "egress " + url.error().message});
            return;
        }
        host = url->host;
        if (port != 0 && port != url->port) {
            v.reasons.push_back({"destinations", "egress port " + std::to_string(port) +
                                                     " disagrees with the URL's port " + std::to_string(url->port)});
            return;
        }
        port = url->port;
        if (!action.host.empty()) {
            auto named = HostName::normalize(action.host);
            if (!named || *named != host) {
                v.reasons.push_back({"destinations", "egress host " + quote(action.host) +
                                                         " disagrees with the URL's host " + quote(host)});
                return;
            }
        }
    } else {
        auto named = HostName::normalize(action.host);
        if (!named) {
            v.reasons.push_back({"destinations", "egress " + named.error().message});
            return;
        }
        host = std::move(*named);
    }
    const Destination *d = destinationFor(host, port);
    if (!d) {
        v.reasons.push_back({"destinations", "destination " + HostName::display(host, port) + " is not declared"});
        return;
    }
    v.declared = true;
    v.decision = Decision::Allow;
    v.rule = "destinations: " + d->text();
}

void PolicyEngine::evaluateSecret(const Action &action, Verdict &v) const
{
    const auto &secrets = m_declaration->secrets;
    if (std::find(secrets.begin(), secrets.end(), action.name) == secrets.end()) {
        v.reasons.push_back({"secrets", "secret " + quote(action.name) + " is not declared"});
        return;
    }
    v.declared = true;
    v.decision = Decision::Allow;
    v.rule = "secrets: " + action.name;
}

void PolicyEngine::evaluateProcess(const Action &action, Verdict &v) const
{
    const std::string &program = action.argv.front();
    auto slash = program.rfind('/');
    std::string base = slash == std::string::npos ? program : program.substr(slash + 1);
    // An entry with a slash names one binary exactly; a bare name matches that
    // program in the image's own program directories only, never a copy the
    // agent made (/tmp/python3) or one in the project it works on.
    const std::string dir = slash == std::string::npos ? std::string() : program.substr(0, slash);
    const bool onPath =
        slash == std::string::npos ||
        std::find(std::begin(kProgramDirectories), std::end(kProgramDirectories), dir) != std::end(kProgramDirectories);
    for (const auto &entry : m_declaration->processes) {
        bool match = entry.find('/') != std::string::npos ? entry == program : onPath && entry == base;
        if (match) {
            v.declared = true;
            v.decision = Decision::Allow;
            v.rule = "processes: " + entry;
            return;
        }
    }
    v.reasons.push_back({"processes", "process " + quote(program) + " is not declared"});
}

void PolicyEngine::evaluateFile(const Action &action, Verdict &v) const
{
    auto path = PathScope::normalize(action.path);
    if (!path) {
        v.reasons.push_back({"files", "file " + path.error().message});
        return;
    }
    const Declaration &d = *m_declaration;
    bool reading = action.op == "read" || action.op == "list";
    // A write scope also grants reads: an agent may read back what it wrote.
    bool ok = inAnyScope(*path, d.writeScopes) || (reading && inAnyScope(*path, d.readScopes));
    if (!ok) {
        v.reasons.push_back({reading ? "files.read" : "files.write", "file " + action.op + " of " + quote(*path) +
                                                                         " is outside the declared " +
                                                                         (reading ? "read" : "write") + " scope"});
        return;
    }
    v.declared = true;
    v.decision = Decision::Allow;
    v.rule = reading && !inAnyScope(*path, d.writeScopes) ? "files.read" : "files.write";
}

} // namespace warden
