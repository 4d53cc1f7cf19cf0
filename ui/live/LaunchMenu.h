#pragma once

#include <QMenu>
#include <QPointer>

#include <utility>
#include <vector>

namespace warden::ui {

class HostListModel;

// "Launch demo": every demo on each backend this machine has (bubblewrap,
// and each Docker engine on the Hosts screen, or DOCKER_HOST's when it lists
// none), the real-agent demos of the installed CLIs (the others named with
// their install command), on each Warden host, a custom run, an agent CLI
// run and the recorded replay. Filled again when the hosts or the language
// change.
class LaunchMenu : public QMenu {
    Q_OBJECT
public:
    LaunchMenu(const HostListModel &hosts, QWidget *parent = nullptr);
    void refill();

Q_SIGNALS:
    // `backend`: "bwrap", "docker" or a Docker host's id.
    void demoWanted(const QString &name, const QString &backend);
    void remoteDemoWanted(const QString &hostId, const QString &name);
    void customRunWanted();
    void agentRunWanted();
    void replayWanted(const QString &name);
    void hostsWanted();

private:
    void changeEvent(QEvent *event) override;
    // `backends`: (name, label) pairs, as refill() lists them.
    void fillAgentDemos(const std::vector<std::pair<QString, QString>> &backends);

    const HostListModel &m_hosts;
    QPointer<QMenu> m_remote;
    QPointer<QMenu> m_agents;
};

} // namespace warden::ui
