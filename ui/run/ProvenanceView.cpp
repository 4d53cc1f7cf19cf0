#include "ui/run/ProvenanceView.h"

#include "core/report/Provenance.h"
#include "ui/common/DisplayWords.h"

#include <QUrl>

namespace warden::ui {

namespace {

QString htmlOf(const std::string &text)
{
    return QString::fromStdString(text).toHtmlEscaped();
}

QString decisionColourOf(const std::string &decision)
{
    return decision == "deny"    ? QStringLiteral("#b3261e")
           : decision == "allow" ? QStringLiteral("#1b7f3b")
                                 : QStringLiteral("#b26a00");
}

} // namespace

ProvenanceView::ProvenanceView(QWidget *parent) : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("provenanceView"));
    setOpenLinks(false); // a link selects an action; nothing is ever opened
    setOpenExternalLinks(false);
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == QLatin1String("warden-action"))
            Q_EMIT actionActivated(url.path().toLongLong());
    });
    render();
}

void ProvenanceView::showProvenance(std::shared_ptr<const Provenance> provenance, bool hasModelTurns)
{
    m_provenance = std::move(provenance);
    m_hasModelTurns = hasModelTurns;
    render();
}

void ProvenanceView::clearProvenance()
{
    m_provenance.reset();
    m_hasModelTurns = false;
    render();
}

bool ProvenanceView::hasChain() const
{
    return m_provenance && m_provenance->chain();
}

void ProvenanceView::retranslate()
{
    render();
}

QString ProvenanceView::cueText(const std::string &stored)
{
    static const std::vector<std::pair<const char *, const char *>> words = {
        {"speaks to an AI assistant", QT_TR_NOOP("speaks to an AI assistant")},
        {"tells the model to disregard its instructions", QT_TR_NOOP("tells the model to disregard its instructions")},
        {"asks for secrecy", QT_TR_NOOP("asks for secrecy")},
        {"names credentials", QT_TR_NOOP("names credentials")},
        {"asks to send data to an address", QT_TR_NOOP("asks to send data to an address")},
        {"asks for a scheduled or start-up job", QT_TR_NOOP("asks for a scheduled or start-up job")},
        {"asks to download code and run it", QT_TR_NOOP("asks to download code and run it")},
        {"hidden in an HTML comment", QT_TR_NOOP("hidden in an HTML comment")},
        {"hidden in invisible characters", QT_TR_NOOP("hidden in invisible characters")},
    };
    for (const auto &[english, source] : words)
        if (stored == english)
            return tr(source);
    return QString::fromStdString(stored); // a sign a newer warden named
}

void ProvenanceView::render()
{
    if (!hasChain()) {
        setHtml(QStringLiteral("<p>%1</p>")
                    .arg((m_hasModelTurns ? tr("No tool result that carried instructions came before an action "
                                               "outside the declaration.")
                                          : tr("This run has no model turns on record: its agent did not talk to "
                                               "its model through Warden's model door."))
                             .toHtmlEscaped()));
        return;
    }
    const Provenance::Chain &chain = *m_provenance->chain();
    auto link = [](std::int64_t seq) { return QStringLiteral("<a href=\"warden-action:%1\">#%1</a>").arg(seq); };
    auto step = [&](const Provenance::Step &s) {
        return QStringLiteral("<li>%1 %2 <code>%3</code>: <span style=\"color:%4\">%5</span>%6</li>")
            .arg(link(s.seq), QString::fromLatin1(actionKindName(s.kind)), htmlOf(s.what), decisionColourOf(s.decision),
                 DisplayWords::decision(QString::fromStdString(s.decision)).toHtmlEscaped(),
                 s.declared ? QString() : QLatin1Char(' ') + tr("(undeclared)").toHtmlEscaped());
    };
    const Action::ToolResult &r = chain.result;
    QStringList cues;
    for (const auto &c : r.cues)
        cues << cueText(c);
    QString html = QStringLiteral("<p><b>%1</b> %2</p><pre>%3</pre>")
                       .arg(tr("1. The injection point.").toHtmlEscaped(),
                            tr("In model request %1 the agent sent its model the result of %2 (%3 bytes), which "
                               "carried instructions: %4.")
                                .toHtmlEscaped()
                                .arg(link(chain.injection),
                                     QStringLiteral("<code>%1</code>")
                                         .arg(r.tool.empty() ? tr("a tool").toHtmlEscaped() : htmlOf(r.tool)),
                                     QString::number(r.bytes), cues.join(QStringLiteral("; ")).toHtmlEscaped()),
                            htmlOf(r.excerpt));
    html += QStringLiteral("<p><b>%1</b></p><ol>")
                .arg(tr("2. What the model asked for, and what followed").toHtmlEscaped());
    for (const Provenance::Turn &turn : chain.turns) {
        html += QStringLiteral("<li>%1<ul>")
                    .arg(tr("The answer to %1 (%n action(s) followed):", nullptr, static_cast<int>(turn.actions))
                             .toHtmlEscaped()
                             .arg(link(turn.request)));
        for (const Provenance::ToolUse &use : turn.uses) {
            html += QStringLiteral("<li><code>%1: %2</code>").arg(htmlOf(use.name), htmlOf(use.input));
            if (!use.actions.empty()) {
                html += QStringLiteral("<ul>");
                for (const auto &s : use.actions)
                    html += step(s);
                html += QStringLiteral("</ul>");
            }
            html += QStringLiteral("</li>");
        }
        for (const auto &s : turn.unmatched)
            html += step(s);
        html += QStringLiteral("</ul></li>");
    }
    html +=
        QStringLiteral("</ol><p><b>%1</b></p><ul>")
            .arg(tr("3. Refused: %n action(s) after the injection point", nullptr, static_cast<int>(chain.refusedCount))
                     .toHtmlEscaped());
    for (const auto &s : chain.refused)
        html += step(s);
    html += QStringLiteral("</ul><p><b>%1</b></p>").arg(tr("4. What left").toHtmlEscaped());
    if (chain.leftCount == 0) {
        html += QStringLiteral("<p>%1</p>")
                    .arg(tr("Nothing: after the injection point no egress, tool or MCP call went ahead, and no "
                            "model request carried a canary.")
                             .toHtmlEscaped());
    } else {
        html += QStringLiteral("<p>%1</p><ul>")
                    .arg(tr("%n action(s) allowed out after the injection point:", nullptr,
                            static_cast<int>(chain.leftCount))
                             .toHtmlEscaped());
        for (const auto &s : chain.left)
            html += step(s);
        html += QStringLiteral("</ul>");
    }
    setHtml(html);
}

} // namespace warden::ui
