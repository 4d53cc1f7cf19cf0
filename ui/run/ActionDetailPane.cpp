#include "ui/run/ActionDetailPane.h"

#include "core/json/JsonLookup.h"
#include "core/json/WireJson.h"
#include "core/policy/Declaration.h"
#include "core/policy/DeclarationSummary.h"
#include "core/report/Provenance.h"
#include "core/store/RunReader.h"
#include "ui/common/DisplayWords.h"
#include "ui/run/ActionTableModel.h"
#include "ui/run/ProvenanceView.h"

#include <QAbstractProxyModel>
#include <QPlainTextEdit>
#include <QTabBar>

namespace warden::ui {

namespace {

// A proxy's index, mapped down to the action model's row.
int sourceRow(QModelIndex index, const QAbstractItemModel *target)
{
    while (index.isValid() && index.model() != target) {
        const auto *proxy = qobject_cast<const QAbstractProxyModel *>(index.model());
        if (!proxy)
            return -1;
        index = proxy->mapToSource(index);
    }
    return index.isValid() ? index.row() : -1;
}

QString text(const nlohmann::json &object, const char *key)
{
    return QString::fromStdString(JsonLookup::stringOr(object, key));
}

} // namespace

ActionDetailPane::ActionDetailPane(const ActionTableModel &model, QWidget *parent)
    : QTabWidget(parent),
      m_model(model),
      m_detail(new QPlainTextEdit),
      m_declaration(new QPlainTextEdit),
      m_output(new QPlainTextEdit),
      m_provenanceView(new ProvenanceView)
{
    m_detail->setObjectName(QStringLiteral("actionDetail"));
    m_declaration->setObjectName(QStringLiteral("declarationView"));
    m_output->setObjectName(QStringLiteral("agentOutput"));
    m_output->setMaximumBlockCount(static_cast<int>(RunDetail::kMaxOutputLines) + 1);
    for (QPlainTextEdit *pane : {m_detail, m_declaration, m_output}) {
        pane->setReadOnly(true);
        pane->setFont(QFont(QStringLiteral("monospace")));
    }
    // The sentence wraps; the records below keep their lines.
    m_detail->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    addTab(m_detail, QString());
    addTab(m_declaration, QString());
    addTab(m_output, QString());
    addTab(m_provenanceView, QString());
    connect(tabBar(), &QTabBar::tabBarClicked, this, [this] { m_tabPicked = true; });
    retranslate();
}

void ActionDetailPane::retranslate()
{
    setTabText(0, tr("Action detail"));
    setTabText(1, tr("Declaration"));
    setTabText(2, tr("Agent output"));
    setTabText(3, tr("How it happened"));
    m_provenanceView->retranslate();
    m_output->setPlaceholderText(tr("What the agent printed (canary values cut out) appears here."));
    m_detail->setPlaceholderText(tr("Select an action to see what was decided, why, and by whom."));
}

void ActionDetailPane::clear()
{
    m_detail->clear();
}

void ActionDetailPane::showProvenance(std::shared_ptr<const Provenance> provenance, bool hasModelTurns, bool sameRun)
{
    if (!sameRun)
        m_tabPicked = false;
    const bool hadChain = sameRun && m_provenanceView->hasChain();
    m_provenance = provenance;
    m_provenanceView->showProvenance(std::move(provenance), hasModelTurns);
    if (m_provenanceView->hasChain() && !hadChain && !m_tabPicked) {
        setCurrentWidget(m_provenanceView);
        Q_EMIT chainBroughtForward();
    }
}

QString ActionDetailPane::detailText() const
{
    return m_detail->toPlainText();
}

QString ActionDetailPane::declarationText() const
{
    return m_declaration->toPlainText();
}

QString ActionDetailPane::sentence(int row) const
{
    const QModelIndex index = m_model.index(row, 0);
    if (!index.isValid())
        return {};
    const std::string decision = m_model.decisionAt(row);
    const nlohmann::json verdict =
        WireJson::parseStored(index.data(ActionTableModel::VerdictJsonRole).toString().toStdString());
    QString why;
    if (const auto reasons = JsonLookup::arrayOr(verdict, "reasons"); !reasons.empty() && reasons.front().is_string())
        why = QString::fromStdString(reasons.front().get<std::string>());
    auto action = m_model.actionAt(row);
    const QString what = action ? QString::fromStdString(action->describe()).left(200) : QString();
    const QString kind = index.data(ActionTableModel::KindRole).toString();
    const nlohmann::json *approval = m_model.approvalOf(index.data(ActionTableModel::SeqRole).toLongLong());
    const nlohmann::json none = nlohmann::json::object();
    const nlohmann::json &a = approval ? *approval : none;
    const QString reviewerReason = text(a, "reason");
    if (decision == "allow")
        return why.isEmpty() ? tr("Allowed: %1 %2").arg(kind, what) : tr("Allowed: %1").arg(why);
    if (decision == "deny")
        return tr("Denied: %1").arg(why.isEmpty() ? tr("%1 %2 is not declared").arg(kind, what) : why);
    if (decision == "approved")
        return reviewerReason.isEmpty()
                   ? tr("Approved by %1 at %2.").arg(text(a, "reviewer"), text(a, "recorded"))
                   : tr("Approved by %1 at %2: %3").arg(text(a, "reviewer"), text(a, "recorded"), reviewerReason);
    if (decision == "rejected")
        return reviewerReason.isEmpty()
                   ? tr("Denied by %1 at %2.").arg(text(a, "reviewer"), text(a, "recorded"))
                   : tr("Denied by %1 at %2: %3").arg(text(a, "reviewer"), text(a, "recorded"), reviewerReason);
    if (decision == "expired") {
        // The deadline's own reasons would say it twice; any other reason (the
        // run ended, the console was closed) is why it ended undecided.
        if (reviewerReason.isEmpty() || reviewerReason == QLatin1String("no decision before the deadline") ||
            reviewerReason == QLatin1String("deadline passed before the decision"))
            return tr("Denied: no reviewer decided by %1, and silence denies.").arg(text(a, "deadline"));
        return tr("Denied, undecided: %1.").arg(reviewerReason);
    }
    if (decision == "approval_required")
        return a.is_object() && !a.empty()
                   ? tr("Waiting for a reviewer until %1 (silence denies): %2 %3").arg(text(a, "deadline"), kind, what)
                   : tr("Held for a reviewer's approval: %1 %2").arg(kind, what);
    return DisplayWords::decision(QString::fromStdString(decision));
}

QString ActionDetailPane::seenBy(ActionSource source)
{
    switch (source) {
    case ActionSource::Gateway: return tr("the gateway (the agent asked for a tool)");
    case ActionSource::Proxy: return tr("the egress proxy (the agent reached for the network)");
    case ActionSource::Scanner: return tr("the code scanner (in code handed to a tool, before it ran)");
    case ActionSource::Syscall: return tr("the syscall supervisor (what the agent's processes actually did)");
    case ActionSource::Runtime: return tr("the sandbox runtime");
    case ActionSource::Mcp: return tr("the MCP bridge (the agent's MCP client called a server's tool)");
    case ActionSource::Model: return tr("the model door (the agent asked its model)");
    case ActionSource::Unknown: break;
    }
    return tr("not recorded");
}

void ActionDetailPane::showAction(const QModelIndex &proxyIndex)
{
    const int row = sourceRow(proxyIndex, &m_model);
    if (row < 0) {
        m_detail->clear();
        return;
    }
    const QModelIndex index = m_model.index(row, 0);
    const ActionSource source = m_model.sourceAt(row);
    QString body = sentence(row) + QLatin1Char('\n') + tr("Seen by: %1").arg(seenBy(source)) + QLatin1Char('\n');
    auto action = m_model.actionAt(row);
    if (action && m_provenance)
        if (auto link = m_provenance->linkOf(*action))
            body += (link->toolUse.empty() ? tr("Asked for by: the model's answer to #%1").arg(link->request)
                                           : tr("Asked for by: the model's answer to #%1, %2")
                                                 .arg(link->request)
                                                 .arg(QString::fromStdString(link->toolUse))) +
                    QLatin1Char('\n');
    if (action && action->kind == ActionKind::Model)
        for (const Action::ToolResult &r : action->results) {
            QStringList cues;
            for (const auto &c : r.cues)
                cues << ProvenanceView::cueText(c);
            const QString tool = r.tool.empty() ? tr("a tool") : QString::fromStdString(r.tool);
            body += (cues.isEmpty() ? tr("Sent back the result of %1 (%2 bytes).").arg(tool, QString::number(r.bytes))
                                    : tr("Sent back the result of %1 (%2 bytes), which carried instructions: %3.")
                                          .arg(tool, QString::number(r.bytes), cues.join(QStringLiteral("; ")))) +
                    QLatin1Char('\n');
        }
    if (action && action->kind == ActionKind::Model)
        body += answerOf(action->seq);
    body += QLatin1Char('\n') + tr("Action") + QLatin1Char('\n') +
            index.data(ActionTableModel::ActionJsonRole).toString() + QStringLiteral("\n\n") + tr("Verdict") +
            QLatin1Char('\n') + index.data(ActionTableModel::VerdictJsonRole).toString();
    if (const nlohmann::json *approval = m_model.approvalOf(index.data(ActionTableModel::SeqRole).toLongLong()))
        body += QStringLiteral("\n\n") + tr("Approval") + QLatin1Char('\n') +
                QString::fromStdString(approval->dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    m_detail->setPlainText(body);
}

QString ActionDetailPane::answerOf(std::int64_t seq) const
{
    // The model's answer to this request, as the model_turn record has it.
    for (const nlohmann::json &turn : m_model.run().modelTurns) {
        if (JsonLookup::integerOr(turn, "answers", -1) != seq)
            continue;
        const QString stop = text(turn, "stop_reason");
        QString out = tr("The model answered (HTTP %1): stopped for %2, %3 tokens in, %4 out.")
                          .arg(QString::number(JsonLookup::integerOr(turn, "status", 0)),
                               stop.isEmpty() ? tr("no stated reason") : stop,
                               QString::number(JsonLookup::integerOr(turn, "input_tokens", 0)),
                               QString::number(JsonLookup::integerOr(turn, "output_tokens", 0))) +
                      QLatin1Char('\n');
        for (const nlohmann::json &use : JsonLookup::arrayOr(turn, "tool_uses"))
            out += tr("It asked for %1: %2").arg(text(use, "name"), text(use, "input").left(400)) + QLatin1Char('\n');
        if (const QString failure = text(turn, "failure"); !failure.isEmpty())
            out += tr("The exchange failed: %1").arg(failure) + QLatin1Char('\n');
        return out;
    }
    return tr("No answer is on record for this request yet.") + QLatin1Char('\n');
}

void ActionDetailPane::showOutput(const RunDetail &run)
{
    QStringList lines;
    lines.reserve(static_cast<qsizetype>(run.output.size()) + 1);
    for (const auto &line : run.output)
        lines << QString::fromStdString(line);
    if (run.outputNotStored > 0)
        lines << tr("… %n more line(s) not kept (past the run's 1 MiB of output)", nullptr,
                    static_cast<int>(std::min<std::int64_t>(run.outputNotStored, INT32_MAX)));
    m_output->setPlainText(lines.join(QLatin1Char('\n')));
}

void ActionDetailPane::appendOutput(const QString &line)
{
    m_output->appendPlainText(line);
}

QString ActionDetailPane::outputText() const
{
    return m_output->toPlainText();
}

void ActionDetailPane::showDeclaration(const RunDetail &run)
{
    QString out;
    if (auto declaration = Declaration::parse(run.declarationText, "declaration"); declaration) {
        for (const auto &[topic, value] : summarizeDeclaration(*declaration))
            out +=
                QStringLiteral("%1: %2\n").arg(QString::fromStdString(topic), -16).arg(QString::fromStdString(value));
    } else {
        out = tr("The stored declaration does not parse: %1\n")
                  .arg(QString::fromStdString(declaration.error().toString()));
    }
    out += tr("\nAs declared (%1 bytes):\n").arg(run.declarationText.size());
    out += QString::fromStdString(run.declarationText);
    m_declaration->setPlainText(out);
}

} // namespace warden::ui
