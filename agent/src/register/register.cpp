#include "register/register.h"

#include "edgecheck.h"
#include "queue/store.h"
#include "register/schemainference.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcRegister, "sluice.agent.register")

namespace sluice::agent {

namespace {

// Discovery refines with every payload at first, then with one in kLaterSampling.
constexpr quint64 kEarlySamples = 1000;
constexpr quint64 kLaterSampling = 100;
// A bus spraying made-up types must not fill the agent's memory with drafts.
constexpr int kMaxTypes = 10'000;
constexpr int kMaxRejections = 100;

qint64 currentMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

bool isValidTypeName(const QString &type)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9][A-Za-z0-9._:/-]*$"_s);
    return type.size() <= 255 && pattern.match(type).hasMatch();
}

} // namespace

EventRegister::EventRegister(RegisterConfig config)
    : m_config(std::move(config))
{
}

EventRegister::~EventRegister() = default;

std::optional<QList<RegisterEntry>> EventRegister::builtInCatalogue(QString *error)
{
    QFile file(u":/sluice/register/catalogue.json"_s);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = u"the built-in register catalogue is missing from this build"_s;
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonObject catalogue = QJsonDocument::fromJson(file.readAll(), &parseError).object();
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = u"the built-in register catalogue is not JSON: "_s + parseError.errorString();
        return std::nullopt;
    }
    // Entries share schemas by name ("schema": "#zaakKoppeling"): seed 003's paired link and
    // unlink events have one shape.
    const QJsonObject shared = catalogue.value(u"schemas"_s).toObject();
    QList<RegisterEntry> entries;
    for (const QJsonValue &value : catalogue.value(u"entries"_s).toArray()) {
        QJsonObject json = value.toObject();
        if (const QString ref = json.value(u"schema"_s).toString(); ref.startsWith(u'#'))
            json.insert(u"schema"_s, shared.value(ref.mid(1)).toObject());
        QString why;
        auto entry = RegisterEntry::fromJson(json, &why);
        if (!entry) {
            if (error)
                *error = u"built-in register catalogue: %1: %2"_s.arg(json.value(u"type"_s).toString(), why);
            return std::nullopt;
        }
        entry->origin = RegisterOrigin::Seed;
        entries.append(*entry);
    }
    return entries;
}

bool EventRegister::load(Store &store, QString *error)
{
    return load(&store, error);
}

bool EventRegister::load(Store *store, QString *error)
{
    QMutexLocker lock(&m_mutex);
    for (const QByteArray &json : store ? store->registerStore().entries() : QList<QByteArray>()) {
        QString why;
        auto entry = RegisterEntry::fromJson(QJsonDocument::fromJson(json).object(), &why);
        if (!entry) {
            qCWarning(lcRegister).noquote() << "a stored register entry cannot be read and is left out:" << why;
            continue;
        }
        Slot &slot = m_slots[entry->type];
        slot.entry = *entry;
        if (!slot.entry.schema.isEmpty() && slot.entry.origin != RegisterOrigin::Discovered) {
            slot.compiled = JsonSchema::compile(slot.entry.schema, &why);
            if (!slot.compiled)
                qCWarning(lcRegister).noquote() << "the stored schema of" << entry->type << "is not usable:" << why;
        }
    }
    const qint64 nowMinute = currentMs() / kMinute;
    const auto counts =
        store ? store->registerStore().counts(nowMinute - kMinutesPerDay) : QHash<QString, QMap<qint64, quint64>>();
    for (auto it = counts.begin(); it != counts.end(); ++it) {
        if (auto slot = m_slots.find(it.key()); slot != m_slots.end())
            for (auto minute = it.value().cbegin(); minute != it.value().cend(); ++minute)
                slot->perMinute[minute.key()] = minute.value();
        // (currentCount points into perMinute, so it is set on the next event, not here.)
    }
    if (!m_config.seed)
        return true;
    const auto catalogue = builtInCatalogue(error);
    if (!catalogue)
        return false;
    int added = 0;
    for (RegisterEntry entry : *catalogue) {
        const auto existing = m_slots.constFind(entry.type);
        // A newer catalogue (an upgraded agent) brings newer schemas for what it seeded before;
        // entries a module or an administrator took over stay theirs.
        if (existing != m_slots.constEnd() &&
            (existing->entry.origin != RegisterOrigin::Seed || existing->entry.version >= entry.version))
            continue;
        if (existing != m_slots.constEnd()) {
            entry.exposed = existing->entry.exposed;
            entry.validation = existing->entry.validation;
            entry.figures = existing->entry.figures;
            entry.history = existing->entry.history;
        }
        addVersion(entry, entry.schema, RegisterOrigin::Seed, currentMs(), entry.version);
        QString why;
        if (!install(entry, &why)) {
            if (error)
                *error = u"built-in register catalogue: %1: %2"_s.arg(entry.type, why);
            return false;
        }
        ++added;
    }
    if (added > 0)
        qCInfo(lcRegister) << "seeded" << added << "event types from the built-in catalogue";
    return true;
}

