#pragma once

#include "core/store/RunReader.h"

#include <QAbstractTableModel>
#include <QString>

#include <string>
#include <unordered_map>

namespace warden::ui {

// One run's actions with their verdicts, in sequence order. Rows come from
// the run's ActionLog: sequence, time, kind and decision are read from its
// index; the text columns parse the stored action when a row is shown (a
// small cache keeps the rows on screen), so a million-action run costs its
// stored text, not a million parsed objects. Filtering and sorting work on
// the index and the stored text (see ActionFilterProxy).
class ActionTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Seq, Time, Kind, Source, What, Decision, Declared, Why, ColumnCount };
    enum Role { SeqRole = Qt::UserRole + 1, DecisionRole, KindRole, SourceRole, ActionJsonRole, VerdictJsonRole };

    explicit ActionTableModel(QObject *parent = nullptr);

    // A run as RunReader::loadRunLog reads it: rows come from its `log`.
    void setRun(RunDetail run);
    // A live action of the shown run, appended as rows are (no reset).
    void appendAction(const Action &action, const StoredVerdict &verdict);
    // A run set from its action rows alone (RunReader::loadRunIndex) reads
    // each shown row's text with `fetch` until adoptText brings `full`: the
    // same run read again with its text. Until then the text filter looks
    // at the rows' kind, decision and time only, and the action and reason
    // columns sort in sequence order. False when `full` is another run.
    void setTextFetch(ActionLog::TextFetch fetch) { m_run.log.setTextFetch(std::move(fetch)); }
    bool adoptText(RunDetail full);
    bool textLoaded() const { return m_run.log.textLoaded(); }
    // What became of an approval_required action: its approval record
    // (ApprovalRequest::toJson) once approved, rejected or expired.
    void setApproval(const nlohmann::json &approval);
    // The last approval record of the action `seq`, or null.
    const nlohmann::json *approvalOf(std::int64_t seq) const;
    // What reviewers made of the waiting actions since the run was loaded.
    const std::unordered_map<std::int64_t, std::string> &outcomes() const { return m_outcomes; }
    void clear();
    const RunDetail &run() const { return m_run; }
    int rowOfSeq(std::int64_t seq) const;
    // The decision shown for a row: the verdict's, or the reviewer's outcome.
    const std::string &decisionAt(int row) const;
    // Where a row's action was seen, from the index (no parse).
    ActionSource sourceAt(int row) const { return m_run.log.row(static_cast<std::size_t>(row)).source; }
    // The action of a row, parsed from the store's text.
    Result<Action> actionAt(int row) const;

    // A filter's text with what can be decided once for all rows: whether it
    // is part of the word shown for declared or for undeclared rows, and
    // whether it could be a time of day.
    struct TextFilter {
        std::string needle; // UTF-8, ASCII letters lower-cased
        bool inDeclaredWord = false;
        bool inUndeclaredWord = false;
        bool mayBeTime = false;
        bool operator==(const TextFilter &) const = default;
    };
    static TextFilter textFilter(const QString &text);
    // Whether a row's kind, decision, declared word, time or stored text
    // contains the filter's text (ASCII letters fold).
    bool rowMatches(int row, const TextFilter &filter) const;
    // Orders two rows by a column without parsing: the text columns compare
    // the stored action (What) or verdict (Why) text.
    bool rowLessThan(int left, int right, int column) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // The text columns of a row, parsed once while it stays in the cache.
    struct Parsed {
        QString what;
        QString why;
    };
    const Parsed &parsed(std::size_t row) const;

    RunDetail m_run;
    std::unordered_map<std::int64_t, std::string> m_outcomes;     // seq -> approval outcome
    std::unordered_map<std::int64_t, nlohmann::json> m_approvals; // seq -> its last approval record
    mutable std::unordered_map<std::size_t, Parsed> m_parsed;     // row -> text columns, bounded
};

} // namespace warden::ui
