#include "ui/approvals/ApprovalPanel.h"

#include "core/policy/RequestComparison.h"
#include "ui/approvals/ApprovalQueueModel.h"
#include "ui/common/ModelTexts.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QTreeView>
#include <QVBoxLayout>

#include <set>

namespace warden::ui {

ApprovalPanel::ApprovalPanel(ApprovalQueue &queue, QString reviewer, QWidget *parent)
    : QWidget(parent),
      m_queue(queue),
      m_reviewer(std::move(reviewer)),
      m_model(new ApprovalQueueModel(queue, this)),
      m_list(new QTreeView),
      m_card(new QLabel),
      m_comparison(new QLabel),
      m_params(new QPlainTextEdit),
      m_approve(new QPushButton),
      m_approveRun(new QPushButton),
      m_deny(new QPushButton),
      m_clearExpired(new QPushButton),
      m_decidingAs(new QLabel)
{
    setObjectName(QStringLiteral("approvalPanel"));
    m_list->setObjectName(QStringLiteral("approvalList"));
    m_list->setModel(m_model);
    // One column as wide as the dock: a narrow dock elides a request's line
    // (its card says it whole) rather than hiding its end behind a sideways
    // scroll bar, as a list view would.
    m_list->setHeaderHidden(true);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setTextElideMode(Qt::ElideMiddle);
    m_card->setWordWrap(true);
    m_card->setTextFormat(Qt::RichText);
    m_card->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_comparison->setObjectName(QStringLiteral("approvalComparison"));
    m_comparison->setWordWrap(true);
    m_comparison->setTextFormat(Qt::RichText);
    m_comparison->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_params->setReadOnly(true);
    m_params->setMaximumHeight(90);
    m_params->setFont(QFont(QStringLiteral("monospace")));
    m_params->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_approveRun->setObjectName(QStringLiteral("approveRunButton"));
    m_deny->setObjectName(QStringLiteral("denyButton"));
    m_clearExpired->setObjectName(QStringLiteral("clearExpiredButton"));
    m_decidingAs->setObjectName(QStringLiteral("decidingAs"));
    m_decidingAs->setWordWrap(true);
    // Decisions are the plain keys A, R and D (shown on each button): no
    // mnemonics, which a translation could put on another letter.
    for (QPushButton *button : {m_approve, m_approveRun, m_deny})
        button->setAutoDefault(false);

    // Stacked, not side by side: three buttons in a row would hold the dock
    // (and the window) wider than a 1024 px screen in German.
    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_approve);
    buttons->addWidget(m_approveRun);
    buttons->addWidget(m_deny);
    buttons->addWidget(m_decidingAs);
    buttons->addWidget(m_clearExpired);
    // The card gets the room: a queue is a few lines, a card with a long
    // comparison scrolls rather than squeezing the buttons away.
    auto *card = new QWidget;
    auto *cardLayout = new QVBoxLayout(card);
    cardLayout->setContentsMargins(0, 0, 0, 0);
    cardLayout->addWidget(m_card);
    cardLayout->addWidget(m_comparison);
    cardLayout->addWidget(m_params);
    cardLayout->addStretch(1);
    auto *scroll = new QScrollArea;
    scroll->setWidget(card);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_list->setMinimumHeight(80);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list, 1);
    layout->addWidget(scroll, 3);
    layout->addLayout(buttons);

    m_reasonPrompt = [](QWidget *p) -> std::optional<QString> {
        bool ok = false;
        const QString reason = QInputDialog::getText(p, tr("Deny request"), tr("Reason (sent to the agent):"),
                                                     QLineEdit::Normal, QString(), &ok);
        if (!ok)
            return std::nullopt;
        return reason;
    };

    m_namePrompt = [](QWidget *p) -> std::optional<QString> {
        bool ok = false;
        const QString name = QInputDialog::getText(p, tr("Who is deciding?"),
                                                   tr("Your name, as it will stand on every decision you make here:"),
                                                   QLineEdit::Normal, QString(), &ok);
        if (!ok || name.trimmed().isEmpty())
            return std::nullopt;
        return name.trimmed();
    };

    connect(m_clearExpired, &QPushButton::clicked, this, [this] { m_model->dismissExpired(); });
    connect(m_approve, &QPushButton::clicked, this, [this] { approveCurrent(false); });
    connect(m_approveRun, &QPushButton::clicked, this, [this] { approveCurrent(true); });
    connect(m_deny, &QPushButton::clicked, this, &ApprovalPanel::denyCurrent);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, &ApprovalPanel::showCurrent);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        rememberDeclarations();
        selectMostUrgent();
        showCurrent();
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this] {
        rememberDeclarations();
        selectMostUrgent();
        showCurrent();
    });
    connect(m_model, &QAbstractItemModel::rowsMoved, this, [this] {
        selectMostUrgent();
        showCurrent();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &tl, const QModelIndex &br) {
        const int row = m_list->currentIndex().row();
        if (row >= tl.row() && row <= br.row())
            showCurrent();
    });
    for (auto [key, fn] :
         std::initializer_list<std::pair<const char *, std::function<void()>>>{{"A", [this] { approveCurrent(false); }},
                                                                               {"R", [this] { approveCurrent(true); }},
                                                                               {"D", [this] { denyCurrent(); }},
                                                                               {"J",
                                                                                [this] {
                                                                                    m_pickedByHand.start();
                                                                                    selectNext(1);
                                                                                }},
                                                                               {"K", [this] {
                                                                                    m_pickedByHand.start();
                                                                                    selectNext(-1);
                                                                                }}}) {
        auto *shortcut = new QShortcut(QKeySequence(QString::fromLatin1(key)), this);
        // Anywhere in the window: a reviewer decides without finding the list first.
        // Text fields keep their letters (they take the key before any shortcut).
        shortcut->setContext(Qt::WindowShortcut);
        connect(shortcut, &QShortcut::activated, this, fn);
    }
    retranslate();
}

