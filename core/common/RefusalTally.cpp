#include "core/common/RefusalTally.h"

#include "core/common/PeerCredentials.h"

#include <QLocalSocket>
#include <QTimer>

namespace warden {

RefusalTally::RefusalTally(Report report, QObject *parent)
    : QObject(parent), m_report(std::move(report)), m_timer(new QTimer(this))
{
    m_timer->setInterval(1000);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] { flush(); });
}

RefusalTally::~RefusalTally()
{
    m_timer->stop();
    // What was counted is still said (the owner is closing).
    if (m_pending > 0 && m_report)
        m_report(QStringLiteral("refused %1 more connections: %2").arg(m_pending).arg(m_lastWhy));
}

bool RefusalTally::admitPeer(QLocalSocket *socket, std::optional<uid_t> expected, const QString &why)
{
    if (!expected)
        return true;
    const auto uid = PeerCredentials::uidOf(socket->socketDescriptor());
    if (uid == expected)
        return true;
    socket->abort();
    socket->deleteLater();
    refused(why.arg(uid ? QString::number(*uid) : QStringLiteral("unknown")));
    return false;
}

void RefusalTally::refused(const QString &why)
{
    ++m_total;
    m_lastWhy = why;
    if (!m_timer->isActive()) {
        m_report(QStringLiteral("refused a connection: %1").arg(why));
        m_timer->start();
        return;
    }
    ++m_pending;
}

void RefusalTally::flush()
{
    if (m_pending == 0)
        return;
    m_report(QStringLiteral("refused %1 more connections: %2").arg(m_pending).arg(m_lastWhy));
    m_pending = 0;
    m_timer->start(); // the next one within a second is counted too
}

} // namespace warden
