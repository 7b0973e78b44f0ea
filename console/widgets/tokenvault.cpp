#include "tokenvault.h"

#include <qt6keychain/keychain.h>

namespace sluice::console {

namespace {

QString explain(QKeychain::Job *job)
{
    switch (job->error()) {
    case QKeychain::NoError:
    case QKeychain::EntryNotFound: return QString();
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        return TokenVault::tr("No keychain is available (%1). The token is used for this session only; start "
                              "your desktop's keyring (for example GNOME Keyring or KWallet) to keep it.")
            .arg(job->errorString());
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return TokenVault::tr("The keychain refused access (%1). Unlock it and try again.").arg(job->errorString());
    case QKeychain::CouldNotDeleteEntry:
        return TokenVault::tr("The token could not be removed from the keychain: %1").arg(job->errorString());
    }
    return job->errorString();
}

} // namespace

TokenVault::TokenVault(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
}

void TokenVault::store(const QString &agent, const QString &token, std::function<void(const QString &)> done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(agent);
    job->setTextData(token);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done)](QKeychain::Job *finished) { done(explain(finished)); });
    job->start();
}

void TokenVault::read(const QString &agent, std::function<void(const QString &, const QString &)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(agent);
    connect(job, &QKeychain::Job::finished, this, [done = std::move(done)](QKeychain::Job *finished) {
        const auto *read = static_cast<QKeychain::ReadPasswordJob *>(finished);
        done(finished->error() == QKeychain::NoError ? read->textData() : QString(), explain(finished));
    });
    job->start();
}

void TokenVault::remove(const QString &agent, std::function<void(const QString &)> done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(agent);
    connect(job, &QKeychain::Job::finished, this,
            [done = std::move(done)](QKeychain::Job *finished) { done(explain(finished)); });
    job->start();
}

} // namespace sluice::console