void EventRegister::addVersion(RegisterEntry &entry, const QJsonObject &schema, RegisterOrigin origin, qint64 at,
                               int version)
{
    entry.version = version > 0 ? version : (entry.history.isEmpty() ? 1 : entry.history.last().version + 1);
    entry.schema = schema;
    entry.history.append({entry.version, schema, at, origin});
}

bool EventRegister::checkSchemaAndExample(const QJsonObject &schema, const QJsonValue &example,
                                          std::shared_ptr<const JsonSchema> *compiled, QString *error)
{
    QString why;
    auto result = JsonSchema::compile(schema, &why);
    if (!result) {
        if (error)
            *error = u"schema: "_s + why;
        return false;
    }
    if (!example.isUndefined()) {
        const auto violations = result->validate(example, 3);
        if (!violations.isEmpty()) {
            if (error)
                *error = u"example: does not match the schema: "_s + SchemaViolation::join(violations);
            return false;
        }
    }
    if (compiled)
        *compiled = std::move(result);
    return true;
}

bool EventRegister::install(RegisterEntry entry, QString *error)
{
    std::shared_ptr<const JsonSchema> compiled;
    if (!entry.schema.isEmpty() && !checkSchemaAndExample(entry.schema, entry.example, &compiled, error))
        return false;
    m_announced.insert(entry.type);
    Slot &slot = m_slots[entry.type];
    slot.entry = std::move(entry);
    slot.compiled = std::move(compiled);
    slot.changed = true;
    slot.defined = true;
    return true;
}

void EventRegister::reject(const QString &type, const QString &origin, const QString &reason)
{
    qCWarning(lcRegister).noquote() << "register definition" << (type.isEmpty() ? u"(no type)"_s : type) << "from"
                                    << origin << "rejected:" << reason;
    m_rejections.append({currentMs(), type, origin, reason});
    while (m_rejections.size() > kMaxRejections)
        m_rejections.removeFirst();
}

void EventRegister::recordRejection(const QString &type, const QString &origin, const QString &reason)
{
    QMutexLocker lock(&m_mutex);
    reject(type, origin, reason);
}

RegisterVerdict EventRegister::observe(const CloudEvent &event, qint64 now)
{
    const RegisterVerdict verdict =
        count(event.type, event.source, event.dataKind() == CloudEvent::DataKind::Json, now);
    if (verdict.learn)
        learn(event);
    return verdict;
}

RegisterVerdict EventRegister::count(const QString &type, QAnyStringView source, bool jsonData, qint64 now)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_slots.find(type);
    if (it == m_slots.end()) {
        if (!m_config.discover || m_slots.size() >= kMaxTypes) {
            if (m_config.discover && !m_discoveryFull) {
                m_discoveryFull = true;
                qCWarning(lcRegister) << "the register holds" << kMaxTypes
                                      << "types; new ones are no longer discovered";
            }
            RegisterVerdict unknown;
            unknown.exposed = m_config.exposeDiscovered;
            return unknown;
        }
        it = discover(type, source.toString(), now);
    }
    Slot &slot = *it;
    RegisterEntry &entry = slot.entry;

    const qint64 minute = now / kMinute;
    // The current minute's counter is at hand; the map is touched once a minute, not per event.
    if (minute != slot.currentMinute || !slot.currentCount) {
        slot.currentMinute = minute;
        slot.currentCount = &slot.perMinute[minute];
        slot.changedMinutes.insert(minute);
        if (slot.perMinute.size() > kMinutesPerDay + 60) {
            slot.perMinute.erase(slot.perMinute.begin(), slot.perMinute.lower_bound(minute - kMinutesPerDay));
            slot.currentCount = &slot.perMinute[minute];
        }
    }
    ++*slot.currentCount;
    ++entry.figures.total;
    if (entry.figures.firstSeen == 0)
        entry.figures.firstSeen = now;
    entry.figures.lastSeen = now;
    slot.changed = true;

    RegisterVerdict verdict;
    if (entry.origin == RegisterOrigin::Discovered && entry.status == RegisterStatus::Draft && jsonData) {
        ++entry.samples;
        verdict.learn = entry.samples <= kEarlySamples || entry.samples % kLaterSampling == 0;
    }
    verdict.exposed = entry.exposed;
    if (entry.status != RegisterStatus::Draft && entry.validation != ValidationPolicy::Off && slot.compiled) {
        verdict.schema = slot.compiled;
        verdict.policy = entry.validation;
        verdict.version = entry.version;
        verdict.sample = entry.figures.total % kSampleEvery == 1;
    }
    return verdict;
}

