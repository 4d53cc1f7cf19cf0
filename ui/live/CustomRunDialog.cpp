#include "ui/live/CustomRunDialog.h"

#include "core/policy/CommandLine.h"
#include "ui/live/BrowseField.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace warden::ui {

namespace {

// A word as the command field reads it back (CommandLine::splitWords).
QString quotedWord(const QString &word)
{
    static const QString plain =
        QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%");
    if (!word.isEmpty() && std::all_of(word.begin(), word.end(), [](QChar c) { return plain.contains(c); }))
        return word;
    QString out = word;
    out.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

} // namespace

CustomRunDialog::CustomRunDialog(const QString &defaultHost, const std::vector<RemoteHost> &dockerHosts,
                                 const std::vector<RemoteHost> &wardenHosts, QWidget *parent)
    : QDialog(parent),
      m_declaration(new QLineEdit),
      m_command(new QLineEdit),
      m_host(new QComboBox),
      m_image(new QLineEdit),
      m_data(new QLineEdit),
      m_problem(new QLabel)
{
    setWindowTitle(tr("Custom run"));
    m_command->setPlaceholderText(QStringLiteral("python3 /data/agent.py --task triage"));
    m_host->addItem(tr("bubblewrap on this machine"), QStringLiteral("bwrap"));
    for (const auto &h : dockerHosts)
        m_host->addItem(tr("%1: Docker engine").arg(h.name), h.id);
    if (dockerHosts.empty())
        m_host->addItem(tr("Docker engine (DOCKER_HOST)"), QStringLiteral("docker"));
    // A Warden host runs the agent in its own sandbox and image; item data is
    // "sandbox kind|host id".
    for (const auto &h : wardenHosts) {
        m_host->addItem(tr("%1: bubblewrap on the Warden host").arg(h.name), QString(QStringLiteral("bwrap|") + h.id));
        m_host->addItem(tr("%1: Docker on the Warden host").arg(h.name), QString(QStringLiteral("docker|") + h.id));
    }
    m_host->setCurrentIndex(std::max(0, m_host->findData(defaultHost)));
    connect(m_host, &QComboBox::currentIndexChanged, this, [this] {
        const bool local = !m_host->currentData().toString().contains(QLatin1Char('|'));
        m_image->setEnabled(local);
        m_data->parentWidget()->setEnabled(local); // the field and its Browse button
        m_image->setToolTip(local ? QString() : tr("A Warden host runs its own image"));
        m_data->setToolTip(local ? QString() : tr("A Warden host mounts no data directory from this machine"));
    });
    m_image->setPlaceholderText(tr("Warden's image (a root directory for bubblewrap, an image for Docker)"));
    m_data->setPlaceholderText(tr("none (mounted read-only at /data)"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e"));

    auto *form = new QFormLayout;
    form->addRow(tr("Declaration"), browseField(m_declaration, [this] {
                     return QFileDialog::getOpenFileName(this, tr("Declaration"), {}, tr("Declaration (*.json)"));
                 }));
    form->addRow(tr("Command"), m_command);
    form->addRow(tr("Host"), m_host);
    form->addRow(tr("Image"), m_image);
    form->addRow(tr("Data directory"),
                 browseField(m_data, [this] { return QFileDialog::getExistingDirectory(this, tr("Data directory")); }));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Launch"));
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel")); // Qt's own word is not translated here
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (auto *edit : {m_declaration, m_command})
        connect(edit, &QLineEdit::textChanged, this, [this] {
            m_launchProblem.clear(); // the person is changing what failed
            check();
        });
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    check();
}

void CustomRunDialog::check()
{
    QString problem;
    if (m_declaration->text().trimmed().isEmpty())
        problem = tr("Choose the declaration the agent is held to.");
    else if (m_command->text().trimmed().isEmpty())
        problem = tr("Give the agent's command.");
    else if (auto words = CommandLine::splitWords(m_command->text().toStdString()); !words)
        problem = tr("The command: %1").arg(QString::fromStdString(words.error().message));
    m_problem->setText(problem.isEmpty() ? m_launchProblem : problem);
    m_ok->setEnabled(problem.isEmpty());
}

void CustomRunDialog::prefill(const CustomLaunch &launch, const QString &problem)
{
    m_declaration->setText(launch.declarationFile);
    QStringList words;
    for (const QString &word : launch.argv)
        words << quotedWord(word);
    m_command->setText(words.join(QLatin1Char(' ')));
    const QString where =
        launch.remoteHost.isEmpty() ? launch.host : launch.host + QLatin1Char('|') + launch.remoteHost;
    if (const int at = m_host->findData(where); at >= 0)
        m_host->setCurrentIndex(at);
    m_image->setText(launch.image);
    m_data->setText(launch.dataDir);
    m_launchProblem = problem; // after the fields: their edits clear it
    check();
}

std::optional<CustomLaunch> CustomRunDialog::request() const
{
    auto words = CommandLine::splitWords(m_command->text().toStdString());
    if (!words || words->empty() || m_declaration->text().trimmed().isEmpty())
        return std::nullopt;
    CustomLaunch launch;
    launch.declarationFile = m_declaration->text().trimmed();
    for (const auto &w : *words)
        launch.argv << QString::fromStdString(w);
    const QString where = m_host->currentData().toString();
    launch.host = where.section(QLatin1Char('|'), 0, 0);
    launch.remoteHost = where.section(QLatin1Char('|'), 1);
    if (launch.remoteHost.isEmpty()) {
        launch.image = m_image->text().trimmed();
        launch.dataDir = m_data->text().trimmed();
    }
    return launch;
}

} // namespace warden::ui
