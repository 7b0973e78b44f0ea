#pragma once

#include <QObject>

#include <functional>

namespace sluice::console {

// Admin tokens in the operating system's keychain (Secret Service, macOS Keychain, Windows
// Credential Manager) through QtKeychain, one per saved agent; never in the settings file.
// Every operation answers once, asynchronously; the error says what to do when there is no keychain.
class TokenVault : public QObject {
    Q_OBJECT

public:
    explicit TokenVault(const QString &service = QStringLiteral("sluice-console"), QObject *parent = nullptr);

    void store(const QString &agent, const QString &token, std::function<void(const QString &error)> done);
    // An agent without a stored token answers with an empty token and no error.
    void read(const QString &agent, std::function<void(const QString &token, const QString &error)> done);
    void remove(const QString &agent, std::function<void(const QString &error)> done);

private:
    QString m_service;
};

} // namespace sluice::console
