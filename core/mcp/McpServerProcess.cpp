#include "core/mcp/McpServerProcess.h"

#include "core/json/WireJson.h"
#include "core/sandbox/BubblewrapSandbox.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>

namespace warden {

McpServerProcess::McpServerProcess(McpServerRule rule, SandboxSpec spec, QObject *parent)
    : McpServerProcess(std::move(rule), std::move(spec), Limits{}, parent)
{}

McpServerProcess::McpServerProcess(McpServerRule rule, SandboxSpec spec, Limits limits, QObject *parent)
    : McpServerLink(parent),
      m_rule(std::move(rule)),
      m_spec(std::move(spec)),
      m_limits(limits),
      m_process(new QProcess(this))
{
    connect(m_process, &QProcess::readyReadStandardOutput, this, &McpServerProcess::onReadable);
    connect(m_process, &QProcess::readyReadStandardError, this, [this] {
        m_stderr += m_process->readAllStandardError();
        if (m_stderr.size() > m_limits.maxStderrBytes)
            m_stderr = m_stderr.right(m_limits.maxStderrBytes);
    });
    connect(m_process, &QProcess::started, this, [this] {
        for (const auto &line : m_queued)
            m_process->write(line.data(), static_cast<qint64>(line.size()));
        m_queued.clear();
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            end(tr("the sandbox for MCP server \"%1\" did not start: %2")
                    .arg(QString::fromStdString(m_rule.name), m_process->errorString()));
    });
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        const QString name = QString::fromStdString(m_rule.name);
        QString why = status == QProcess::CrashExit ? tr("MCP server \"%1\" was killed or crashed").arg(name)
                                                    : tr("MCP server \"%1\" exited with status %2").arg(name).arg(code);
        const QString last = explainingLine(QString::fromUtf8(m_stderr));
        if (!last.isEmpty())
            why += tr(" (its last words: %1)").arg(last.left(200));
        end(why);
    });
}

QString McpServerProcess::explainingLine(const QString &stderrText)
{
    // The last line is often a runtime's signature ("Node.js v18.20.4") or a
    // stack frame; the line that explains ("Error: Cannot find module …")
    // comes before it. The last line that reads like an error, else the last.
    const QStringList lines = stderrText.trimmed().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    static const QRegularExpression explains(
        QStringLiteral("error|cannot|can't|not found|no such|denied|not permitted|failed|refused|invalid"),
        QRegularExpression::CaseInsensitiveOption);
    for (qsizetype i = lines.size() - 1; i >= 0 && i >= lines.size() - 40; --i) {
        QString line = lines[i].trimmed();
        if (line.startsWith(QLatin1String("at ")))
            continue; // a stack frame
        if (explains.match(line).hasMatch())
            return line;
    }
    return lines.isEmpty() ? QString() : lines.back().trimmed();
}

McpServerProcess::~McpServerProcess()
{
    m_ended = true; // no signals from the teardown
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(2000);
    }
}

