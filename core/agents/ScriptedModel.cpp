#include "core/agents/ScriptedModel.h"

#include "core/common/ResourcePaths.h"

#include <QRegularExpression>
#include <QStandardPaths>
#include <QString>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

namespace warden {

namespace {

void closeBoth(int fds[2])
{
    for (int i = 0; i < 2; ++i)
        if (fds[i] >= 0)
            ::close(fds[i]);
}

void endProcess(pid_t pid)
{
    ::kill(pid, SIGTERM);
    // A Python server ends at once; one that hangs is killed.
    for (int i = 0; i < 50; ++i) {
        if (::waitpid(pid, nullptr, WNOHANG) == pid)
            return;
        ::usleep(20'000);
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
}

} // namespace

Result<std::unique_ptr<ScriptedModel>> ScriptedModel::start(const std::string &script, const std::string &log)
{
    auto resources = ResourcePaths::root();
    if (!resources)
        return std::unexpected(resources.error());
    const std::string program = *resources + "/agents/scripted-model.py";
    if (::access(program.c_str(), R_OK) != 0)
        return fail("the scripted model is missing", {}, 0, program);
    int input[2] = {-1, -1}, output[2] = {-1, -1};
    if (::pipe2(input, O_CLOEXEC) != 0 || ::pipe2(output, O_CLOEXEC) != 0) {
        closeBoth(input);
        closeBoth(output);
        return fail("cannot make pipes for the scripted model");
    }
    // Its own interpreter, isolated (-I: no user site, no PYTHON* variables),
    // with an environment of its own: nothing of the warden's (keys, tokens)
    // reaches a process that reads what the sandbox sends. Its own process
    // group, so a terminal's Ctrl-C reaches the warden, which ends it.
    const QString python =
        QStandardPaths::findExecutable(QStringLiteral("python3"), {QStringLiteral("/usr/bin"), QStringLiteral("/bin")});
    if (python.isEmpty()) {
        closeBoth(input);
        closeBoth(output);
        return fail("the scripted model needs python3 in /usr/bin (packaging/install-deps.sh installs it)");
    }
    const std::string interpreter = python.toStdString();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, input[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, output[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int sig : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD})
        sigaddset(&defaults, sig);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    std::string isolated = "-I";
    std::vector<char *> argv{const_cast<char *>(interpreter.c_str()), isolated.data(),
                             const_cast<char *>(program.c_str()), const_cast<char *>(script.c_str())};
    if (!log.empty())
        argv.push_back(const_cast<char *>(log.c_str()));
    argv.push_back(nullptr);
    std::string pathVar = "PATH=/usr/bin:/bin", langVar = "LANG=C.UTF-8";
    char *env[] = {pathVar.data(), langVar.data(), nullptr};
    pid_t pid = -1;
    const int spawned = ::posix_spawn(&pid, interpreter.c_str(), &actions, &attributes, argv.data(), env);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(input[0]);
    ::close(output[1]);
    if (spawned != 0) {
        ::close(input[1]);
        ::close(output[0]);
        return fail("cannot start " + interpreter + " for the scripted model: " + std::string(std::strerror(spawned)));
    }
    // Its first line is its address.
    std::string said;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (said.find('\n') == std::string::npos && said.size() < 4096) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            break;
        pollfd p{output[0], POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            break;
        char buffer[512];
        const ssize_t n = ::read(output[0], buffer, sizeof buffer);
        if (n <= 0)
            break;
        said.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(output[0]); // it says nothing more
    static const QRegularExpression address(QStringLiteral("^listening (http://127\\.0\\.0\\.1:[0-9]{1,5})\\n"));
    const auto match = address.match(QString::fromStdString(said));
    if (!match.hasMatch()) {
        ::close(input[1]);
        endProcess(pid);
        return fail("the scripted model did not start (" + script + ")");
    }
    return std::unique_ptr<ScriptedModel>(new ScriptedModel(pid, input[1], match.captured(1).toStdString()));
}

ScriptedModel::~ScriptedModel()
{
    ::close(m_input);
    endProcess(m_pid);
}

} // namespace warden