void ApprovalPanel::retranslate()
{
    // The key is added here, not in the translation: the letter shown is
    // always the key that decides.
    m_approve->setText(tr("Approve once") + QStringLiteral("   [A]"));
    m_approveRun->setText(tr("Approve for this run") + QStringLiteral("   [R]"));
    m_deny->setText(tr("Deny…") + QStringLiteral("   [D]"));
    m_clearExpired->setText(tr("Clear expired requests"));
    m_params->setToolTip(tr("The parameters exactly as the agent sent them"));
    showCurrent();
}

void ApprovalPanel::setReviewer(const QString &name)
{
    m_reviewer = name.trimmed();
    showCurrent();
}

void ApprovalPanel::selectMostUrgent()
{
    const ApprovalRequest *current = m_model->at(m_list->currentIndex().row());
    const bool currentPending = current && current->state == ApprovalState::Pending;
    // The reviewer's own pick among pending requests stands for a while.
    if (currentPending && m_pickedByHand.isValid() && m_pickedByHand.elapsed() < 10'000)
        return;
    int urgent = -1;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const ApprovalRequest *r = m_model->at(row);
        if (r->state == ApprovalState::Pending && (urgent < 0 || r->deadlineMs < m_model->at(urgent)->deadlineMs))
            urgent = row;
    }
    if (urgent >= 0 && urgent != m_list->currentIndex().row())
        m_list->setCurrentIndex(m_model->index(urgent));
    else if (urgent < 0 && !m_list->currentIndex().isValid() && m_model->rowCount() > 0)
        m_list->setCurrentIndex(m_model->index(0));
}

bool ApprovalPanel::acceptsDecision() const
{
    const ApprovalRequest *r = m_model->at(m_list->currentIndex().row());
    return r && r->state == ApprovalState::Pending && QString::fromStdString(r->id) == m_shownId &&
           m_shownSince.isValid() && m_shownSince.elapsed() >= kSettleMs;
}

QString ApprovalPanel::decidable()
{
    const ApprovalRequest *r = m_model->at(m_list->currentIndex().row());
    if (!r || r->state != ApprovalState::Pending)
        return {};
    if (!acceptsDecision()) {
        Q_EMIT decisionFailed(tr("That request just came into view: nothing was decided. Read it, then decide."));
        return {};
    }
    return m_shownId;
}

bool ApprovalPanel::ensureReviewer()
{
    if (!m_reviewer.isEmpty())
        return true;
    const auto name = m_namePrompt(this);
    if (!name || name->trimmed().isEmpty())
        return false;
    setReviewer(*name);
    Q_EMIT reviewerChosen(m_reviewer);
    return true;
}

void ApprovalPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        refreshModelTexts(*m_model);
    }
    QWidget::changeEvent(event);
}

void ApprovalPanel::selectNext(int step)
{
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    const int row = (m_list->currentIndex().row() + step + rows) % rows;
    m_list->setCurrentIndex(m_model->index(row));
}

