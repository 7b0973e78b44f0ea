#pragma once

#include "cloudevent.h"
#include "ingest/kafka.h"

#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

#include <atomic>

namespace sluice::agent {

// Events of the WCM v4 CMS (seed 000): content items that are created, changed, published and
// deleted, taxonomy, menus, site structure, content types, modules, search and system events, the
// wcm-greetings module's own registered event, and a forms event nobody registered (discovered).
// Subjects repeat, so the changes to one item follow each other.
class DemoCatalogue {
public:
    explicit DemoCatalogue(quint32 seed = 4);
    CloudEvent next();

private:
    struct Item {
        QString id;
        QString title;
        QString contentType;
        QString status = QStringLiteral("draft");
        int version = 0;
        bool exists = false;
    };
    CloudEvent contentEvent();
    CloudEvent otherEvent();
    QString uuid();
    QString now() const;

    QRandomGenerator m_random;
    QList<Item> m_items;
    quint64 m_sequence = 0;
};

// Produces demo traffic into Kafka: one third each in binary mode, structured mode and as plain
// JSON, and now and then a message that cannot be decoded, to show the quarantine.
class DemoTraffic : public QObject {
    Q_OBJECT

public:
    static inline const QString kBinaryTopic = QStringLiteral("wcm.events.binary");
    static inline const QString kStructuredTopic = QStringLiteral("wcm.events.structured");
    static inline const QString kPlainTopic = QStringLiteral("wcm.plain");

    // With a register topic, the demo's wcm-greetings module registers its own event type there first.
    DemoTraffic(QString brokers, int eventsPerSecond, QString registerTopic = QString(), QObject *parent = nullptr);
    // The definition the wcm-greetings module publishes (seed 000: modules register custom events).
    static CloudEvent greetingsDefinition();
    ~DemoTraffic() override;

    bool start(QString *error);
    void stop();
    quint64 produced() const { return m_produced; }

private:
    void tick();
    void produce(const QString &topic, const QByteArray &key, const QByteArray &value,
                 const QList<std::pair<QByteArray, QByteArray>> &headers);

    QString m_brokers;
    int m_eventsPerSecond;
    QString m_registerTopic;
    DemoCatalogue m_catalogue;
    KafkaHandle m_producer;
    QTimer m_timer;
    double m_owed = 0;
    std::atomic<quint64> m_produced{0};
};

} // namespace sluice::agent
