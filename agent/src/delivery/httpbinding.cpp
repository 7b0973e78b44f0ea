#include "delivery/httpbinding.h"

#include "edgecheck.h"

#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

QByteArray encodeHeaderValue(const QString &value)
{
    const QByteArray utf8 = value.toUtf8();
    QByteArray out;
    out.reserve(utf8.size());
    for (char c : utf8) {
        const auto byte = uchar(c);
        if (byte < 0x20 || byte > 0x7E || c == '"' || c == '%') {
            out.append('%').append(QByteArray::number(byte, 16).toUpper().rightJustified(2, '0'));
        } else {
            out.append(c);
        }
    }
    return out;
}

std::optional<HttpMessage> encodeHttp(DeliveryMode mode, const QByteArray &structuredPayload, QString *error)
{
    HttpMessage message;
    if (mode != DeliveryMode::Binary) {
        message.headers.append(
            {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/cloudevents+json; charset=utf-8")});
        message.body = structuredPayload;
        return message;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(structuredPayload, &parseError);
    const std::optional<CloudEvent> event = CloudEvent::fromJson(document.object(), error);
    if (!event)
        return std::nullopt;
    auto add = [&](const char *name, const QString &value) {
        if (!value.isEmpty())
            message.headers.append({QByteArray(name), encodeHeaderValue(value)});
    };
    add("ce-specversion", u"1.0"_s);
    add("ce-id", event->id);
    add("ce-source", event->source);
    add("ce-type", event->type);
    add("ce-subject", event->subject);
    add("ce-time", event->time);
    add("ce-dataschema", event->dataSchema);
    for (auto it = event->extensions.constBegin(); it != event->extensions.constEnd(); ++it) {
        const QString value = *event->attribute(it.key());
        message.headers.append({QByteArray("ce-" + it.key().toLatin1()), encodeHeaderValue(value)});
    }
    QString contentType = event->dataContentType;
    if (contentType.isEmpty() && event->dataKind() == CloudEvent::DataKind::Json)
        contentType = u"application/json"_s;
    // datacontenttype comes from whoever produced the event: never a second header line.
    if (!contentType.isEmpty())
        message.headers.append({QByteArrayLiteral("content-type"), edge::isHeaderValue(contentType.toUtf8())
                                                                       ? contentType.toUtf8()
                                                                       : encodeHeaderValue(contentType)});
    message.body = event->dataBody();
    return message;
}

HttpMessage encodeBatch(const QList<QByteArray> &structuredPayloads)
{
    HttpMessage message;
    message.headers.append(
        {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/cloudevents-batch+json; charset=utf-8")});
    qsizetype size = 2;
    for (const QByteArray &payload : structuredPayloads)
        size += payload.size() + 1;
    message.body.reserve(size);
    message.body += '[';
    for (qsizetype i = 0; i < structuredPayloads.size(); ++i) {
        if (i > 0)
            message.body += ',';
        message.body += structuredPayloads.at(i);
    }
    message.body += ']';
    return message;
}

} // namespace sluice::agent
