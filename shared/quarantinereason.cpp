#include "quarantinereason.h"

#include <QCoreApplication>

using namespace Qt::Literals::StringLiterals;

namespace sluice {

const ReasonCatalogue &quarantineCatalogue()
{
    using namespace quarantinedparam;
    static const ReasonCatalogue catalogue(
        "sluice::QuarantineReason",
        {
            {quarantined::TooLarge,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason",
                               "the message is %1 bytes, over the limit of %2 (decoding.maxEventBytes)"),
             {Size, Limit},
             {}},
            {quarantined::NotCloudEvent,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason",
                               "not a CloudEvent: no ce_specversion header (binary mode), no content-type "
                               "application/cloudevents+json (structured mode), and no mapping rule for topic \"%1\""),
             {Topic},
             {}},
            {quarantined::UnreadableContentType,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason",
                               "content-type \"%1\" is not readable: the Kafka binding carries single events "
                               "(application/cloudevents+json) or binary mode (ce_* headers)"),
             {ContentType},
             {}},
            {quarantined::HeaderNotUtf8,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason", "header \"%1\" is not valid UTF-8"),
             {Header},
             {}},
            {quarantined::NotUtf8,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason", "the message is not valid UTF-8 (byte %1)"),
             {Offset},
             {}},
            {quarantined::NotJson,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason", "the message is not valid JSON: %1 at byte %2"),
             {Why, Offset},
             {},
             {Why}},
            {quarantined::NotObject,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason", "a structured CloudEvent must be a JSON object"),
             {},
             {}},
            {quarantined::SpecVersion,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason",
                               "unsupported specversion \"%1\": Sluice reads CloudEvents 1.0 only"),
             {Value},
             {}},
            {quarantined::MissingAttribute,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason", "missing required attribute \"%1\""),
             {Name},
             {}},
            {quarantined::NotScalar,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason", "attribute \"%1\" must be a string, number or boolean"),
             {Name},
             {}},
            {quarantined::NotString,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason", "attribute \"%1\" must be a string"),
             {Name},
             {}},
            {quarantined::NotTime,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason", "attribute \"time\" is not an RFC 3339 timestamp: \"%1\""),
             {Value},
             {}},
            {quarantined::AttributeName,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason",
                               "attribute name \"%1\" is invalid: names use only a-z and 0-9"),
             {Name},
             {}},
            {quarantined::DataTwice,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason", "an event may carry \"data\" or \"data_base64\", not both"),
             {},
             {}},
            {quarantined::Base64NotString,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason", "\"data_base64\" must be a string"),
             {},
             {}},
            {quarantined::Base64Invalid,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason", "\"data_base64\" is not valid base64"),
             {},
             {}},
            {quarantined::MappingNoValue,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason",
                               "mapping rule for topic \"%1\": %2 \"%3\" finds no string or number in the message"),
             {Topic, Key, Pointer},
             {}},
            {quarantined::MappingNoData,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason",
                               "mapping rule for topic \"%1\": dataPointer \"%2\" is not in the message"),
             {Topic, Pointer},
             {}},
            {quarantined::Schema,
             QT_TRANSLATE_NOOP("sluice::QuarantineReason",
                               "the data does not match the registered schema of %1 (version %2): %3"),
             {Type, Version, Problems},
             {}},
            {quarantined::DataNotJson,
             QT_TRANSLATE_NOOP(
                 "sluice::QuarantineReason",
                 "the data of %1 is not JSON (datacontenttype %3), so it cannot match its registered schema "
                 "(version %2)"),
             {Type, Version, ContentType},
             {}},
        });
    return catalogue;
}

} // namespace sluice
