#pragma once

// Why a message was quarantined instead of delivered, as a stable code with parameters (like the
// admin API's errors): the agent stores it with the message and the admin API sends it beside the
// English sentence, so a console says it in its reader's language (docs/protocol.md#quarantine).

#include "reasontext.h"

#include <QJsonObject>
#include <QString>

namespace sluice {

namespace protocol::quarantine {
// In quarantine.list/get beside the English `reason`: {reason, params} (absent for messages an
// older agent kept).
inline const QString Cause = QStringLiteral("cause");
} // namespace protocol::quarantine

namespace quarantined {
// not a CloudEvent at all
inline const QString TooLarge = QStringLiteral("tooLarge");                 // size, limit
inline const QString NotCloudEvent = QStringLiteral("notCloudEvent");       // topic
inline const QString UnreadableContentType = QStringLiteral("contentType"); // contentType
inline const QString HeaderNotUtf8 = QStringLiteral("headerNotUtf8");       // header
inline const QString NotUtf8 = QStringLiteral("notUtf8");                   // offset
inline const QString NotJson = QStringLiteral("notJson"); // why (one of the scanner's phrases), offset
inline const QString NotObject = QStringLiteral("notObject");
// a CloudEvent breaking the specification's rules
inline const QString SpecVersion = QStringLiteral("specVersion");           // value
inline const QString MissingAttribute = QStringLiteral("missingAttribute"); // name
inline const QString NotScalar = QStringLiteral("notScalar");               // name
inline const QString NotString = QStringLiteral("notString");               // name
inline const QString NotTime = QStringLiteral("notTime");                   // value
inline const QString AttributeName = QStringLiteral("attributeName");       // name
inline const QString DataTwice = QStringLiteral("dataTwice");
inline const QString Base64NotString = QStringLiteral("base64NotString");
inline const QString Base64Invalid = QStringLiteral("base64Invalid");
// a plain JSON message its topic's mapping rule cannot read
inline const QString MappingNoValue = QStringLiteral("mappingNoValue"); // topic, key, pointer
inline const QString MappingNoData = QStringLiteral("mappingNoData");   // topic, pointer
// refused by the register
inline const QString Schema = QStringLiteral("schema");           // type, version, problems (the validator's words)
inline const QString DataNotJson = QStringLiteral("dataNotJson"); // type, version, contentType
} // namespace quarantined

namespace quarantinedparam {
inline const QString Size = QStringLiteral("size");
inline const QString Limit = QStringLiteral("limit");
inline const QString Topic = QStringLiteral("topic");
inline const QString ContentType = QStringLiteral("contentType");
inline const QString Header = QStringLiteral("header");
inline const QString Offset = QStringLiteral("offset");
inline const QString Why = QStringLiteral("why");
inline const QString Value = QStringLiteral("value");
inline const QString Name = QStringLiteral("name");
inline const QString Key = QStringLiteral("key");
inline const QString Pointer = QStringLiteral("pointer");
inline const QString Type = QStringLiteral("type");
inline const QString Version = QStringLiteral("version");
inline const QString Problems = QStringLiteral("problems");
} // namespace quarantinedparam

// The catalogue of quarantine reasons; QuarantineReason::text() says them.
const ReasonCatalogue &quarantineCatalogue();
using QuarantineReason = CodedReason<quarantineCatalogue>;

} // namespace sluice