SandboxSpec McpServerProcess::specFor(const McpServerRule &rule, const std::string &root, int uid, int gid)
{
    SandboxSpec spec;
    spec.image = root;
    spec.argv = rule.command;
    spec.uid = uid;
    spec.gid = gid;
    // Address space, not resident memory: V8 reserves a large code range
    // up front and does not start under 1 GiB.
    spec.memoryMb = 4096;
    spec.pids = 64;
    spec.workdir = rule.dataDir.empty() ? "/tmp" : rule.dataDir;
    // The directories' top-level parents need not be in the image.
    spec.assembledRoot = true;
    if (!rule.codeDir.empty())
        spec.binds.push_back({rule.codeDir, rule.codeDir, false});
    if (!rule.dataDir.empty())
        spec.binds.push_back({rule.dataDir, rule.dataDir, true});
    // Each directory is mounted at its host path (the server's arguments
    // name it so); where the image lacks that path, a bare directory over
    // the deepest part it has lets bwrap make it.
    for (const auto &b : spec.binds) {
        QString at = QString::fromStdString(b.sandboxPath);
        while (!at.isEmpty() && at != QLatin1String("/") && !QFileInfo(QString::fromStdString(root) + at).isDir())
            at = QFileInfo(at).path();
        // Never over what the image has in it (/usr, /etc): bwrap then
        // says it cannot make the path, which is the server's last word.
        // The root and /tmp are writable while the sandbox is assembled.
        if (at == QLatin1String("/") || at == QLatin1String("/tmp") || at == QString::fromStdString(b.sandboxPath) ||
            !QDir(QString::fromStdString(root) + at).isEmpty())
            continue;
        const std::string point = at.toStdString();
        if (std::find(spec.mountPoints.begin(), spec.mountPoints.end(), point) == spec.mountPoints.end())
            spec.mountPoints.push_back(point);
    }
    spec.env = {{"PATH", "/usr/local/bin:/usr/bin:/bin"}, {"HOME", "/tmp"}, {"LANG", "C.UTF-8"}};
    return spec;
}

void McpServerProcess::start()
{
    if (auto ok = BubblewrapSandbox::configure(m_process, m_spec); !ok) {
        const QString why = QString::fromStdString(ok.error().message);
        QMetaObject::invokeMethod(
            this,
            [this, why] {
                end(tr("cannot set up the sandbox for MCP server \"%1\": %2")
                        .arg(QString::fromStdString(m_rule.name), why));
            },
            Qt::QueuedConnection);
        return;
    }
    m_process->start(QIODevice::ReadWrite | QIODevice::Unbuffered);
}

bool McpServerProcess::running() const
{
    return !m_ended;
}

void McpServerProcess::send(const nlohmann::json &message)
{
    if (m_ended)
        return;
    std::string line = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    if (m_process->state() != QProcess::Running) {
        m_queued.push_back(std::move(line));
        return;
    }
    m_process->write(line.data(), static_cast<qint64>(line.size()));
}

void McpServerProcess::stop()
{
    if (m_process->state() != QProcess::NotRunning)
        m_process->kill();
}

void McpServerProcess::onReadable()
{
    m_buffer += m_process->readAllStandardOutput();
    while (!m_ended) {
        // One bound for a whole line and for one still arriving.
        const qsizetype newline = m_buffer.indexOf('\n');
        if ((newline < 0 ? m_buffer.size() : newline) > m_limits.maxLineBytes) {
            end(tr("MCP server \"%1\" sent a message over %2 bytes; it was ended")
                    .arg(QString::fromStdString(m_rule.name))
                    .arg(m_limits.maxLineBytes));
            return;
        }
        if (newline < 0)
            return;
        const QByteArray line = m_buffer.left(newline).trimmed();
        m_buffer.remove(0, newline + 1);
        if (line.isEmpty())
            continue;
        auto parsed = WireJson::parse(std::string_view(line.constData(), static_cast<std::size_t>(line.size())),
                                      {.maxBytes = static_cast<std::size_t>(m_limits.maxLineBytes), .maxDepth = 64});
        if (!parsed || !parsed->is_object()) {
            const QString why = parsed ? tr("not a JSON object") : QString::fromStdString(parsed.error().message);
            if (++m_garbage > m_limits.maxGarbageLines) {
                end(tr("MCP server \"%1\" kept writing what is not JSON-RPC; it was ended")
                        .arg(QString::fromStdString(m_rule.name)));
                return;
            }
            Q_EMIT misbehaved(tr("MCP server \"%1\" wrote a line that is not a JSON-RPC message (%2)")
                                  .arg(QString::fromStdString(m_rule.name), why.left(160)));
            continue;
        }
        Q_EMIT message(*parsed);
    }
}

void McpServerProcess::end(const QString &why)
{
    if (m_ended)
        return;
    m_ended = true;
    if (m_process->state() != QProcess::NotRunning)
        m_process->kill();
    Q_EMIT ended(why);
}

} // namespace warden
