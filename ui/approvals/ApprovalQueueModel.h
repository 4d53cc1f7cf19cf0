#pragma once

#include "core/approvals/ApprovalQueue.h"

#include <QAbstractListModel>

namespace warden::ui {

// The approval queue as a list: pending requests by deadline, and expired
// ones kept (greyed) until dismissed so a reviewer sees what silence denied.
// Decided requests leave. Nothing here changes state by being looked at.
class ApprovalQueueModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, StateRole, SecondsLeftRole, RequestJsonRole };

    explicit ApprovalQueueModel(ApprovalQueue &queue, QObject *parent = nullptr);

    const ApprovalRequest *at(int row) const;
    int pendingCount() const;
    void dismissExpired();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void pendingCountChanged(int count);

private:
    void onRequested(const ApprovalRequest &r);
    void onResolved(const ApprovalRequest &r);
    int rowOf(const std::string &id) const;

    std::vector<ApprovalRequest> m_items;
};

} // namespace warden::ui
