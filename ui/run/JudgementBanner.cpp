#include "ui/run/JudgementBanner.h"

#include "ui/common/LabelColors.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

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
    // A summary is text, whoever wrote it: never markup.
    m_summary->setTextFormat(Qt::PlainText);
    m_label->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_evidence->setTextFormat(Qt::RichText);
    connect(m_evidence, &QLabel::linkActivated, this,
            [this](const QString &link) { Q_EMIT evidenceActivated(link.mid(4).toLongLong()); });
    top->addWidget(m_label);
    top->addStretch();
    top->addWidget(m_evidence);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    clear();
}

void JudgementBanner::clear()
{
    m_judgement = nullptr;
    m_label->setText(tr("No run selected"));
    m_summary->clear();
    m_evidence->clear();
    setStyleSheet(QString());
}

void JudgementBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        if (m_judgement.is_null())
            clear();
        else
            setJudgement(nlohmann::json(m_judgement));
    }
    QFrame::changeEvent(event);
}

void JudgementBanner::setJudgement(const nlohmann::json &j)
{
    m_judgement = j; // kept to be shown again in another language
    // Read defensively: a judgement may come from another warden.
    const auto field = [&](const char *key) { return j.is_object() && j.contains(key) ? j.at(key) : nlohmann::json(); };
    const QString label = field("label").is_string() ? QString::fromStdString(field("label").get<std::string>())
                                                     : QStringLiteral("benign");
    const double confidence = field("confidence").is_number() ? field("confidence").get<double>() : 0.0;
    const QColor color = LabelColors::forLabel(label);
    m_label->setText(tr("%1 — confidence %2").arg(label.toUpper()).arg(confidence, 0, 'f', 2));
    m_summary->setText(field("summary").is_string() ? QString::fromStdString(field("summary").get<std::string>())
                                                    : QString());
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