QHash<QString, EventRegister::Slot>::iterator EventRegister::discover(const QString &type, const QString &source,
                                                                      qint64 now)
{
    RegisterEntry entry;
    entry.type = type;
    entry.source = source;
    entry.origin = RegisterOrigin::Discovered;
    entry.status = RegisterStatus::Draft;
    entry.exposed = m_config.exposeDiscovered;
    entry.validation = m_config.defaultValidation;
    entry.history.append({1, QJsonObject(), now, RegisterOrigin::Discovered});
    m_announced.insert(type);
    Slot fresh;
    fresh.entry = std::move(entry);
    fresh.changed = true;
    fresh.defined = true;
    qCInfo(lcRegister).noquote() << u"discovered %1 from %2 (a draft; %3)"_s.arg(
        type, source,
        m_config.exposeDiscovered ? u"exposed, register.exposeDiscovered is on"_s
                                  : u"not exposed until an administrator exposes it"_s);
    return m_slots.insert(type, std::move(fresh));
}

void EventRegister::learn(const CloudEvent &event)
{
    if (event.dataKind() != CloudEvent::DataKind::Json)
        return;
    QMutexLocker lock(&m_mutex);
    auto it = m_slots.find(event.type);
    if (it == m_slots.end() || it->entry.origin != RegisterOrigin::Discovered ||
        it->entry.status != RegisterStatus::Draft)
        return;
    RegisterEntry &entry = it->entry;
    SchemaInference::merge(entry.schema, event.jsonData());
    // The first payload seen is the example (an entry's example starts out null, not undefined).
    if (entry.example.isUndefined() || entry.example.isNull())
        entry.example = event.jsonData();
    entry.history.last().schema = entry.schema;
}

