#pragma once

#include "store/RunReader.h"

#include <QAbstractTableModel>

#include <unordered_map>

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
    // What became of an approval_required action: approved, rejected or expired.
    void setOutcome(std::int64_t seq, const std::string &state);
    void clear();
    const RunDetail &run() const { return m_run; }
    int rowOfSeq(std::int64_t seq) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    RunDetail m_run;
    std::unordered_map<std::int64_t, std::string> m_outcomes; // seq -> approval outcome
};

} // namespace warden::ui
