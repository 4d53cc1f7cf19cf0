#include "core/agents/ScriptedModel.h"

#include "core/scenarios/ResourcePaths.h"

#include <QRegularExpression>
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

extern char **environ;

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
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, input[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, output[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::string python = "python3";
    std::vector<char *> argv{python.data(), const_cast<char *>(program.c_str()), const_cast<char *>(script.c_str())};
    if (!log.empty())
        argv.push_back(const_cast<char *>(log.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int spawned = ::posix_spawnp(&pid, "python3", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(input[0]);
    ::close(output[1]);
    if (spawned != 0) {
        ::close(input[1]);
        ::close(output[0]);
        return fail("cannot start python3 for the scripted model: " + std::string(std::strerror(spawned)));
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
