#pragma once

#include "subscription.h"

#include <QJsonObject>

#include <optional>

namespace sluice::agent {

// A subscription as the CloudEvents Subscriptions API shows it, and back (docs/consumers.md):
//   id ↔ name; source ↔ sourceMatch; types; filters ↔ filter (several: "all" of them); sink ↔
//   endpoint; protocol "HTTP"; protocolsettings.headers ↔ headers (method POST only);
//   sinkcredential PLAIN ↔ basic, ACCESSTOKEN ↔ bearer; config: initialEvents, until, mode,
//   outgoing.
// Pure: who may ask for what is checked elsewhere.
namespace apisubscription {

// The subscription the request asks for, starting from base (a new one, or the stored one an
// update replaces: what the API does not show is kept, and a credential sent back without its
// secret keeps the stored one). The error names the member that is wrong.
std::optional<Subscription> fromApi(const QJsonObject &json, Subscription base, QString *error);
// Credentials are never shown.
QJsonObject toApi(const Subscription &subscription);

} // namespace apisubscription

} // namespace sluice::agent
