#pragma once

#include "cloudevent.h"
#include "config.h"
#include "register/jsonschema.h"
#include "registerentry.h"

#include <QAnyStringView>
#include <QHash>
#include <QMap>
#include <QMutex>
#include <QSet>

#include <map>
#include <memory>
#include <optional>

namespace sluice::agent {

class Store;

// What the register says about one consumed event.
struct RegisterVerdict {
    bool exposed = false; // may go to subscriptions at all
    // Set when the type's events are validated (active or deprecated, policy warn or enforce).
    std::shared_ptr<const JsonSchema> schema;
    ValidationPolicy policy = ValidationPolicy::Off;
    int version = 0;
    bool sample = false; // validate even if no subscription wants it, for the type's figures
    bool learn = false;  // a discovered type's schema wants this event's data: call learn()
};

// A module's definition that was not taken, and why.
struct RegisterRejection {
    qint64 at = 0;
    QString type;   // as far as it could be read
    QString origin; // "kafka sluice.register[0]@12"
    QString reason;
};

// The event register: the phone book of every event type on the bus (seed 000). Entries come from
// the built-in catalogue, from modules over Kafka, from discovery, and from administrators. The
// ingest thread observes every event (figures, discovery, validation); definitions arrive on the
// register feed's thread; everything else reads. Held in memory, written to the store by flush().
class EventRegister {
public:
    static constexpr auto kDefinitionType = "sluice.register.definition";

    explicit EventRegister(RegisterConfig config);
    ~EventRegister();

    // The entries kept in the store, then the built-in catalogue for every type not there yet.
    bool load(Store &store, QString *error);
    // Without a store: the built-in catalogue only (--check-config before the first start).
    bool load(Store *store, QString *error);
    // The catalogue shipped with the agent (resources/register/catalogue.json).
    static std::optional<QList<RegisterEntry>> builtInCatalogue(QString *error);

    // Counts the event, refines a discovered type's schema, and says whether it may leave and how
    // it is validated. Cheap: validation itself is check()'s, for the events that need it.
    RegisterVerdict observe(const CloudEvent &event, qint64 now);
    // observe() in two steps, for events read only as far as their envelope: count() needs the type
    // (the source only when the type is new) and whether the event carries JSON data; learn() takes
    // the decoded event when the verdict asks for it.
    RegisterVerdict count(const QString &type, QAnyStringView source, bool jsonData, qint64 now);
    void learn(const CloudEvent &event);
    // Validates the event's data against the schema the verdict carries; every event that leaves is
    // checked, others one in kSampleEvery (the figures stay honest without paying for all).
    // Returns the quarantine reason under policy enforce when the data does not match.
    QuarantineReason check(const CloudEvent &event, const RegisterVerdict &verdict, qint64 now);
    static constexpr int kSampleEvery = 16;
    // check() under policy enforce, for an event read again (a replay): nothing is counted.
    QuarantineReason refusalOf(const CloudEvent &event) const;
    // Events are counted per minute (milliseconds in one), for a day.
    static constexpr qint64 kMinute = 60'000;
    static constexpr qint64 kMinutesPerDay = 24 * 60;

    // A module's definition (a CloudEvent of type sluice.register.definition); false with the
    // reason when it is rejected, which is also kept in rejections().
    bool applyDefinition(const CloudEvent &event, const QString &origin, QString *error);

    // A definition that could not even be read as a CloudEvent.
    void recordRejection(const QString &type, const QString &origin, const QString &reason);

    struct Change {
        std::optional<LocalizedText> name;
        std::optional<LocalizedText> description;
        std::optional<bool> exposed;
        std::optional<ValidationPolicy> validation;
        std::optional<RegisterStatus> status;
        std::optional<QJsonObject> schema; // a new schema version
        std::optional<QJsonValue> example;
    };
    // An administrator's edit; false with the reason (unknown type, unusable schema, example
    // that does not match).
    bool update(const QString &type, const Change &change, QString *error);

    QList<RegisterEntry> entries() const; // by type, with current figures
    std::optional<RegisterEntry> entry(const QString &type) const;
    QList<RegisterRejection> rejections() const;
    bool isExposed(const QString &type) const;

    // Empty when the subscription may be created; else why not, naming each registered type it
    // selects by name that is not exposed.
    QString checkSubscription(const Subscription &subscription) const;

    // Writes what changed since the last flush. In a store other agents share, an entry is written
    // only when its definition changed here: its figures are this agent's own, and writing them
    // would put back a definition another agent changed since.
    bool flush(Store &store, QString *error);
    // A definition another agent sharing the store wrote (RegisterEntry::toJson): taken in, with this
    // agent's own figures kept.
    bool adopt(const QByteArray &json, QString *error);
    // The types whose definition changed (here, or adopted from another agent) since the last
    // call, for consoles to show; figures alone do not count.
    QStringList takeAnnounced();

private:
    struct Slot {
        RegisterEntry entry;
        std::shared_ptr<const JsonSchema> compiled; // of the current schema; null when none or unusable
        std::map<qint64, quint64> perMinute;        // the last 24 hours
        QSet<qint64> changedMinutes;
        qint64 currentMinute = 0;
        quint64 *currentCount = nullptr; // into perMinute (std::map nodes stay put until erased)
        bool changed = false;
        bool defined = false; // its definition changed here since the last flush (not only its figures)
    };

    // With m_mutex held.
    QHash<QString, Slot>::iterator discover(const QString &type, const QString &source, qint64 now);
    bool install(RegisterEntry entry, QString *error);
    static bool checkSchemaAndExample(const QJsonObject &schema, const QJsonValue &example,
                                      std::shared_ptr<const JsonSchema> *compiled, QString *error);
    void reject(const QString &type, const QString &origin, const QString &reason);
    static void addVersion(RegisterEntry &entry, const QJsonObject &schema, RegisterOrigin origin, qint64 at,
                           int version = 0);
    RegisterEntry withFigures(const Slot &slot, qint64 now) const;

    RegisterConfig m_config;
    mutable QMutex m_mutex;
    QSet<QString> m_announced; // see takeAnnounced()
    QHash<QString, Slot> m_slots;
    QList<RegisterRejection> m_rejections;
    bool m_discoveryFull = false;
};

} // namespace sluice::agent
