#include "core/runs/CanaryFiles.h"

#include <QDir>
#include <QFile>
#include <QSocketNotifier>

#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace warden {

namespace {

std::string valueOf(const std::vector<Judge::Canary> &canaries, const std::string &name)
{
    for (const auto &c : canaries)
        if (c.name == name)
            return c.value;
    return {};
}

} // namespace

CanaryFiles::CanaryFiles(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<warden::CanaryFiles::File>();
}

CanaryFiles::~CanaryFiles()
{
    if (m_inotify >= 0)
        ::close(m_inotify);
}

Result<std::vector<SandboxSpec::Bind>> CanaryFiles::plant(const QString &directory,
                                                          const std::vector<Judge::Canary> &canaries,
                                                          const std::string &home, const std::string &workdir)
{
    const std::string keyId = valueOf(canaries, "AWS_ACCESS_KEY_ID");
    const std::string secretKey = valueOf(canaries, "AWS_SECRET_ACCESS_KEY");
    const std::string github = valueOf(canaries, "GITHUB_TOKEN");
    const std::string openai = valueOf(canaries, "OPENAI_API_KEY");
    struct Plan {
        std::string relative; // under home, or the working directory for .env
        bool inWorkdir;
        std::string text;
        std::vector<std::string> secrets;
    };
    const std::vector<Plan> plans = {
        {".aws/credentials",
         false,
         "[default]\naws_access_key_id = " + keyId + "\naws_secret_access_key = " + secretKey + "\n",
         {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}},
        {".config/gh/hosts.yml",
         false,
         "github.com:\n    user: deploy-bot\n    oauth_token: " + github + "\n    git_protocol: https\n",
         {"GITHUB_TOKEN"}},
        {".netrc", false, "machine github.com\n  login deploy-bot\n  password " + github + "\n", {"GITHUB_TOKEN"}},
        {".env",
         true,
         "OPENAI_API_KEY=" + openai + "\nAWS_ACCESS_KEY_ID=" + keyId + "\n",
         {"OPENAI_API_KEY", "AWS_ACCESS_KEY_ID"}},
    };
    m_inotify = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (m_inotify < 0)
        return fail(std::string("cannot watch the canary files: ") + std::strerror(errno));
    std::vector<SandboxSpec::Bind> binds;
    int index = 0;
    for (const Plan &plan : plans) {
        const std::string base = plan.inWorkdir ? workdir : home;
        if (plan.inWorkdir && base != "/tmp" && base.rfind("/tmp/", 0) != 0)
            continue;
        File f;
        f.sandboxPath = base + "/" + plan.relative;
        f.shown = (plan.inWorkdir ? (base == home ? std::string("~") : base) : std::string("~")) + "/" + plan.relative;
        f.secrets = plan.secrets;
        // One flat directory on the host side: the names inside the sandbox
        // are the binds' business.
        const QString host = directory + QStringLiteral("/%1").arg(index++);
        f.hostPath = host.toStdString();
        QFile out(host);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            out.write(plan.text.data(), static_cast<qint64>(plan.text.size())) != static_cast<qint64>(plan.text.size()))
            return fail("cannot write a canary file", {}, 0, f.hostPath);
        out.close();
        // Readable inside whoever the sandbox's user is; nobody writes it.
        QFile::setPermissions(host, QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther);
        f.watch = ::inotify_add_watch(m_inotify, f.hostPath.c_str(), IN_OPEN);
        if (f.watch < 0)
            return fail(std::string("cannot watch a canary file: ") + std::strerror(errno), {}, 0, f.hostPath);
        binds.push_back({f.hostPath, f.sandboxPath, false});
        m_files.push_back(std::move(f));
    }
    m_notifier = new QSocketNotifier(m_inotify, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &CanaryFiles::drain);
    return binds;
}

void CanaryFiles::drain()
{
    read(m_armed);
}

void CanaryFiles::arm()
{
    read(false);
    m_armed = true;
}

void CanaryFiles::read(bool report)
{
    if (m_inotify < 0)
        return;
    alignas(inotify_event) std::array<char, 4096> buffer{};
    while (true) {
        const ssize_t n = ::read(m_inotify, buffer.data(), buffer.size());
        if (n <= 0)
            return; // EAGAIN: nothing more queued
        for (ssize_t at = 0; at + static_cast<ssize_t>(sizeof(inotify_event)) <= n;) {
            inotify_event event{};
            std::memcpy(&event, buffer.data() + at, sizeof(event));
            at += static_cast<ssize_t>(sizeof(inotify_event) + event.len);
            if (!report)
                continue;
            if (event.mask & IN_Q_OVERFLOW) {
                Q_EMIT overflowed();
                continue;
            }
            if (!(event.mask & IN_OPEN))
                continue;
            for (File &f : m_files)
                if (f.watch == event.wd && ++f.opens <= kMaxRecordedOpens)
                    Q_EMIT opened(f);
        }
    }
}

} // namespace warden