bool EventRegister::applyDefinition(const CloudEvent &event, const QString &origin, QString *error)
{
    const QJsonObject data =
        event.dataKind() == CloudEvent::DataKind::Json ? event.jsonData().toObject() : QJsonObject();
    QString type = data.value(u"type"_s).toString(event.subject);
    QMutexLocker lock(&m_mutex);
    auto fail = [&](const QString &reason) {
        reject(type, origin, reason);
        if (error)
            *error = reason;
        return false;
    };
    if (event.type != QLatin1StringView(kDefinitionType))
        return fail(
            u"a definition is a CloudEvent of type %1, not %2"_s.arg(QLatin1StringView(kDefinitionType), event.type));
    if (data.isEmpty())
        return fail(u"the data must be a JSON object describing the event type (type, schema, example, name, "
                    u"description, module)"_s);
    QString why;
    // Kept in the store inside the entry's own document: what nests deeper would not read back.
    if (why = edge::depthRefusal(data, u"the definition"_s); !why.isEmpty())
        return fail(why);
    auto proposed = RegisterEntry::fromJson(data, &why);
    if (!proposed)
        return fail(why);
    if (!event.subject.isEmpty() && event.subject != proposed->type)
        return fail(
            u"the event's subject \"%1\" and data.type \"%2\" name different types; they must be the same"_s.arg(
                event.subject, proposed->type));
    if (!isValidTypeName(proposed->type))
        return fail(
            u"type: \"%1\" is not a usable event type name (letters, digits and . _ : / - only)"_s.arg(proposed->type));
    if (proposed->type.startsWith(u"sluice."))
        return fail(u"type: sluice.* types belong to the agent itself and cannot be registered by a module"_s);
    if (!data.contains(u"schema"_s))
        return fail(u"schema: missing; give the JSON Schema of the event's data"_s);
    if (proposed->module.isEmpty())
        return fail(u"module: missing; name the module that owns this event type"_s);
    std::shared_ptr<const JsonSchema> compiled;
    if (!checkSchemaAndExample(proposed->schema, proposed->example, &compiled, &why))
        return fail(why);

    const qint64 at = currentMs();
    auto existing = m_slots.find(proposed->type);
    RegisterEntry entry;
    if (existing == m_slots.end()) {
        entry = *proposed;
        entry.origin = RegisterOrigin::Module;
        entry.exposed = false; // leaving the organisation is an administrator's decision
        entry.figures = {};
        entry.history.clear();
        if (!data.contains(u"status"_s))
            entry.status = RegisterStatus::Active;
        if (!data.contains(u"validation"_s))
            entry.validation = m_config.defaultValidation;
        addVersion(entry, proposed->schema, RegisterOrigin::Module, at, data.value(u"version"_s).toInt(1));
    } else {
        entry = existing->entry;
        if (entry.origin == RegisterOrigin::Module && entry.module != proposed->module)
            return fail(u"%1 is owned by module %2; module %3 cannot redefine it"_s.arg(entry.type, entry.module,
                                                                                        proposed->module));
        const int given = data.value(u"version"_s).toInt(0);
        if (given > 0 && given < entry.version)
            return fail(u"version %1 is older than the registered version %2; publish the newer definition"_s.arg(
                QString::number(given), QString::number(entry.version)));
        // The register topic is read from the start at every start: until compaction removes them,
        // earlier definitions come by again. One whose schema is an earlier version's is history,
        // not news (a module going back to an old schema says so with a higher "version").
        if (entry.origin == RegisterOrigin::Module && given == 0 && entry.schema != proposed->schema &&
            std::any_of(entry.history.begin(), entry.history.end(),
                        [&](const SchemaVersion &v) { return v.schema == proposed->schema; })) {
            qCDebug(lcRegister).noquote()
                << "definition of" << entry.type << "from" << origin
                << "has an earlier schema version; the register keeps version" << entry.version;
            return true;
        }
        if (entry.origin == RegisterOrigin::Discovered) {
            entry.history.clear(); // an inferred guess is no version anyone published
            entry.samples = 0;
            entry.status = RegisterStatus::Active;
        }
        entry.origin = RegisterOrigin::Module;
        entry.module = proposed->module;
        if (!proposed->source.isEmpty())
            entry.source = proposed->source;
        if (!proposed->name.isEmpty())
            entry.name = proposed->name;
        if (!proposed->description.isEmpty())
            entry.description = proposed->description;
        entry.example = proposed->example;
        if (data.contains(u"status"_s))
            entry.status = proposed->status;
        if (entry.history.isEmpty() || entry.schema != proposed->schema)
            addVersion(entry, proposed->schema, RegisterOrigin::Module, at,
                       std::max(given, entry.history.isEmpty() ? 1 : entry.version + 1));
        else if (given > entry.version)
            return fail(u"version %1 has the same schema as version %2; a new version needs a changed schema"_s.arg(
                QString::number(given), QString::number(entry.version)));
    }
    const int before = existing == m_slots.end() ? 0 : existing->entry.version;
    const bool wasModule = existing != m_slots.end() && existing->entry.origin == RegisterOrigin::Module;
    m_announced.insert(entry.type);
    Slot &slot = m_slots[entry.type];
    slot.entry = std::move(entry);
    slot.compiled = std::move(compiled);
    slot.changed = true;
    slot.defined = true;
    if (slot.entry.version != before || !wasModule)
        qCInfo(lcRegister).noquote() << "module" << slot.entry.module << "registered" << slot.entry.type << "version"
                                     << slot.entry.version;
    return true;
}

