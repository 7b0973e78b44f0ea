#pragma once

#include "admin/admintokens.h"
#include "eventfilter.h"
#include "queue/consumerstore.h"

#include <QString>

#include <optional>

namespace sluice::agent {

class Store;

// Who calls the Subscriptions API, and what they may do. Consumers present their own token
// ("sluicec_…", kept in the store only as its SHA-256) and see and change only their own
// subscriptions, of the types they are allowed; administrators' tokens (admin changes anything,
// viewer only reads) work too. Administrators make, rotate, revoke and remove consumers here.
class ConsumerAccess {
public:
    struct Caller {
        enum class Role { Consumer, Admin, Viewer };
        Role role = Role::Consumer;
        QString name;      // the consumer's, or the admin token's
        Consumer consumer; // Role::Consumer only

        bool mayChange() const { return role != Role::Viewer; }
        // Whether this caller may see and change a subscription with this owner.
        bool owns(const QString &owner) const { return role != Role::Consumer || owner == name; }
    };

    ConsumerAccess(Store *store, QString adminTokenFile);

    // From an "Authorization: Bearer …" header; std::nullopt for no, a wrong or a revoked token.
    std::optional<Caller> authenticate(const QByteArray &authorization);

    // Administrators' changes, the same from the admin API and the command line. create and rotate
    // return the new token, shown this once.
    std::optional<QString> create(const Consumer &consumer, QString *error);
    std::optional<QString> rotate(const QString &name, QString *error);
    bool revoke(const QString &name, QString *error);
    // A new list of allowed types and limit; the token stays.
    bool update(const Consumer &consumer, QString *error);
    // A consumer that still owns subscriptions (in the store every agent shares) is not removed:
    // delete them first, or revoke its token.
    bool remove(const QString &name, QString *error);

    // Empty when every pattern lies within what the consumer is allowed; else why not.
    static QString refusal(const Consumer &consumer, const TypeSelector &types);
    // A valid consumer name: letters, digits, '.', '-', '_', at most 64.
    static bool isValidName(const QString &name);
    static QByteArray hash(const QString &token);

private:
    Store *m_store;
    AdminTokens m_adminTokens;
};

} // namespace sluice::agent
