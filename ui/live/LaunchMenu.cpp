#include "ui/live/LaunchMenu.h"

#include "core/agents/AgentDemo.h"
#include "core/agents/AgentProfile.h"
#include "ui/hosts/HostListModel.h"

#include <QEvent>

namespace warden::ui {

LaunchMenu::LaunchMenu(const HostListModel &hosts, QWidget *parent) : QMenu(parent), m_hosts(hosts)
{
    setObjectName(QStringLiteral("launchMenu"));
    refill();
}

void LaunchMenu::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        refill();
    QMenu::changeEvent(event);
}

void LaunchMenu::refill()
{
    setTitle(tr("Launch demo"));
    delete m_remote; // clear() would leave the old submenus behind
    delete m_agents;
    clear();
    std::vector<std::pair<QString, QString>> backends{{QStringLiteral("bwrap"), tr("bubblewrap")}};
    for (const auto &h : m_hosts.hosts())
        if (h.kind == HostProfile::Kind::Docker)
            backends.emplace_back(QString::fromStdString(h.id), tr("Docker: %1").arg(QString::fromStdString(h.name)));
    if (backends.size() == 1)
        backends.emplace_back(QStringLiteral("docker"), tr("Docker"));
    for (const auto &[name, label] : std::initializer_list<std::pair<QString, QString>>{
             {QStringLiteral("code-bot"), tr("code-bot: injected CSV steals API keys")},
             {QStringLiteral("kubesleuth"), tr("kubesleuth: log line asks for curl | bash")},
             {QStringLiteral("storage-exfil"), tr("storage-exfil: declared host, stolen payload")},
             {QStringLiteral("raw-agent"), tr("raw-agent: no SDK, caught from its system calls")},
             {QStringLiteral("mcp-files"), tr("mcp-files: an MCP client told to steal an SSH key")}})
        for (const auto &[backend, where] : backends)
            addAction(tr("%1 (%2)").arg(label, where), this,
                      [this, name = name, backend = backend] { Q_EMIT demoWanted(name, backend); });

    // The real agent CLIs against a scripted model, filled as it opens: a
    // CLI installed since is offered at once (three stats of the local
    // agents cache).
    m_agents = addMenu(tr("Real agent CLIs (scripted model)"));
    m_agents->setObjectName(QStringLiteral("agentDemosMenu"));
    connect(m_agents, &QMenu::aboutToShow, this, [this, backends] { fillAgentDemos(backends); });
    fillAgentDemos(backends);

    m_remote = addMenu(tr("On a Warden host"));
    for (const auto &h : m_hosts.hosts()) {
        if (h.kind != HostProfile::Kind::Warden)
            continue;
        QMenu *host = m_remote->addMenu(QString::fromStdString(h.name + "  (" + h.address + ")"));
        const QString id = QString::fromStdString(h.id);
        for (const char *demo : {"code-bot", "kubesleuth", "storage-exfil", "raw-agent", "mcp-files"})
            host->addAction(QString::fromLatin1(demo), this,
                            [this, id, demo] { Q_EMIT remoteDemoWanted(id, QString::fromLatin1(demo)); });
    }
    if (m_remote->isEmpty())
        m_remote->addAction(tr("Add one on the Hosts screen"), this, &LaunchMenu::hostsWanted);
    addSeparator();
    addAction(tr("Custom run: any command under a declaration…"), this, &LaunchMenu::customRunWanted);
    addAction(tr("Agent CLI on your workspace: Claude Code, Codex CLI, Gemini CLI…"), this,
              &LaunchMenu::agentRunWanted);
    addSeparator();
    addAction(tr("Replay the recorded code-bot trace (no sandbox)"), this,
              [this] { Q_EMIT replayWanted(QStringLiteral("code-bot")); });
}

void LaunchMenu::fillAgentDemos(const std::vector<std::pair<QString, QString>> &backends)
{
    m_agents->clear();
    for (const AgentDemo &demo : AgentDemo::all()) {
        const QString title = QString::fromStdString(demo.profile->title);
        if (!demo.installed()) {
            QAction *missing = m_agents->addAction(tr("%1: not installed (resources/agents/install-agents.sh %2)")
                                                       .arg(title, QString::fromStdString(demo.profile->name)));
            missing->setEnabled(false);
            continue;
        }
        for (const auto &[backend, where] : backends)
            m_agents->addAction(tr("%1 reads a poisoned README (%2)").arg(title, where), this,
                                [this, name = QString::fromStdString(demo.name), backend = backend] {
                                    Q_EMIT demoWanted(name, backend);
                                });
    }
}

} // namespace warden::ui
