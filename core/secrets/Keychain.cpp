#include "core/secrets/Keychain.h"

#include <qt6keychain/keychain.h>

namespace warden {

void Keychain::store(const QString &hostId, const QString &token, std::function<void(const QString &)> done)
{
    auto *job = new QKeychain::WritePasswordJob(service(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(hostId);
    job->setTextData(token);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *j) {
        done(j->error() == QKeychain::NoError ? QString() : j->errorString());
    });
    job->start();
}

void Keychain::load(const QString &hostId, std::function<void(std::optional<QString>, const QString &)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(service(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(hostId);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *j) {
        if (j->error() != QKeychain::NoError) {
            done(std::nullopt, j->errorString());
            return;
        }
        done(static_cast<QKeychain::ReadPasswordJob *>(j)->textData(), QString());
    });
    job->start();
}

void Keychain::remove(const QString &hostId, std::function<void(const QString &)> done)
{
    auto *job = new QKeychain::DeletePasswordJob(service(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(hostId);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *j) {
        done(j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound ? QString() : j->errorString());
    });
    job->start();
}

} // namespace warden
