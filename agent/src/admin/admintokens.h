#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace sluice::agent {

// The bearer tokens of the admin API, kept in a file only the agent's user can read (mode 0600).
// Each has a name (who did it, in the audit log) and a role: "admin" changes, "viewer" only reads.
// The agent creates "admin" and "viewer" at its first start; the command line shows, adds, removes
// and rotates them, and a running agent notices the file changing.
class AdminTokens {
public:
    struct Token {
        QString name;
        QString role;
        QString secret;
        QString created; // RFC 3339
    };

    explicit AdminTokens(QString path);

    const QString &path() const { return m_path; }
    // Reads the file, creating it with an admin and a viewer token when there is none.
    // *created tells whether it was made now.
    bool loadOrCreate(QString *error, bool *created = nullptr);
    // Reads the file again if it changed since the last read.
    bool reloadIfChanged(QString *error);

    // The token whose secret this is, compared in constant time against every token.
    std::optional<Token> authenticate(const QString &secret) const;
    std::optional<Token> find(const QString &name) const;
    QList<Token> tokens() const { return m_tokens; }

    // Command-line changes, written at once. Return the new secret.
    std::optional<QString> add(const QString &name, const QString &role, QString *error);
    std::optional<QString> rotate(const QString &name, QString *error);
    bool remove(const QString &name, QString *error);

    // 256 random bits, base64url, after the prefix ("sluice_" for admin tokens).
    static QString generateSecret(QStringView prefix = u"sluice_");

private:
    bool read(QString *error);
    bool write(QString *error);

    QString m_path;
    QList<Token> m_tokens;
    QDateTime m_readAt;
};

} // namespace sluice::agent
