#include "ui/hosts/HostsPanel.h"

#include "core/common/AsyncJob.h"
#include "core/host/HostDirectory.h"
#include "core/host/HostProbe.h"
#include "core/secrets/Keychain.h"
#include "ui/common/ModelTexts.h"
#include "ui/hosts/HostListModel.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QUuid>
#include <QVBoxLayout>

namespace warden::ui {

namespace {

// The default editor: a small form for the host's name, address and files.
// It refuses what cannot be added in place, with the reason under the form,
// and starts from what was typed before when asked again.
std::optional<HostsPanel::HostEdit> editHost(QWidget *parent, HostProfile::Kind kind,
                                             const HostsPanel::HostEdit *previous, const QString &problem)
{
    QDialog dialog(parent);
    const bool docker = kind == HostProfile::Kind::Docker;
    dialog.setWindowTitle(docker ? HostsPanel::tr("Add a Docker engine") : HostsPanel::tr("Add a Warden host"));
    auto *form = new QFormLayout;
    auto *name = new QLineEdit;
    auto *address = new QLineEdit;
    address->setPlaceholderText(docker ? QStringLiteral("tcp://docker.example:2376")
                                       : QStringLiteral("wardens://host.example:7455"));
    auto *files = new QLineEdit;
    files->setPlaceholderText(docker ? HostsPanel::tr("directory with ca.pem, cert.pem, key.pem")
                                     : HostsPanel::tr("CA certificate (PEM), if not a public CA"));
    auto *browse = new QPushButton(HostsPanel::tr("Browse…"));
    QObject::connect(browse, &QPushButton::clicked, &dialog, [&] {
        const QString chosen = docker ? QFileDialog::getExistingDirectory(&dialog, HostsPanel::tr("TLS certificates"))
                                      : QFileDialog::getOpenFileName(&dialog, HostsPanel::tr("CA certificate"));
        if (!chosen.isEmpty())
            files->setText(chosen);
    });
    auto *filesRow = new QHBoxLayout;
    filesRow->addWidget(files);
    filesRow->addWidget(browse);
    auto *token = new QLineEdit;
    token->setEchoMode(QLineEdit::Password);
    form->addRow(HostsPanel::tr("Name"), name);
    form->addRow(HostsPanel::tr("Address"), address);
    form->addRow(docker ? HostsPanel::tr("TLS certificates") : HostsPanel::tr("CA file"), filesRow);
    if (!docker)
        form->addRow(HostsPanel::tr("Token (kept in the keychain)"), token);
    if (previous) {
        name->setText(QString::fromStdString(previous->profile.name));
        address->setText(QString::fromStdString(previous->profile.address));
        files->setText(QString::fromStdString(docker ? previous->profile.certDir : previous->profile.caFile));
        token->setText(previous->token);
    }
    auto *error = new QLabel(problem);
    error->setObjectName(QStringLiteral("hostEditProblem"));
    error->setWordWrap(true);
    error->setStyleSheet(QStringLiteral("color: #b3261e"));
    error->setVisible(!problem.isEmpty());
    HostsPanel::HostEdit edit;
    auto collect = [&] {
        edit.profile.kind = kind;
        edit.profile.name = name->text().trimmed().toStdString();
        edit.profile.address = address->text().trimmed().toStdString();
        (docker ? edit.profile.certDir : edit.profile.caFile) = files->text().trimmed().toStdString();
        edit.token = token->text();
    };
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(HostsPanel::tr("Add"));
    buttons->button(QDialogButtonBox::Cancel)->setText(HostsPanel::tr("Cancel"));
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        collect();
        if (const QString why = HostsPanel::problemWith(edit); !why.isEmpty()) {
            error->setText(why);
            error->setVisible(true);
            return; // the dialog stays, with everything typed
        }
        dialog.accept();
    });
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addLayout(form);
    layout->addWidget(error);
    layout->addWidget(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return edit;
}

} // namespace

