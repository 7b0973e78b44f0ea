#pragma once

// Why the agent refused an admin request, as a stable code with parameters: sent as the JSON-RPC
// error's data, {reason, params}, beside the English message (docs/protocol.md#errors), so a
// console says it in its reader's language. The JSON-RPC code says what kind of refusal it is;
// the reason says which.

#include "reasontext.h"

#include <QJsonObject>
#include <QString>

namespace sluice {

namespace refusal {
// params
inline const QString Required = QStringLiteral("required");           // param
inline const QString NotString = QStringLiteral("notString");         // param
inline const QString NotNumber = QStringLiteral("notNumber");         // param, min, max
inline const QString NotBoolean = QStringLiteral("notBoolean");       // param
inline const QString NotStringList = QStringLiteral("notStringList"); // param
inline const QString NotTime = QStringLiteral("notTime");             // param
inline const QString NotOneOf = QStringLiteral("notOneOf");           // param, choices
inline const QString Invalid = QStringLiteral("invalid");             // param, why (the detail, in English)
inline const QString NotObject = QStringLiteral("notObject");         // param
inline const QString NotArray = QStringLiteral("notArray");           // param
inline const QString NotNumberList = QStringLiteral("notNumberList"); // param, min, max
inline const QString NotText = QStringLiteral("notText");             // param
inline const QString UnknownParam = QStringLiteral("unknownParam");   // param, choices (the params it takes)
inline const QString NoParams = QStringLiteral("noParams");           // param (a method that takes none)
// what is not there
inline const QString NoSubscription = QStringLiteral("noSubscription"); // name
inline const QString NoDelivery = QStringLiteral("noDelivery");         // id
inline const QString NoJob = QStringLiteral("noJob");                   // id
inline const QString NoMessage = QStringLiteral("noMessage");           // id (quarantine)
inline const QString NoType = QStringLiteral("noType");                 // type
inline const QString NoConsumer = QStringLiteral("noConsumer");         // name
// conflicts
inline const QString SubscriptionExists = QStringLiteral("subscriptionExists"); // name
inline const QString ConsumerExists = QStringLiteral("consumerExists");         // name
inline const QString FromFile = QStringLiteral("fromFile");                     // name
inline const QString ReplayRunning = QStringLiteral("replayRunning");           // subscription
inline const QString TooManyReplays = QStringLiteral("tooManyReplays");         // running
inline const QString TypeInUse = QStringLiteral("typeInUse");                   // type, names (of subscriptions)
inline const QString NoExample = QStringLiteral("noExample");                   // name (of the subscription)
inline const QString NotSelected = QStringLiteral("notSelected");               // type, name
// refusals with the agent's own words
inline const QString Refused = QStringLiteral("refused");           // why
inline const QString StoreRefused = QStringLiteral("storeRefused"); // why
// the session
inline const QString Unauthenticated = QStringLiteral("unauthenticated");
inline const QString WrongToken = QStringLiteral("wrongToken");
inline const QString ViewerToken = QStringLiteral("viewerToken");     // name (of the token), method
inline const QString RateLimited = QStringLiteral("rateLimited");     // perSecond (data.retryAfterMs says when)
inline const QString UnknownMethod = QStringLiteral("unknownMethod"); // method
} // namespace refusal

namespace refusalparam {
inline const QString Param = QStringLiteral("param");
inline const QString Min = QStringLiteral("min");
inline const QString Max = QStringLiteral("max");
inline const QString Choices = QStringLiteral("choices");
inline const QString Why = QStringLiteral("why");
inline const QString Name = QStringLiteral("name");
inline const QString Names = QStringLiteral("names");
inline const QString Id = QStringLiteral("id");
inline const QString Type = QStringLiteral("type");
inline const QString Subscription = QStringLiteral("subscription");
inline const QString Running = QStringLiteral("running");
inline const QString Method = QStringLiteral("method");
inline const QString PerSecond = QStringLiteral("perSecond");
} // namespace refusalparam

// The catalogue of the admin API's refusals; ErrorReason::text() says them.
const ReasonCatalogue &errorCatalogue();
using ErrorReason = CodedReason<errorCatalogue>;

} // namespace sluice
