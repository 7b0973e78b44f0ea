#include "subscriptions/subscriptionregistry.h"

#include "register/register.h"
#include "register/schemapointer.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QScopeGuard>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcAgent)

namespace sluice::agent {

namespace {

QString fileOwnsEnabled(const QString &name)
{
    return u"\"%1\" comes from the configuration file: set \"enabled\" there"_s.arg(name);
}

QString noSuch(const QString &name)
{
    return u"no subscription named \"%1\""_s.arg(name);
}

} // namespace

QString SubscriptionRegistry::originName(Origin origin)
{
    return origin == Origin::File ? u"file"_s : u"api"_s;
}

SubscriptionRegistry::SubscriptionRegistry(Store *store, const EventRegister *eventRegister, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_register(eventRegister)
{
    m_poll.setInterval(std::chrono::seconds(2));
    connect(&m_poll, &QTimer::timeout, this, &SubscriptionRegistry::pollStore);
}

bool SubscriptionRegistry::checkExposed(const QList<Subscription> &subscriptions, QString *error) const
{
    QStringList refused;
    for (const Subscription &sub : subscriptions) {
        if (const QString why = m_register ? m_register->checkSubscription(sub) : QString(); !why.isEmpty())
            refused.append(why);
    }
    if (refused.isEmpty())
        return true;
    if (error)
        *error = refused.join(u"\n"_s);
    return false;
}

bool SubscriptionRegistry::load(const QList<Subscription> &fromFile, QString *error)
{
    // The register decides what may leave: a subscription selecting a type it does not expose is
    // refused, like a configuration error.
    if (!checkExposed(fromFile, error))
        return false;
    // A name in both the file and the store: the file's wins.
    QList<Subscription> list = fromFile;
    m_origins.clear();
    QStringList names;
    for (const Subscription &sub : fromFile) {
        names.append(sub.name);
        m_origins.insert(sub.name, Origin::File);
        if (!m_store->subscriptions().saveDefinition(sub.name, sub.toStorageJson(), originName(Origin::File), error))
            return false;
    }
    for (const StoredSubscription &stored : m_store->subscriptions().definitions()) {
        const QString name = stored.definition.value(u"name"_s).toString();
        if (names.contains(name))
            continue;
        if (stored.origin == originName(Origin::File)) {
            // Removed from the file: gone (the lifecycle records the deletion and dead-letters its queue).
            if (!m_store->subscriptions().deleteDefinition(name, error))
                return false;
            continue;
        }
        QString why;
        const auto sub = Subscription::fromJson(stored.definition, &why);
        if (!sub) {
            qCWarning(lcAgent).noquote() << "the stored subscription" << name
                                         << "cannot be read and is left out:" << why;
            continue;
        }
        list.append(*sub);
        m_origins.insert(name, Origin::Api);
        m_storedApi.insert(name, compact(stored.definition));
    }
    if (!apply(list, error))
        return false;
    m_poll.start();
    return true;
}

const Subscription *SubscriptionRegistry::find(const QString &name) const
{
    const auto it = std::find_if(m_subscriptions.begin(), m_subscriptions.end(),
                                 [&](const Subscription &s) { return s.name == name; });
    return it == m_subscriptions.end() ? nullptr : &*it;
}

bool SubscriptionRegistry::storeOpen(QString *error) const
{
    if (m_store)
        return true;
    if (error)
        *error = u"the agent is stopping"_s;
    return false;
}

void SubscriptionRegistry::closeStore()
{
    m_poll.stop();
    m_store = nullptr;
}

bool SubscriptionRegistry::apply(const QList<Subscription> &next, QString *error, bool adopting)
{
    if (!storeOpen(error))
        return false;
    if (m_reconcile && !m_reconcile(next, adopting, error))
        return false;
    m_subscriptions = next;
    m_states = m_store->subscriptions().states();
    for (const Subscription &sub : next)
        m_secrets.insert(sub.name, secretsFingerprint(sub.name));
    Q_EMIT changed();
    return true;
}

bool SubscriptionRegistry::save(const Subscription &sub, bool create, QString *error)
{
    if (!storeOpen(error))
        return false;
    if (!checkExposed({sub}, error) || !checkStorable(sub, error))
        return false;
    if (const QString why = m_endpointCheck && !sub.polled() ? m_endpointCheck(sub.endpoint) : QString();
        !why.isEmpty()) {
        if (error)
            *error = why;
        return false;
    }
    // A projection is checked against the schemas when it is made, not at every start: a schema
    // may change later, and then a member the projection names is simply left out.
    if (const QString why = m_register ? projectionRefusal(sub, m_register->entries()) : QString(); !why.isEmpty()) {
        if (error)
            *error = why;
        return false;
    }
    QList<Subscription> next = m_subscriptions;
    const auto it = std::find_if(next.begin(), next.end(), [&](const Subscription &s) { return s.name == sub.name; });
    if (create != (it == next.end())) {
        if (error)
            *error =
                create ? u"a subscription named \"%1\" exists; choose another name"_s.arg(sub.name) : noSuch(sub.name);
        return false;
    }
    if (!create && origin(sub.name) == Origin::File) {
        if (error)
            *error = u"\"%1\" comes from the configuration file, which is imported at every start: change it "
                     u"there"_s.arg(sub.name);
        return false;
    }
    if (create)
        next.append(sub);
    else
        *it = sub;
    const QJsonObject definition = sub.toStorageJson();
    if (!m_store->subscriptions().saveDefinition(sub.name, definition, originName(Origin::Api), error))
        return false;
    m_origins.insert(sub.name, Origin::Api);
    m_storedApi.insert(sub.name, compact(definition));
    return apply(next, error);
}

// What is saved must come back unchanged when the store is read at the next start; otherwise it
// would be accepted now and silently left out then.
bool SubscriptionRegistry::checkStorable(const Subscription &sub, QString *error)
{
    const QJsonObject definition = sub.toStorageJson();
    QJsonParseError parsed;
    const QJsonDocument back =
        QJsonDocument::fromJson(QJsonDocument(definition).toJson(QJsonDocument::Compact), &parsed);
    QString why = parsed.error == QJsonParseError::NoError ? QString() : parsed.errorString();
    const auto read = why.isEmpty() ? Subscription::fromJson(back.object(), &why) : std::nullopt;
    if (read && read->toStorageJson() == definition)
        return true;
    if (error)
        *error = u"the subscription cannot be stored as it is: %1"_s.arg(why.isEmpty() ? u"it reads back differently"_s
                                                                                       : why);
    return false;
}

bool SubscriptionRegistry::remove(const QString &name, QString *error, const QString &reason)
{
    if (!storeOpen(error))
        return false;
    if (!find(name)) {
        if (error)
            *error = noSuch(name);
        return false;
    }
    if (origin(name) == Origin::File) {
        if (error)
            *error = u"\"%1\" comes from the configuration file, which is imported at every start: remove it "
                     u"there"_s.arg(name);
        return false;
    }
    QList<Subscription> next = m_subscriptions;
    next.removeIf([&](const Subscription &s) { return s.name == name; });
    if (!m_store->subscriptions().deleteDefinition(name, error))
        return false;
    m_origins.remove(name);
    m_storedApi.remove(name);
    m_ending.insert(name, reason.isEmpty() ? u"deleted"_s : reason);
    const bool applied = apply(next, error);
    m_ending.remove(name);
    return applied;
}

bool SubscriptionRegistry::reloadFile(const QList<Subscription> &fromFile, QString *error)
{
    if (!storeOpen(error))
        return false;
    if (!checkExposed(fromFile, error))
        return false;
    QStringList names;
    for (const Subscription &sub : fromFile)
        names.append(sub.name);
    QList<Subscription> next = fromFile;
    for (const Subscription &sub : std::as_const(m_subscriptions)) {
        if (origin(sub.name) == Origin::Api && !names.contains(sub.name))
            next.append(sub);
    }
    for (auto it = m_origins.begin(); it != m_origins.end();) {
        if (it.value() == Origin::File && !names.contains(it.key())) {
            if (!m_store->subscriptions().deleteDefinition(it.key(), error))
                return false;
            it = m_origins.erase(it);
        } else {
            ++it;
        }
    }
    for (const Subscription &sub : fromFile) {
        if (!m_store->subscriptions().saveDefinition(sub.name, sub.toStorageJson(), originName(Origin::File), error))
            return false;
        m_origins.insert(sub.name, Origin::File);
    }
    return apply(next, error);
}

SubscriptionRegistry::Enabling SubscriptionRegistry::enabling(const Subscription &sub, Origin origin,
                                                              EndpointState state)
{
    Enabling change;
    change.definition = !sub.enabled;
    change.state = state == EndpointState::Disabled;
    if (change.definition && origin == Origin::File)
        change.refusal = fileOwnsEnabled(sub.name);
    return change;
}

bool SubscriptionRegistry::setEnabled(const QString &name, bool enabled, const QString &who, QString *error)
{
    const Subscription *current = find(name);
    if (!current) {
        if (error)
            *error = noSuch(name);
        return false;
    }
    Enabling change = enabling(*current, origin(name), state(name).state);
    if (!enabled) // disabling changes only the definition, and not the file's
        change = {current->enabled, false,
                  current->enabled && origin(name) == Origin::File ? fileOwnsEnabled(name) : QString()};
    if (!change.refusal.isEmpty()) {
        if (error)
            *error = change.refusal;
        return false;
    }
    if (change.definition) {
        Subscription changed = *current;
        changed.enabled = enabled;
        if (!save(changed, false, error))
            return false;
        Q_EMIT enabledChanged(name, enabled,
                              u"%1 by %2 through the admin API"_s.arg(enabled ? u"enabled"_s : u"disabled"_s, who));
    }
    // Disabled by its endpoint (410, failing too long): enabling runs the handshake again.
    if (change.state)
        return setState({name, EndpointState::Pending, u"enabled by %1 through the admin API"_s.arg(who), {}, 0},
                        error);
    return true;
}

SubscriptionState SubscriptionRegistry::state(const QString &name) const
{
    return m_states.value(name, SubscriptionState{name, EndpointState::Pending, {}, {}, 0});
}

bool SubscriptionRegistry::setState(const SubscriptionState &state, QString *error)
{
    const SubscriptionState before = this->state(state.name);
    if (!storeOpen(error))
        return false;
    if (!m_store->subscriptions().saveState(state, error))
        return false;
    m_states.insert(state.name, state);
    if (before.state != state.state || before.reason != state.reason)
        Q_EMIT stateChanged(state.name, state.state, state.reason);
    return true;
}

std::optional<QString> SubscriptionRegistry::rotateSecret(const QString &name, qint64 overlapMs, QString *error)
{
    if (!storeOpen(error))
        return std::nullopt;
    std::optional<QString> secret = m_store->subscriptions().rotateSecret(name, overlapMs, error);
    if (secret) {
        m_secrets.insert(name, secretsFingerprint(name));
        Q_EMIT secretsChanged(name);
    }
    return secret;
}

QByteArray SubscriptionRegistry::secretsFingerprint(const QString &name) const
{
    const QStringList secrets = m_store->subscriptions().activeSecrets(name, QDateTime::currentMSecsSinceEpoch());
    return QCryptographicHash::hash(secrets.join(u'\n').toUtf8(), QCryptographicHash::Sha256);
}

QByteArray SubscriptionRegistry::compact(const QJsonObject &definition)
{
    return QJsonDocument(definition).toJson(QJsonDocument::Compact);
}

// Subscriptions another agent sharing the store created, changed or deleted through its admin API
// (the file's are the same for every agent: each imports its own copy).
void SubscriptionRegistry::followStoredDefinitions()
{
    QHash<QString, QByteArray> stored;
    QList<Subscription> next;
    for (const Subscription &sub : std::as_const(m_subscriptions)) {
        if (origin(sub.name) == Origin::File)
            next.append(sub);
    }
    for (const StoredSubscription &s : m_store->subscriptions().definitions()) {
        const QString name = s.definition.value(u"name"_s).toString();
        if (s.origin != originName(Origin::Api) || (origin(name) == Origin::File && find(name)))
            continue;
        QString why;
        const auto sub = Subscription::fromJson(s.definition, &why);
        if (!sub)
            continue; // left out, as at start
        stored.insert(name, compact(s.definition));
        next.append(*sub);
    }
    if (stored == m_storedApi)
        return;
    qCInfo(lcAgent).noquote() << "subscriptions changed in the shared store; following:"
                              << QStringList(stored.keys()).join(u", "_s);
    for (auto it = m_origins.begin(); it != m_origins.end();)
        it = it.value() == Origin::Api ? m_origins.erase(it) : std::next(it);
    for (auto it = stored.constBegin(); it != stored.constEnd(); ++it)
        m_origins.insert(it.key(), Origin::Api);
    m_storedApi = stored;
    QString error;
    if (!apply(next, &error, true))
        qCWarning(lcAgent).noquote() << "cannot follow the subscriptions in the shared store:" << error;
}

void SubscriptionRegistry::pollStore()
{
    if (!m_store)
        return;
    m_following = true;
    const auto done = qScopeGuard([this] { m_following = false; });
    followStoredDefinitions();
    const QHash<QString, SubscriptionState> stored = m_store->subscriptions().states();
    for (const Subscription &sub : std::as_const(m_subscriptions)) {
        const SubscriptionState now = stored.value(sub.name, state(sub.name));
        const SubscriptionState before = state(sub.name);
        m_states.insert(sub.name, now);
        if (now.state != before.state || now.reason != before.reason)
            Q_EMIT stateChanged(sub.name, now.state, now.reason);
        const QByteArray secrets = secretsFingerprint(sub.name);
        if (secrets != m_secrets.value(sub.name)) {
            m_secrets.insert(sub.name, secrets);
            Q_EMIT secretsChanged(sub.name);
        }
    }
}

} // namespace sluice::agent
