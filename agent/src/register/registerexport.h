#pragma once

#include "registerentry.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace sluice::agent {

// Documents for consumers, generated from the exposed part of the register.
struct CatalogueInfo {
    QString title = QStringLiteral("Sluice event catalogue");
    QString agentVersion;
    QString generatedAt; // RFC 3339; empty: now
};

// The entries a consumer may know about: exposed ones, by type.
QList<RegisterEntry> exposedEntries(const QList<RegisterEntry> &entries);

// AsyncAPI 3.0.0: one channel, one send operation and one message per event type, the message
// payload being the CloudEvents 1.0 structured envelope with the type's data schema, plus the
// Standard Webhooks signature headers. Identical data schemas are written once.
QJsonObject asyncApiDocument(const QList<RegisterEntry> &entries, const CatalogueInfo &info);
// A readable catalogue in Markdown and in HTML (self-contained, no scripts).
QString markdownCatalogue(const QList<RegisterEntry> &entries, const CatalogueInfo &info);
QString htmlCatalogue(const QList<RegisterEntry> &entries, const CatalogueInfo &info);

} // namespace sluice::agent
