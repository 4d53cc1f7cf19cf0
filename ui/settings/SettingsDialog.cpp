#include "ui/settings/SettingsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace warden::ui {

SettingsDialog::SettingsDialog(const ConsoleSettings &s, QWidget *parent)
    : QDialog(parent),
      m_deadline(new QSpinBox),
      m_host(new QComboBox),
      m_language(new QComboBox),
      m_theme(new QComboBox)
{
    setWindowTitle(tr("Settings"));
    m_deadline->setRange(1, 24 * 60);
    m_deadline->setSuffix(tr(" min"));
    m_deadline->setValue(s.approvalDeadlineMinutes);
    m_host->addItem(tr("bubblewrap on this machine"), QStringLiteral("bwrap"));
    m_host->addItem(tr("Docker engine (DOCKER_HOST)"), QStringLiteral("docker"));
    m_host->setCurrentIndex(std::max(0, m_host->findData(s.defaultHost)));
    m_language->addItem(tr("The system's"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(s.language)));
    m_theme->addItem(tr("Follow the system"), int(ConsoleSettings::Theme::System));
    m_theme->addItem(tr("Light"), int(ConsoleSettings::Theme::Light));
    m_theme->addItem(tr("Dark"), int(ConsoleSettings::Theme::Dark));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(int(s.theme))));

    auto *form = new QFormLayout;
    form->addRow(tr("Approval deadline"), m_deadline);
    form->addRow(QString(), new QLabel(tr("A request nobody decides within this time is denied.")));
    form->addRow(tr("Launch demos on"), m_host);
    form->addRow(tr("Language"), m_language);
    form->addRow(tr("Theme"), m_theme);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

ConsoleSettings SettingsDialog::settings() const
{
    ConsoleSettings s;
    s.approvalDeadlineMinutes = m_deadline->value();
    s.defaultHost = m_host->currentData().toString();
    s.language = m_language->currentData().toString();
    s.theme = static_cast<ConsoleSettings::Theme>(m_theme->currentData().toInt());
    return s;
}

} // namespace warden::ui
