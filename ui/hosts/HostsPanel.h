#pragma once

#include "core/host/HostProfile.h"

#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QPushButton;
class QTableView;

namespace warden {
class Keychain;
}

namespace warden::ui {

class HostListModel;

// The Hosts screen: where runs can go (bubblewrap here, Docker engines local
// or remote over TLS, remote Warden hosts), whether each is reachable and
// what isolation it gives. Tests run on worker threads; a Warden host's token
// goes to the OS keychain, the rest to hosts.json.
class HostsPanel : public QWidget {
    Q_OBJECT
public:
    struct HostEdit {
        HostProfile profile;
        QString token; // Warden hosts only
    };
    // Asks the reviewer for a new host of a kind; nullopt when cancelled. A
    // second ask after a failure gets what was typed and why it failed, so
    // nothing typed is lost. A seam for tests.
    using Editor = std::function<std::optional<HostEdit>(QWidget *parent, HostProfile::Kind kind,
                                                         const HostEdit *previous, const QString &problem)>;

    explicit HostsPanel(QString configPath, QWidget *parent = nullptr);

    void setEditor(Editor editor) { m_editor = std::move(editor); }
    HostListModel *model() const { return m_model; }

    void reload();
    // Adds a host; a failure is reported (and, when `askAgain`, the editor
    // opens again with what was typed and why it was refused).
    void addHost(HostEdit edit, bool askAgain = false);
    // Asks for a host of a kind and adds it, until it is added or cancelled.
    void askToAdd(HostProfile::Kind kind, const HostEdit *previous = nullptr, const QString &problem = {});
    // Why an edit cannot be added (the field and the reason), empty when it can.
    static QString problemWith(const HostEdit &edit);
    void removeHost(const QString &hostId);
    void testHost(const QString &hostId);
    void testAll();
    // A Warden host's token from the keychain; `done` gets nullopt and why otherwise.
    void loadToken(const QString &hostId, std::function<void(std::optional<QString>, const QString &)> done);

Q_SIGNALS:
    void hostsChanged();
    void hostTested(const QString &hostId, bool reachable, const QString &summary);
    void failed(const QString &message);

private:
    void probe(const HostProfile &host, const std::string &token);
    void save();
    void report(const QString &message);
    void retranslate();
    void changeEvent(QEvent *event) override;

    QString m_configPath;
    HostListModel *m_model;
    Keychain *m_keychain;
    QTableView *m_view;
    QLabel *m_message;
    QPushButton *m_addDocker;
    QPushButton *m_addWarden;
    QPushButton *m_test;
    QPushButton *m_testAll;
    QPushButton *m_remove;
    Editor m_editor;
};

} // namespace warden::ui
