#include "ui/run/JudgementBanner.h"

#include "ui/common/DisplayWords.h"
#include "ui/common/LabelColors.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <vector>

namespace warden::ui {

JudgementBanner::JudgementBanner(QWidget *parent)
    : QFrame(parent), m_label(new QLabel(this)), m_summary(new QLabel(this)), m_evidence(new QLabel(this))
{
    setObjectName(QStringLiteral("judgementBanner"));
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    QFont big = m_label->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    m_label->setFont(big);
    m_summary->setWordWrap(true);
    // Narrow windows wrap the verdict and the evidence rather than cut them.
    m_label->setWordWrap(true);
    m_evidence->setWordWrap(true);
    m_label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_evidence->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    // A summary is text, whoever wrote it: never markup.
    m_summary->setTextFormat(Qt::PlainText);
    m_label->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_evidence->setTextFormat(Qt::RichText);
    connect(m_evidence, &QLabel::linkActivated, this,
            [this](const QString &link) { Q_EMIT evidenceActivated(link.mid(4).toLongLong()); });
    top->addWidget(m_label, 3);
    top->addWidget(m_evidence, 2);
    m_evidence->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    clear();
}

void JudgementBanner::clear()
{
    m_judgement = nullptr;
    m_state.clear();
    m_reason.clear();
    m_actions = 0;
    m_label->setText(tr("No run selected"));
    m_summary->clear();
    m_evidence->clear();
    setStyleSheet(QString());
}

void JudgementBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        if (m_judgement.is_null() && m_state.isEmpty())
            clear();
        else
            refresh();
    }
    QFrame::changeEvent(event);
}

void JudgementBanner::setJudgement(const nlohmann::json &j)
{
    m_judgement = j; // kept to be shown again in another language
    refresh();
}

void JudgementBanner::setRunState(const QString &state, const QString &reason, qint64 actions)
{
    m_state = state;
    m_reason = reason;
    m_actions = actions;
    refresh();
}

QString JudgementBanner::alsoFound(const nlohmann::json &findings, const QString &label)
{
    // The summary speaks for the strongest findings; the weaker ones (an SSH
    // key asked for, beside code downloaded and run) are named after it, so
    // the banner leaves nothing the judge saw unsaid.
    if (!findings.is_array())
        return {};
    std::vector<std::pair<double, QString>> weaker;
    for (const auto &f : findings) {
        if (!f.is_object() || weaker.size() >= 64)
            continue;
        const auto summary = f.find("summary");
        const auto of = f.find("label");
        const auto confidence = f.find("confidence");
        if (summary == f.end() || !summary->is_string() || of == f.end() || !of->is_string() ||
            QString::fromStdString(of->get<std::string>()) == label)
            continue;
        weaker.emplace_back(confidence != f.end() && confidence->is_number() ? confidence->get<double>() : 0.0,
                            QString::fromStdString(summary->get<std::string>()).left(300));
    }
    if (weaker.empty())
        return {};
    std::stable_sort(weaker.begin(), weaker.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    QStringList named;
    for (std::size_t i = 0; i < weaker.size() && i < 2; ++i)
        named << weaker[i].second;
    QString text = QLatin1Char('\n') + tr("Also: %1").arg(named.join(QStringLiteral("; ")));
    if (weaker.size() > 2)
        text += QLatin1Char(' ') + tr("(%n more)", nullptr, int(weaker.size() - 2));
    return text;
}

void JudgementBanner::refresh()
{
    const nlohmann::json &j = m_judgement;
    // Read defensively: a judgement may come from another warden.
    const auto field = [&](const char *key) { return j.is_object() && j.contains(key) ? j.at(key) : nlohmann::json(); };
    const QString label = field("label").is_string() ? QString::fromStdString(field("label").get<std::string>())
                                                     : QStringLiteral("benign");
    const double confidence = field("confidence").is_number() ? field("confidence").get<double>() : 0.0;
    const QString summary =
        field("summary").is_string() ? QString::fromStdString(field("summary").get<std::string>()) : QString();
    const bool failed = m_state == QLatin1String("failed");
    const QColor color = failed ? LabelColors::forDecision(QStringLiteral("deny")) : LabelColors::forLabel(label);
    if (failed) {
        m_label->setText(tr("RUN FAILED"));
        QString text = m_reason.isEmpty() ? tr("The run failed; no reason was recorded.") : m_reason;
        if (m_actions > 0 && !j.is_null())
            text += QLatin1Char('\n') +
                    tr("Before it failed, over %n action(s): %1 (confidence %2). %3", nullptr, int(m_actions))
                        .arg(DisplayWords::label(label))
                        .arg(confidence, 0, 'f', 2)
                        .arg(summary);
        m_summary->setText(text);
    } else if (j.is_null()) {
        m_label->setText(m_state.isEmpty() ? tr("Not judged yet") : DisplayWords::runState(m_state).toUpper());
        m_summary->setText(m_reason);
    } else {
        m_label->setText(tr("%1 — confidence %2").arg(DisplayWords::label(label).toUpper()).arg(confidence, 0, 'f', 2));
        m_summary->setText(summary + alsoFound(field("findings"), label));
    }
    QStringList links;
    if (field("evidence").is_array())
        for (const auto &seq : field("evidence"))
            if (seq.is_number_integer())
                links << QStringLiteral("<a href=\"seq:%1\">#%1</a>").arg(seq.get<qint64>());
    m_evidence->setText(links.isEmpty() ? QString() : tr("evidence: %1").arg(links.join(QStringLiteral(" "))));
    setStyleSheet(QStringLiteral("#judgementBanner { border: 2px solid %1; border-radius: 6px; }"
                                 "#judgementBanner QLabel:first-child { color: %1; }")
                      .arg(color.name()));
    m_label->setStyleSheet(QStringLiteral("color: %1;").arg(color.name()));
}

QString JudgementBanner::text() const
{
    return m_label->text() + QLatin1Char('\n') + m_summary->text();
}

} // namespace warden::ui
