#include "core/judge/CommandHeuristics.h"

#include "core/policy/Regex.h"

#include <array>

namespace warden::CommandHeuristics {
namespace {

const Regex &pipeToInterpreter()
{
    // Compiled once; Regex is safe to share between threads.
    static const Regex re =
        *Regex::compile(R"((?i)\b(curl|wget|fetch)\b[^|;&]*\|\s*(sudo\s+)?(\S*/)?(ba|da|z|k|c|fi)?sh\b)"
                        R"(|(?i)\b(curl|wget)\b[^|;&]*\|\s*(sudo\s+)?(\S*/)?(python[0-9.]*|perl|ruby|node)\b)"
                        R"(|(?i)\b(ba|z)?sh\s+<\(\s*(curl|wget)\b)"
                        R"(|(?i)\b(ba|z)?sh\s+-c\s+["']?\$\(\s*(curl|wget)\b)",
                        Regex::Anchor::Search);
    return re;
}

template <std::size_t N>
bool inList(std::string_view name, const std::array<std::string_view, N> &list)
{
    for (auto entry : list)
        if (entry == name)
            return true;
    return false;
}

bool isInterpreter(std::string_view program)
{
    static constexpr std::array<std::string_view, 12> shells = {"sh",     "bash",    "dash", "zsh",  "ksh",  "fish",
                                                                "python", "python3", "perl", "ruby", "node", "source"};
    return inList(program, shells) || program.starts_with("python3.");
}

} // namespace

std::string basename(std::string_view program)
{
    auto slash = program.rfind('/');
    return std::string(slash == std::string_view::npos ? program : program.substr(slash + 1));
}

bool isPipeToInterpreter(std::string_view commandText)
{
    return pipeToInterpreter().match(commandText) == Regex::Outcome::Match;
}

bool isNetworkTool(std::string_view program)
{
    static constexpr std::array<std::string_view, 14> tools = {"curl",  "wget",   "nc",       "ncat", "netcat",
                                                               "socat", "ssh",    "scp",      "sftp", "rsync",
                                                               "ftp",   "telnet", "nslookup", "dig"};
    return inList(basename(program), tools);
}

bool isPrivilegeTool(std::string_view program)
{
    static constexpr std::array<std::string_view, 14> tools = {"sudo",     "su",    "doas",   "pkexec", "nsenter",
                                                               "unshare",  "mount", "chroot", "setcap", "insmod",
                                                               "modprobe", "capsh", "docker", "chattr"};
    return inList(basename(program), tools);
}

bool isSensitivePath(std::string_view path)
{
    static constexpr std::array<std::string_view, 9> prefixes = {
        "/etc/shadow",      "/etc/gshadow", "/etc/sudoers", "/root", "/var/run/docker.sock",
        "/run/docker.sock", "/proc/1/",     "/dev/mem",     "/boot"};
    for (auto p : prefixes)
        if (path.starts_with(p))
            return true;
    if (path.find("/.ssh/") != std::string_view::npos || path.ends_with("/.ssh") ||
        path.find("/.aws/") != std::string_view::npos || path.find("/.kube/") != std::string_view::npos)
        return true;
    return path.starts_with("/proc/") && (path.ends_with("/environ") || path.ends_with("/mem"));
}

std::optional<std::string> downloadTarget(const std::vector<std::string> &argv)
{
    if (argv.empty())
        return std::nullopt;
    std::string prog = basename(argv[0]);
    if (prog != "curl" && prog != "wget")
        return std::nullopt;
    for (std::size_t i = 1; i + 1 < argv.size(); ++i) {
        const auto &a = argv[i];
        if ((prog == "curl" && (a == "-o" || a == "--output")) ||
            (prog == "wget" && (a == "-O" || a == "--output-document")))
            return argv[i + 1] == "-" ? std::nullopt : std::optional<std::string>(argv[i + 1]);
    }
    if (prog == "curl") {
        for (const auto &a : argv)
            if (a == "-O" || a == "--remote-name")
                return basename(argv.back());
    } else if (argv.size() > 1) {
        return basename(argv.back()); // wget saves under the URL's last component
    }
    return std::nullopt;
}

std::optional<std::string> executedFile(const std::vector<std::string> &argv)
{
    if (argv.empty())
        return std::nullopt;
    std::string prog = basename(argv[0]);
    if (prog == "chmod") {
        for (std::size_t i = 1; i + 1 < argv.size(); ++i)
            if (argv[i].find('x') != std::string::npos || argv[i] == "755" || argv[i] == "777" || argv[i] == "700")
                return basename(argv.back());
        return std::nullopt;
    }
    if (isInterpreter(prog)) {
        for (std::size_t i = 1; i < argv.size(); ++i)
            if (!argv[i].starts_with("-"))
                return basename(argv[i]);
        return std::nullopt;
    }
    return prog;
}

} // namespace warden::CommandHeuristics
