#include "ui/investigate/WhatIfDialog.h"

#include "core/common/Timestamp.h"
#include "ui/common/DisplayWords.h"
#include "ui/common/LabelColors.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <map>

namespace warden::ui {

namespace {

QString text(const std::string &s)
{
    return QString::fromStdString(s);
}

QString verdictText(const Judgement &j)
{
    return QStringLiteral("%1 (%2)").arg(DisplayWords::label(text(labelName(j.label)))).arg(j.confidence, 0, 'f', 2);
}

QTableWidgetItem *cell(const QString &value, const QString &tip = {})
{
    auto *item = new QTableWidgetItem(value);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    if (!tip.isEmpty())
        item->setToolTip(QStringLiteral("<qt>%1</qt>").arg(tip.toHtmlEscaped())); // record text, never markup
    return item;
}

} // namespace

WhatIfDialog::WhatIfDialog(WhatIfReport report, QString declarationFile, QString declarationAgent, QWidget *parent)
    : QDialog(parent),
      m_report(std::move(report)),
      m_file(std::move(declarationFile)),
      m_agent(std::move(declarationAgent)),
      m_summary(new QLabel),
      m_runs(new QTableWidget),
      m_changes(new QTableWidget),
      m_show(new QPushButton(tr("Show on timeline")))
{
    setObjectName(QStringLiteral("whatIfDialog"));
    setWindowTitle(tr("What if: %1").arg(QFileInfo(m_file).fileName()));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_summary->setText(summary());
    m_runs->setObjectName(QStringLiteral("whatIfRuns"));
    m_changes->setObjectName(QStringLiteral("whatIfChanges"));
    for (QTableWidget *table : {m_runs, m_changes}) {
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        table->setSelectionMode(QAbstractItemView::SingleSelection);
        table->verticalHeader()->hide();
        table->setWordWrap(false);
        table->horizontalHeader()->setStretchLastSection(true);
    }
    m_runs->setColumnCount(6);
    m_runs->setHorizontalHeaderLabels({tr("Run"), tr("Started"), tr("Actions"), tr("Decided differently"),
                                       tr("Verdict: before → after"), tr("Gate")});
    m_changes->setColumnCount(5);
    m_changes->setHorizontalHeaderLabels({tr("#"), tr("Kind"), tr("Before → after"), tr("Action"), tr("Why, now")});
    fillRuns();
    connect(m_runs, &QTableWidget::currentCellChanged, this, [this](int row) { fillChanges(row); });
    connect(m_show, &QPushButton::clicked, this, &WhatIfDialog::showSelectedOnTimeline);

    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_runs);
    split->addWidget(m_changes);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_show, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    layout->addWidget(buttons);
    resize(900, 560);
    if (!m_report.runs.empty())
        selectRun(0);
    else
        m_show->setEnabled(false);
}

void WhatIfDialog::showSelectedOnTimeline()
{
    const int row = m_runs->currentRow();
    if (row < 0 || row >= int(m_report.runs.size()))
        return;
    std::vector<std::int64_t> seqs;
    for (const auto &c : m_report.runs[std::size_t(row)].changes)
        seqs.push_back(c.seq);
    Q_EMIT showOnTimeline(text(m_report.runs[std::size_t(row)].runId), seqs);
}

