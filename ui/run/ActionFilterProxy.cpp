#include "run/ActionFilterProxy.h"

#include "run/ActionTableModel.h"

namespace warden::ui {

ActionFilterProxy::ActionFilterProxy(ActionTableModel *source, QObject *parent)
    : QSortFilterProxyModel(parent), m_actions(source)
{
    setSourceModel(source);
}

void ActionFilterProxy::setFilterText(const QString &text)
{
    std::string needle = text.toStdString();
    for (char &c : needle)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    if (needle == m_needle)
        return;
    m_needle = std::move(needle);
    // invalidate(), not invalidateFilter(): the latter tells views of every
    // run of rows that came or went, one signal each, which over a million
    // rows with scattered matches takes minutes; this rebuilds the mapping
    // and announces one layout change.
    invalidate();
}

bool ActionFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    return !sourceParent.isValid() && m_actions->rowMatches(sourceRow, m_needle);
}

bool ActionFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    return m_actions->rowLessThan(left.row(), right.row(), left.column());
}

} // namespace warden::ui
