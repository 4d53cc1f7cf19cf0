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
    invalidateFilter();
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