void ApprovalPanel::showCurrent()
{
    const ApprovalRequest *r = m_model->at(m_list->currentIndex().row());
    const bool pending = r && r->state == ApprovalState::Pending;
    // A different card in view: decisions wait until it has been seen.
    const QString shown = r ? QString::fromStdString(r->id) : QString();
    if (shown != m_shownId) {
        m_shownId = shown;
        m_shownSince.start();
    }
    // With nothing to decide the buttons go: the dock can be narrow and the
    // run view gets the width (A, R and D work all the same when one waits).
    for (QPushButton *button : {m_approve, m_approveRun, m_deny}) {
        button->setEnabled(pending);
        button->setVisible(r != nullptr);
    }
    bool anyExpired = false;
    for (int row = 0; row < m_model->rowCount(); ++row)
        anyExpired = anyExpired || m_model->at(row)->state == ApprovalState::Expired;
    m_clearExpired->setVisible(anyExpired);
    m_decidingAs->setVisible(r != nullptr);
    m_decidingAs->setText(m_reviewer.isEmpty()
                              ? tr("<small>You will be asked your name at your first decision.</small>")
                              : tr("<small>Deciding as <b>%1</b></small>").arg(m_reviewer.toHtmlEscaped()));
    if (!r) {
        m_card->setText(tr("<i>No requests are waiting. Privileged requests appear here; "
                           "nothing runs without a decision, and silence denies.</i>"));
        m_comparison->clear();
        m_params->clear();
        m_params->hide();
        return;
    }
    const QString judge = m_judgeView ? m_judgeView(QString::fromStdString(r->runId)) : QString();
    m_card->setText(
        tr("<b>%1</b> wants <b>%2</b><br/>why: %3<br/>rule: <code>%4</code><br/>judge: %5<br/>%6")
            .arg(breakable(QString::fromStdString(r->agent).toHtmlEscaped()),
                 breakable(QString::fromStdString(r->tool).toHtmlEscaped()),
                 QString::fromStdString(r->justification).toHtmlEscaped(),
                 breakable(QString::fromStdString(r->rule).toHtmlEscaped()),
                 judge.isEmpty() ? tr("(run ended)") : judge.toHtmlEscaped(),
                 r->state == ApprovalState::Expired
                     ? tr("<b>expired: silence denied it</b>")
                     : tr("<b>time left: %1:%2</b>")
                           .arg(m_list->currentIndex().data(ApprovalQueueModel::SecondsLeftRole).toLongLong() / 60)
                           .arg(m_list->currentIndex().data(ApprovalQueueModel::SecondsLeftRole).toLongLong() % 60, 2,
                                10, QLatin1Char('0'))));
    // An MCP tool: what its server says it does and takes, beside what the
    // agent sent (the server's words, so escaped like the agent's).
    QString comparison = comparisonHtml(*r);
    if (!r->toolDescription.empty() || !r->inputSchema.is_null())
        comparison += tr("<br/>the server describes it: <i>%1</i>")
                          .arg(QString::fromStdString(r->toolDescription.substr(0, 600)).toHtmlEscaped());
    m_comparison->setText(comparison);
    m_params->show();
    QString params = QString::fromStdString(r->params.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    if (!r->inputSchema.is_null())
        params += tr("\n\n// the tool's input schema, as its server lists it:\n") +
                  QString::fromStdString(r->inputSchema.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    m_params->setMaximumHeight(r->inputSchema.is_null() ? 90 : 200);
    m_params->setPlainText(params);
}

QString ApprovalPanel::breakable(const QString &identifier)
{
    // Tool names and rules are long words (tools.execute_kubernetes_command
    // .approval): a zero-width space after each separator lets a narrow dock
    // wrap them instead of cutting them off.
    QString out;
    out.reserve(identifier.size() + identifier.size() / 4);
    for (QChar c : identifier) {
        out += c;
        if (c == QLatin1Char('_') || c == QLatin1Char('.') || c == QLatin1Char('/') || c == QLatin1Char('-'))
            out += QChar(0x200B);
    }
    return out;
}

void ApprovalPanel::rememberDeclarations()
{
    std::set<std::string> queued;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const std::string &runId = m_model->at(row)->runId;
        queued.insert(runId);
        if (!m_declarations.count(runId) && m_declarationOf)
            if (auto declaration = m_declarationOf(QString::fromStdString(runId)))
                m_declarations[runId] = std::move(declaration);
    }
    std::erase_if(m_declarations, [&](const auto &entry) { return !queued.count(entry.first); });
}

QString ApprovalPanel::comparisonHtml(const ApprovalRequest &r)
{
    // Long values (code, say) are cut for the card; the raw box below has them whole.
    constexpr qsizetype kShownCharacters = 600;
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QString bad = dark ? QStringLiteral("#f87171") : QStringLiteral("#b91c1c");
    const QString good = dark ? QStringLiteral("#4ade80") : QStringLiteral("#15803d");
    const QString chosenStyle = QStringLiteral("background-color:#fde68a; color:#1f2937");
    auto problemLine = [&](const std::string &problem) {
        return QStringLiteral("<br/><span style=\"color:%1\">✗ %2</span>")
            .arg(bad, QString::fromStdString(problem).toHtmlEscaped());
    };

    auto found = m_declarations.find(r.runId);
    if (found == m_declarations.end()) {
        rememberDeclarations();
        found = m_declarations.find(r.runId);
    }
    if (found == m_declarations.end())
        return tr("<i>The run's declaration is not at hand; the parameters are shown as sent.</i>");

    const PolicyEngine engine(found->second);
    const RequestComparison comparison = RequestComparison::compare(engine, r.tool, r.params, r.requestedMs);
    QString html = tr("<b>Parameters against the declaration</b> &mdash; <span style=\"%1\">highlighted</span>: "
                      "what the agent chose where the declaration leaves room")
                       .arg(chosenStyle);
    if (!comparison.toolTerms.empty())
        html += QStringLiteral("<br/><small>") +
                tr("tool declared with: %1").arg(QString::fromStdString(comparison.toolTerms).toHtmlEscaped()) +
                QStringLiteral("</small>");
    for (const auto &problem : comparison.problems)
        html += problemLine(problem);
    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\">");
    for (const auto &p : comparison.params) {
        QString value;
        qsizetype shown = 0, total = 0;
        for (const auto &part : p.parts) {
            const QString text = QString::fromStdString(part.text);
            total += text.size();
            if (shown >= kShownCharacters)
                continue;
            const QString piece = text.left(kShownCharacters - shown).toHtmlEscaped();
            shown += std::min(text.size(), kShownCharacters - shown);
            value += part.chosen ? QStringLiteral("<span style=\"%1\">%2</span>").arg(chosenStyle, piece) : piece;
        }
        if (total > shown)
            value += tr("&hellip; (%n more characters)", nullptr, int(total - shown));
        QString status;
        switch (p.status) {
        case RequestComparison::Status::Meets:
            status = QStringLiteral("<span style=\"color:%1\">✓</span> ").arg(good) +
                     tr("declared: %1").arg(QString::fromStdString(p.declaredAs).toHtmlEscaped());
            break;
        case RequestComparison::Status::Breaks:
            status = QStringLiteral("<span style=\"color:%1\">✗</span> ").arg(bad) +
                     tr("declared: %1").arg(QString::fromStdString(p.declaredAs).toHtmlEscaped());
            break;
        case RequestComparison::Status::Undeclared:
            status = QStringLiteral("<span style=\"color:%1\">✗ %2</span>").arg(bad, tr("not in the declaration"));
            break;
        case RequestComparison::Status::Missing:
            status = QStringLiteral("<span style=\"color:%1\">✗ %2</span>").arg(bad, tr("missing"));
            break;
        }
        if (p.status == RequestComparison::Status::Breaks)
            for (const auto &problem : p.problems)
                status += problemLine(problem);
        html +=
            QStringLiteral("<tr><td valign=\"top\"><b>%1</b></td><td><code>%2</code><br/><small>%3</small></td></tr>")
                .arg(QString::fromStdString(p.name).toHtmlEscaped(), value, status);
    }
    html += QStringLiteral("</table>");
    return html;
}

void ApprovalPanel::approveCurrent(bool forRun)
{
    const QString id = decidable();
    if (id.isEmpty() || !ensureReviewer())
        return;
    auto r =
        m_queue.decide(id.toStdString(), forRun ? ApprovalQueue::Choice::ApproveForRun : ApprovalQueue::Choice::Approve,
                       m_reviewer.toStdString(), {});
    if (!r)
        Q_EMIT decisionFailed(QString::fromStdString(r.error().message));
}

void ApprovalPanel::denyCurrent()
{
    const QString id = decidable();
    if (id.isEmpty() || !ensureReviewer())
        return;
    auto reason = m_reasonPrompt(this);
    if (!reason)
        return;
    if (reason->trimmed().isEmpty()) {
        Q_EMIT decisionFailed(tr("a denial needs a reason: the agent is told why"));
        return;
    }
    auto r = m_queue.decide(id.toStdString(), ApprovalQueue::Choice::Reject, m_reviewer.toStdString(),
                            reason->trimmed().toStdString());
    if (!r)
        Q_EMIT decisionFailed(QString::fromStdString(r.error().message));
}

} // namespace warden::ui
