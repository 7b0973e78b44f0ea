#pragma once

#include <QByteArrayView>

namespace sluice::agent {

struct KafkaRecord;

// What routing needs to know of an event, read on the Kafka message's own bytes without allocating
// anything: most events on a bus are wanted by no subscription, and for those this is all that is
// ever read. The views point into the record (its value or its headers).
//
// `readable` is set only when the full decoder would accept the message too, with these very
// attributes: every rule it applies is applied here, on bytes. Anything unusual (an escape in an
// attribute, a repeated name, data_base64, a header that is not lower case, a mapping rule) leaves
// it unset, and the message goes the full way, which also gives the exact quarantine reason.
struct Envelope {
    bool readable = false;
    QByteArrayView id;
    QByteArrayView source;
    QByteArrayView type;
    QByteArrayView subject;
    bool jsonData = false; // it carries JSON data (what the register infers schemas from)
};

namespace envelope {

// A structured-mode event (application/cloudevents+json) in the message value.
Envelope scanStructured(QByteArrayView value);
// A binary-mode event: attributes in ce_* headers, the value is the data (validated when JSON).
Envelope scanBinary(const KafkaRecord &record);

} // namespace envelope

} // namespace sluice::agent
