#pragma once

#include "ui/run/ActionTableModel.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace warden::ui {

// Filters and sorts an ActionTableModel without asking it for display text:
// a row matches on its index and stored text, and rows order by the index or
// the stored text. Over a million rows that is a scan of the text already in
// memory rather than a million actions parsed and formatted.
class ActionFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ActionFilterProxy(ActionTableModel *source, QObject *parent = nullptr);

    // Case-insensitive for ASCII letters; empty shows every row.
    void setFilterText(const QString &text);
    // Only actions seen there (the gateway, the proxy, a system call...);
    // nullopt shows every source.
    void setSourceFilter(std::optional<ActionSource> source);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    ActionTableModel *m_actions;
    ActionTableModel::TextFilter m_filter;
    std::optional<ActionSource> m_source;
};

} // namespace warden::ui
