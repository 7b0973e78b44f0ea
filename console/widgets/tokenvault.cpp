#include "tokenvault.h"

#include <QLoggingCategory>

#include <qt6keychain/keychain.h>

namespace sluice::console {

namespace {

Q_LOGGING_CATEGORY(lcVault, "sluice.console.keychain")

// In the reader's words; the keychain's own (English, technical) error goes to the log.
QString explain(QKeychain::Job *job)
{
    if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound)
        qCWarning(lcVault).noquote() << "keychain:" << job->errorString();
    switch (job->error()) {
    case QKeychain::NoError:
    case QKeychain::EntryNotFound: return QString();
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        return TokenVault::tr("No keychain is available: the token is used for this session only. Start your "
                              "desktop's keyring (for example GNOME Keyring or KWallet) to keep it.");
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser: return TokenVault::tr("The keychain refused access. Unlock it and try again.");
    case QKeychain::CouldNotDeleteEntry: return TokenVault::tr("The token could not be removed from the keychain.");
    }
    return TokenVault::tr("The keychain did not answer as expected.");
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
