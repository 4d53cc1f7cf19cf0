#pragma once

#include "core/store/RunReader.h"

#include <QAbstractTableModel>

#include <vector>

namespace warden::ui {

// The stored runs, newest first: one row per run with its agent, state,
// action count and judgement.
class RunListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // The agent and its judgement first: a narrow runs list keeps what tells runs apart.
    enum Column { Agent, Judgement, Started, Actions, State, ColumnCount };
    enum Role { RunIdRole = Qt::UserRole + 1, LabelRole };

    explicit RunListModel(QObject *parent = nullptr);

    void setRuns(std::vector<RunSummary> runs);
    const RunSummary *runAt(int row) const;
    const std::vector<RunSummary> &runs() const { return m_runs; }
    int rowOf(const QString &runId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<RunSummary> m_runs;
};

} // namespace warden::ui