QString WhatIfDialog::summary() const
{
    std::map<std::string, std::int64_t> moves;
    int changedRuns = 0, verdicts = 0, opened = 0;
    for (const auto &run : m_report.runs) {
        for (const auto &[move, count] : run.moves)
            moves[move] += count;
        changedRuns += run.changed > 0 || run.verdictChanged();
        verdicts += run.verdictChanged();
        opened += run.opensMaliciousRun();
    }
    QStringList parts;
    parts << tr("%n run(s) of %1 replayed", nullptr, int(m_report.runs.size())).arg(m_agent)
          << tr("%n action(s)", nullptr, int(m_report.actions)) << tr("%n run(s) would change", nullptr, changedRuns);
    for (const auto &[move, count] : moves) {
        const auto arrow = move.find(" -> ");
        const QString shown = arrow == std::string::npos
                                  ? text(move)
                                  : QStringLiteral("%1 → %2").arg(DisplayWords::decision(text(move.substr(0, arrow))),
                                                                  DisplayWords::decision(text(move.substr(arrow + 4))));
        parts << QStringLiteral("%1: %2").arg(shown).arg(count);
    }
    parts << tr("%n verdict(s) would change", nullptr, verdicts);
    if (opened > 0)
        parts << tr("%n run(s) judged malicious would now have something allowed", nullptr, opened);
    return tr("Under %1: %2. The audit chain verified (%3 records).")
        .arg(QFileInfo(m_file).fileName(), parts.join(QStringLiteral("; ")))
        .arg(m_report.recordsVerified);
}

void WhatIfDialog::fillRuns()
{
    m_runs->setRowCount(int(m_report.runs.size()));
    for (int row = 0; row < int(m_report.runs.size()); ++row) {
        const RunWhatIf &run = m_report.runs[std::size_t(row)];
        m_runs->setItem(row, 0, cell(text(run.runId).left(8), text(run.runId)));
        m_runs->setItem(
            row, 1, cell(text(Timestamp::format(run.startedMs)).left(19).replace(QLatin1Char('T'), QLatin1Char(' '))));
        m_runs->setItem(row, 2, cell(QString::number(run.actions)));
        m_runs->setItem(row, 3, cell(QString::number(run.changed)));
        auto *verdict =
            cell(run.problem.empty() ? QStringLiteral("%1 → %2").arg(verdictText(run.before), verdictText(run.after))
                                     : tr("%1 (before: unknown)").arg(verdictText(run.after)),
                 text(run.problem.empty() ? run.after.summary : run.problem));
        if (run.verdictChanged())
            verdict->setForeground(LabelColors::forLabel(text(labelName(run.after.label))));
        m_runs->setItem(row, 4, verdict);
        auto *gate = cell(run.opensMaliciousRun() ? tr("opens a malicious run") : QString());
        if (run.opensMaliciousRun())
            gate->setForeground(LabelColors::forDecision(QStringLiteral("deny")));
        m_runs->setItem(row, 5, gate);
    }
    m_runs->resizeColumnsToContents();
}

void WhatIfDialog::selectRun(int row)
{
    m_runs->setCurrentCell(row, 0);
    fillChanges(row);
}

void WhatIfDialog::fillChanges(int row)
{
    m_changes->setRowCount(0);
    if (row < 0 || row >= int(m_report.runs.size()))
        return;
    const RunWhatIf &run = m_report.runs[std::size_t(row)];
    m_show->setEnabled(!run.changes.empty());
    m_changes->setRowCount(int(run.changes.size()));
    for (int i = 0; i < int(run.changes.size()); ++i) {
        const DecisionChange &c = run.changes[std::size_t(i)];
        m_changes->setItem(i, 0, cell(QString::number(c.seq)));
        m_changes->setItem(i, 1, cell(text(c.kind)));
        auto *move =
            cell(QStringLiteral("%1 → %2").arg(DisplayWords::decision(text(c.before)),
                                               DisplayWords::decision(text(c.after))),
                 c.recorded.empty() ? QString() : tr("On record: %1").arg(DisplayWords::decision(text(c.recorded))));
        move->setForeground(LabelColors::forDecision(text(c.after)));
        m_changes->setItem(i, 2, move);
        m_changes->setItem(i, 3, cell(text(c.action), text(c.action)));
        const std::string why = c.reasons.empty() ? c.rule : c.reasons;
        m_changes->setItem(i, 4, cell(text(why), text(why)));
    }
    m_changes->resizeColumnsToContents();
}

} // namespace warden::ui
