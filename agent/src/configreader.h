#pragma once

#include "jsonpointer.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace sluice::agent {

using std::chrono::milliseconds;
struct MappingRule;

// Reads the parts of a configuration object (agent.json), collecting every error rather than stopping at the first.
class ConfigReader {
public:
    ConfigReader(const QJsonObject &object, QString prefix, QStringList *errors)
        : m_object(object)
        , m_prefix(std::move(prefix))
        , m_errors(errors)
    {
    }

    void allow(const QStringList &keys);
    QJsonObject object(const QString &key);
    QString string(const QString &key, const QString &fallback = {});
    bool boolean(const QString &key, bool fallback);
    qint64 integer(const QString &key, qint64 fallback, qint64 min, qint64 max);
    milliseconds duration(const QString &key, milliseconds fallback);
    QStringList strings(const QString &key);
    std::optional<JsonPointer> pointer(const QString &key);
    void error(const QString &key, const QString &message);
    const QJsonObject &raw() const { return m_object; }

private:
    QJsonObject m_object;
    QString m_prefix;
    QStringList *m_errors;
};

// A rule that maps plain JSON messages to CloudEvents (decoding.mappings, callbacks): every key
// but "topic", which the caller reads.
void readMappingFields(ConfigReader &reader, MappingRule *rule);

} // namespace sluice::agent
