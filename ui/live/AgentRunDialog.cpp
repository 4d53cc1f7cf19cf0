#include "ui/live/AgentRunDialog.h"

#include "core/agents/AgentDemo.h"
#include "core/agents/AgentProfile.h"
#include "core/agents/AgentRun.h"
#include "ui/live/BrowseField.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace warden::ui {

namespace {

// Item data of the CLI list: whether the CLI is installed.
constexpr int kInstalledRole = Qt::UserRole + 1;

} // namespace

AgentRunDialog::AgentRunDialog(const QString &defaultHost, const std::vector<CustomRunDialog::RemoteHost> &dockerHosts,
                               QWidget *parent)
    : QDialog(parent),
      m_cli(new QComboBox),
      m_workspace(new QLineEdit),
      m_prompt(new QPlainTextEdit),
      m_modelUrl(new QLineEdit),
      m_host(new QComboBox),
      m_declaration(new QLineEdit),
      m_problem(new QLabel)
{
    setWindowTitle(tr("Run an agent CLI"));
    setMinimumWidth(fontMetrics().averageCharWidth() * 80); // a workspace path reads whole
    // Three stats of the local agents cache, once, as the dialog opens.
    for (const AgentDemo &demo : AgentDemo::all()) {
        const bool installed = demo.installed();
        const QString title = QString::fromStdString(demo.profile->title);
        m_cli->addItem(installed ? title : tr("%1 (not installed)").arg(title),
                       QString::fromStdString(demo.profile->name));
        m_cli->setItemData(m_cli->count() - 1, installed, kInstalledRole);
    }
    m_prompt->setPlaceholderText(tr("What the agent is asked to do, e.g. Fix the failing test in this repository."));
    m_prompt->setTabChangesFocus(true);
    m_prompt->setMaximumHeight(fontMetrics().lineSpacing() * 5);
    m_host->addItem(tr("bubblewrap on this machine"), QStringLiteral("bwrap"));
    for (const auto &h : dockerHosts)
        m_host->addItem(tr("%1: Docker engine").arg(h.name), h.id);
    if (dockerHosts.empty())
        m_host->addItem(tr("Docker engine (DOCKER_HOST)"), QStringLiteral("docker"));
    m_host->setCurrentIndex(std::max(0, m_host->findData(defaultHost)));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse); // the install command, to copy
    m_problem->setObjectName(QStringLiteral("agentRunProblem"));
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e"));

    auto *form = new QFormLayout;
    form->addRow(tr("Agent CLI"), m_cli);
    form->addRow(tr("Workspace"),
                 browseField(m_workspace, [this] { return QFileDialog::getExistingDirectory(this, tr("Workspace")); }));
    form->addRow(tr("Prompt"), m_prompt);
    form->addRow(tr("Model URL"), m_modelUrl);
    form->addRow(tr("Host"), m_host);
    form->addRow(tr("Declaration"), browseField(m_declaration, [this] {
                     return QFileDialog::getOpenFileName(this, tr("Declaration"), {}, tr("Declaration (*.json)"));
                 }));
    auto *note = new QLabel(tr("The workspace is writable by the agent (its working directory, /workspace); "
                               "its home is fresh for the run. The API key is taken from this console's "
                               "environment (ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY)."));
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Launch"));
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto changed = [this] {
        m_launchProblem.clear(); // the person is changing what failed
        check();
    };
    connect(m_cli, &QComboBox::currentIndexChanged, this, changed);
    connect(m_cli, &QComboBox::currentIndexChanged, this, [this] {
        const AgentProfile *profile = AgentProfile::find(m_cli->currentData().toString().toStdString());
        m_modelUrl->setPlaceholderText(
            profile ? tr("the vendor's: %1").arg(QString::fromStdString(profile->defaultModelUrl)) : QString());
        m_declaration->setPlaceholderText(
            profile ? tr("Warden's for the CLI: %1").arg(QString::fromStdString(profile->declaration)) : QString());
    });
    for (auto *edit : {m_workspace, m_modelUrl, m_declaration})
        connect(edit, &QLineEdit::textChanged, this, changed);
    connect(m_prompt, &QPlainTextEdit::textChanged, this, changed);
    connect(m_host, &QComboBox::currentIndexChanged, this, changed);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    // The first installed CLI is the one offered.
    for (int i = 0; i < m_cli->count(); ++i)
        if (m_cli->itemData(i, kInstalledRole).toBool()) {
            m_cli->setCurrentIndex(i);
            break;
        }
    Q_EMIT m_cli->currentIndexChanged(m_cli->currentIndex()); // the placeholders for the first one
    check();
}

void AgentRunDialog::check()
{
    QString problem;
    const AgentProfile *profile = AgentProfile::find(m_cli->currentData().toString().toStdString());
    if (!profile)
        problem = tr("Choose an agent CLI.");
    else if (!m_cli->currentData(kInstalledRole).toBool())
        problem = QString::fromStdString(AgentRun::installHint(*profile));
    else if (m_workspace->text().trimmed().isEmpty())
        problem = tr("Choose the workspace the agent works in.");
    else if (m_prompt->toPlainText().trimmed().isEmpty())
        problem = tr("Give the agent its prompt.");
    m_problem->setText(problem.isEmpty() ? m_launchProblem : problem);
    m_ok->setEnabled(problem.isEmpty());
}

void AgentRunDialog::prefill(const AgentLaunch &launch, const QString &problem)
{
    if (const int at = m_cli->findData(launch.cli); at >= 0)
        m_cli->setCurrentIndex(at);
    m_workspace->setText(launch.workspace);
    m_prompt->setPlainText(launch.prompt);
    m_modelUrl->setText(launch.modelUrl);
    m_declaration->setText(launch.declarationFile);
    if (const int at = m_host->findData(launch.host); at >= 0)
        m_host->setCurrentIndex(at);
    m_launchProblem = problem; // after the fields: their edits clear it
    check();
}

std::optional<AgentLaunch> AgentRunDialog::request() const
{
    if (!m_ok->isEnabled())
        return std::nullopt;
    AgentLaunch launch;
    launch.cli = m_cli->currentData().toString();
    launch.workspace = m_workspace->text().trimmed();
    launch.prompt = m_prompt->toPlainText().trimmed();
    launch.modelUrl = m_modelUrl->text().trimmed();
    launch.declarationFile = m_declaration->text().trimmed();
    launch.host = m_host->currentData().toString();
    return launch;
}

} // namespace warden::ui