HostsPanel::HostsPanel(QString configPath, QWidget *parent)
    : QWidget(parent),
      m_configPath(std::move(configPath)),
      m_model(new HostListModel(this)),
      m_keychain(new Keychain(this)),
      m_view(new QTableView),
      m_message(new QLabel),
      m_addDocker(new QPushButton),
      m_addWarden(new QPushButton),
      m_test(new QPushButton),
      m_testAll(new QPushButton),
      m_remove(new QPushButton),
      m_editor(&editHost)
{
    m_view->setObjectName(QStringLiteral("hostView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    // Short columns fit their text; the rest share what is left and wrap, the
    // status too (an unreachable host's reason is long and must not squeeze
    // the others to slivers).
    m_view->setWordWrap(true);
    for (int c : {HostListModel::Name, HostListModel::Kind})
        m_view->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    for (int c : {HostListModel::Address, HostListModel::Status, HostListModel::Version, HostListModel::Isolation,
                  HostListModel::Hardening})
        m_view->horizontalHeader()->setSectionResizeMode(c, QHeaderView::Stretch);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto selectedId = [this] {
        const QModelIndex current = m_view->currentIndex();
        return current.isValid() ? current.data(HostListModel::HostIdRole).toString() : QString();
    };
    m_test->setObjectName(QStringLiteral("testHostButton"));
    m_addDocker->setObjectName(QStringLiteral("addDockerButton"));
    connect(m_addDocker, &QPushButton::clicked, this, [this] { askToAdd(HostProfile::Kind::Docker); });
    connect(m_addWarden, &QPushButton::clicked, this, [this] { askToAdd(HostProfile::Kind::Warden); });
    connect(m_test, &QPushButton::clicked, this, [this, selectedId] {
        if (const QString id = selectedId(); !id.isEmpty())
            testHost(id);
    });
    connect(m_testAll, &QPushButton::clicked, this, &HostsPanel::testAll);
    connect(m_remove, &QPushButton::clicked, this, [this, selectedId] {
        if (const QString id = selectedId(); !id.isEmpty())
            removeHost(id);
    });
    auto *buttons = new QHBoxLayout;
    for (auto *b : {m_addDocker, m_addWarden, m_test, m_testAll, m_remove})
        buttons->addWidget(b);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_message);
    retranslate();
    reload();
}

void HostsPanel::retranslate()
{
    m_addDocker->setText(tr("Add Docker engine…"));
    m_addWarden->setText(tr("Add Warden host…"));
    m_test->setText(tr("Test connection"));
    m_testAll->setText(tr("Test all"));
    m_remove->setText(tr("Remove"));
}

void HostsPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        refreshModelTexts(*m_model);
    }
    QWidget::changeEvent(event);
}

void HostsPanel::reload()
{
    std::vector<HostProfile> hosts = HostDirectory::detected();
    auto configured = HostDirectory::load(m_configPath.toStdString());
    if (!configured)
        report(tr("The host list could not be read: %1").arg(QString::fromStdString(configured.error().toString())));
    else
        hosts.insert(hosts.end(), configured->begin(), configured->end());
    m_model->setHosts(std::move(hosts));
    Q_EMIT hostsChanged();
}

void HostsPanel::report(const QString &message)
{
    m_message->setText(message);
    Q_EMIT failed(message);
}

void HostsPanel::save()
{
    if (auto saved = HostDirectory::save(m_configPath.toStdString(), m_model->hosts()); !saved)
        report(tr("The host list was not saved: %1").arg(QString::fromStdString(saved.error().toString())));
}

QString HostsPanel::problemWith(const HostEdit &edit)
{
    HostProfile p = edit.profile;
    p.id = "new";
    if (auto ok = p.validate(); !ok)
        return tr("%1: %2").arg(QString::fromStdString(ok.error().field), QString::fromStdString(ok.error().message));
    if (p.kind == HostProfile::Kind::Warden && edit.token.size() < 16)
        return tr("token: a Warden host's token has at least 16 characters");
    return {};
}

