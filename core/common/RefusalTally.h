#pragma once

#include <QObject>
#include <QString>

#include <functional>
#include <optional>
#include <sys/types.h>

class QLocalSocket;
class QTimer;

namespace warden {

// Refused connections, counted rather than recorded one by one: the first
// refusal is reported at once, later ones as one line per second ("refused
// 4,211 more connections: ..."), so a flood of connections cannot flood the
// audit store.
class RefusalTally : public QObject {
public:
    using Report = std::function<void(const QString &)>;

    explicit RefusalTally(Report report, QObject *parent = nullptr);
    ~RefusalTally() override;

    void refused(const QString &why);
    // Drops `socket` unless the process at its other end is the `expected`
    // user (any peer when none is expected): the check every per-run socket
    // makes. A dropped one is counted as `why`, whose %1 becomes the peer's
    // uid. Returns whether the socket may stay.
    bool admitPeer(QLocalSocket *socket, std::optional<uid_t> expected, const QString &why);
    qint64 total() const { return m_total; }

private:
    void flush();

    Report m_report;
    QTimer *m_timer;
    qint64 m_pending = 0;
    qint64 m_total = 0;
    QString m_lastWhy;
};

} // namespace warden
