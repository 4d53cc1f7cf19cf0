#pragma once

#include "store/RunReader.h"

#include <QAbstractTableModel>

namespace warden::ui {

// One run's actions with their verdicts, in sequence order.
class ActionTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Seq, Time, Kind, What, Decision, Declared, Why, ColumnCount };
    enum Role { SeqRole = Qt::UserRole + 1, DecisionRole, KindRole, ActionJsonRole, VerdictJsonRole };

    explicit ActionTableModel(QObject *parent = nullptr);

    void setRun(RunDetail run);
    // A live action of the shown run, appended as rows are (no reset).
    void appendAction(Action action, StoredVerdict verdict);
    void clear();
    const RunDetail &run() const { return m_run; }
    int rowOfSeq(std::int64_t seq) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    RunDetail m_run;
};

} // namespace warden::ui