void HostsPanel::askToAdd(HostProfile::Kind kind, const HostEdit *previous, const QString &problem)
{
    std::optional<HostEdit> edit = m_editor(this, kind, previous, problem);
    // An editor that lets a bad edit through is asked again with the reason.
    while (edit) {
        const QString why = problemWith(*edit);
        if (why.isEmpty())
            break;
        report(tr("Not added: %1").arg(why));
        const HostEdit typed = *edit;
        edit = m_editor(this, kind, &typed, why);
    }
    if (edit)
        addHost(std::move(*edit), true);
}

void HostsPanel::addHost(HostEdit edit, bool askAgain)
{
    HostProfile &p = edit.profile;
    p.id = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    p.detected = false;
    if (const QString why = problemWith(edit); !why.isEmpty()) {
        report(tr("Not added: %1").arg(why));
        return;
    }
    auto keep = [this, p] {
        std::vector<HostProfile> hosts = m_model->hosts();
        hosts.push_back(p);
        m_model->setHosts(std::move(hosts));
        save();
        m_message->setText(tr("Added %1.").arg(QString::fromStdString(p.name)));
        Q_EMIT hostsChanged();
        testHost(QString::fromStdString(p.id));
    };
    if (p.kind != HostProfile::Kind::Warden) {
        keep();
        return;
    }
    // The token goes to the keychain first: a host we cannot authenticate to is not added.
    m_keychain->store(QString::fromStdString(p.id), edit.token, [this, keep, edit, askAgain](const QString &error) {
        if (!error.isEmpty()) {
            const QString why = tr("the keychain refused the token: %1").arg(error);
            report(tr("Not added: %1").arg(why));
            if (askAgain)
                askToAdd(edit.profile.kind, &edit, why);
            return;
        }
        keep();
    });
}

void HostsPanel::removeHost(const QString &hostId)
{
    const int row = m_model->rowOf(hostId);
    if (row < 0)
        return;
    const HostProfile host = m_model->hosts()[std::size_t(row)];
    if (host.detected) {
        report(tr("%1 is found on this machine and cannot be removed.").arg(QString::fromStdString(host.name)));
        return;
    }
    std::vector<HostProfile> hosts = m_model->hosts();
    hosts.erase(hosts.begin() + row);
    m_model->setHosts(std::move(hosts));
    save();
    if (host.kind == HostProfile::Kind::Warden)
        m_keychain->remove(hostId, [this](const QString &error) {
            if (!error.isEmpty())
                report(tr("The token could not be removed from the keychain: %1").arg(error));
        });
    Q_EMIT hostsChanged();
}

void HostsPanel::testHost(const QString &hostId)
{
    const int row = m_model->rowOf(hostId);
    if (row < 0)
        return;
    const HostProfile host = m_model->hosts()[std::size_t(row)];
    m_model->setTesting(row);
    if (host.kind != HostProfile::Kind::Warden) {
        probe(host, {});
        return;
    }
    m_keychain->load(hostId, [this, host](std::optional<QString> token, const QString &error) {
        if (!token) {
            HostStatus status;
            status.error = tr("no token in the keychain: %1").arg(error).toStdString();
            m_model->setStatus(QString::fromStdString(host.id), status);
            Q_EMIT hostTested(QString::fromStdString(host.id), false, QString::fromStdString(status.error));
            return;
        }
        probe(host, token->toStdString());
    });
}

void HostsPanel::loadToken(const QString &hostId, std::function<void(std::optional<QString>, const QString &)> done)
{
    m_keychain->load(hostId, std::move(done));
}

void HostsPanel::testAll()
{
    for (const auto &h : m_model->hosts())
        testHost(QString::fromStdString(h.id));
}

void HostsPanel::probe(const HostProfile &host, const std::string &token)
{
    runAsync(
        this, [host, token] { return HostProbe::probe(host, token); },
        [this, id = QString::fromStdString(host.id)](const HostStatus &status) {
            m_model->setStatus(id, status);
            const QString summary =
                status.reachable ? QString::fromStdString(status.version) : QString::fromStdString(status.error);
            Q_EMIT hostTested(id, status.reachable, summary);
        });
}

} // namespace warden::ui
