#include "ui/run/ActionFilterProxy.h"

namespace warden::ui {

ActionFilterProxy::ActionFilterProxy(ActionTableModel *source, QObject *parent)
    : QSortFilterProxyModel(parent), m_actions(source)
{
    setSourceModel(source);
}

void ActionFilterProxy::setFilterText(const QString &text)
{
    auto filter = ActionTableModel::textFilter(text);
    if (filter == m_filter)
        return;
    m_filter = std::move(filter);
    // invalidate(), not invalidateFilter(): the latter tells views of every
    // run of rows that came or went, one signal each, which over a million
    // rows with scattered matches takes minutes; this rebuilds the mapping
    // and announces one layout change.
    invalidate();
}

void ActionFilterProxy::setSourceFilter(std::optional<ActionSource> source)
{
    if (source == m_source)
        return;
    m_source = source;
    invalidate(); // one layout change, as for the text (see above)
}

bool ActionFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    return !sourceParent.isValid() && (!m_source || m_actions->sourceAt(sourceRow) == *m_source) &&
           m_actions->rowMatches(sourceRow, m_filter);
}

bool ActionFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    return m_actions->rowLessThan(left.row(), right.row(), left.column());
}

} // namespace warden::ui
