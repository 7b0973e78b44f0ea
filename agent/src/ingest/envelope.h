#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace sluice::agent {

struct KafkaRecord;

// What routing needs to know of an event, read on the Kafka message's bytes without allocating
// (once an envelope's buffer is as large as its attributes): most events on a bus are wanted by no
// subscription, and for those this is all that is ever read. The views point into the record's
// headers (binary mode) or into `strings` (structured mode).
//
// `readable` is set only when the full decoder would accept the message too, with these very
// attributes: every rule it applies is applied here, on bytes. Anything unusual (a repeated name,
// data_base64, a header that is not lower case, a mapping rule, a message over 64 KiB) leaves it
// unset, and the message goes the full way, which also gives the exact quarantine reason.
struct Envelope {
    bool readable = false;
    QByteArrayView id;
    QByteArrayView source;
    QByteArrayView type;
    QByteArrayView subject;
    bool jsonData = false; // it carries JSON data (what the register infers schemas from)
    QByteArray strings;    // the attributes' texts in structured mode, reused from envelope to envelope
};

namespace envelope {

// A structured-mode event (application/cloudevents+json) in the message value, into `envelope`
// (whose buffer is reused).
void scanStructured(QByteArrayView value, Envelope &envelope);
// A binary-mode event: attributes in ce_* headers, the value is the data (validated when JSON).
Envelope scanBinary(const KafkaRecord &record);

} // namespace envelope

} // namespace sluice::agent