bool EventRegister::update(const QString &type, const Change &change, QString *error)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_slots.find(type);
    if (it == m_slots.end()) {
        if (error)
            *error = u"%1 is not in the register"_s.arg(type);
        return false;
    }
    RegisterEntry entry = it->entry;
    std::shared_ptr<const JsonSchema> compiled = it->compiled;
    if (change.schema || change.example) {
        const QJsonObject schema = change.schema.value_or(entry.schema);
        const QJsonValue example = change.example.value_or(entry.example);
        if (!checkSchemaAndExample(schema, example, &compiled, error))
            return false;
        if (change.schema && *change.schema != entry.schema) {
            if (entry.origin == RegisterOrigin::Discovered)
                entry.history.clear();
            addVersion(entry, schema, RegisterOrigin::Admin, currentMs());
            if (entry.origin == RegisterOrigin::Discovered)
                entry.origin = RegisterOrigin::Admin;
        }
        entry.example = example;
    }
    if (change.name)
        entry.name = *change.name;
    if (change.description)
        entry.description = *change.description;
    if (change.exposed)
        entry.exposed = *change.exposed;
    if (change.validation)
        entry.validation = *change.validation;
    if (change.status) {
        if (*change.status != RegisterStatus::Draft && entry.schema.isEmpty()) {
            if (error)
                *error = u"%1 has no schema yet; give it one before making it %2"_s.arg(
                    type, registerStatusName(*change.status));
            return false;
        }
        entry.status = *change.status;
        if (entry.origin == RegisterOrigin::Discovered && entry.status != RegisterStatus::Draft) {
            // The inferred schema becomes the first real version, and validation starts.
            entry.origin = RegisterOrigin::Admin;
            entry.history = {{1, entry.schema, currentMs(), RegisterOrigin::Admin}};
            entry.version = 1;
            QString why;
            compiled = JsonSchema::compile(entry.schema, &why);
        }
    }
    m_announced.insert(type);
    it->entry = std::move(entry);
    it->compiled = std::move(compiled);
    it->changed = true;
    it->defined = true;
    return true;
}

RegisterEntry EventRegister::withFigures(const Slot &slot, qint64 now) const
{
    RegisterEntry entry = slot.entry;
    const qint64 minute = now / kMinute;
    entry.figures.lastHour = 0;
    entry.figures.lastDay = 0;
    for (auto it = slot.perMinute.lower_bound(minute - kMinutesPerDay + 1); it != slot.perMinute.end(); ++it) {
        entry.figures.lastDay += it->second;
        if (it->first > minute - 60)
            entry.figures.lastHour += it->second;
    }
    return entry;
}

QList<RegisterEntry> EventRegister::entries() const
{
    const qint64 now = currentMs();
    QMutexLocker lock(&m_mutex);
    QList<RegisterEntry> list;
    list.reserve(m_slots.size());
    for (const Slot &slot : m_slots)
        list.append(withFigures(slot, now));
    std::sort(list.begin(), list.end(), [](const RegisterEntry &a, const RegisterEntry &b) { return a.type < b.type; });
    return list;
}

std::optional<RegisterEntry> EventRegister::entry(const QString &type) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_slots.constFind(type);
    if (it == m_slots.constEnd())
        return std::nullopt;
    return withFigures(*it, currentMs());
}

QList<RegisterRejection> EventRegister::rejections() const
{
    QMutexLocker lock(&m_mutex);
    return m_rejections;
}

bool EventRegister::isExposed(const QString &type) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_slots.constFind(type);
    return it == m_slots.constEnd() ? m_config.exposeDiscovered : it->entry.exposed;
}

QString EventRegister::checkSubscription(const Subscription &subscription) const
{
    QMutexLocker lock(&m_mutex);
    QStringList refused;
    for (const QString &pattern : subscription.types.patterns()) {
        if (pattern.contains(u'*'))
            continue; // a wildcard selects the exposed types under it, checked per event
        const auto it = m_slots.constFind(pattern);
        if (it != m_slots.constEnd() && !it->entry.exposed)
            refused.append(u"%1 (%2)"_s.arg(pattern, registerStatusName(it->entry.status)));
    }
    if (refused.isEmpty())
        return QString();
    return u"subscription \"%1\" selects %2, which the register does not expose: events of %3 may not leave the "
           u"organisation. Expose %4 in the register first, or remove %5 from \"types\""_s.arg(
               subscription.name, refused.join(u", "_s), refused.size() == 1 ? u"that type"_s : u"these types"_s,
               refused.size() == 1 ? u"it"_s : u"them"_s, refused.size() == 1 ? u"it"_s : u"them"_s);
}

} // namespace sluice::agent
