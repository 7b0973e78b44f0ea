// Fuzz target: the Subscriptions API's request reader, as a consumer who means harm would call it.
// The input is a request: a first line "METHOD PATH?QUERY", header lines up to an empty line, then
// the body. It goes through what the API reads before anything runs (apirequest: the bearer token,
// the poll query, the JSON body) and then what a POST or PUT makes of the body
// (apisubscription::fromApi with every rule of Subscription::refusal). Whatever is accepted must
// hold these properties, or the target aborts:
// - it reads back from its stored form unchanged (the store gives it back at the next start);
// - what the API shows of it is a URI made of visible ASCII, and a JSON document that reads back;
// - its request, headers and credential included, is one the HTTP client writes (no header line
//   of the consumer's making).
#include "consumer/apirequest.h"
#include "consumer/apisubscription.h"
#include "delivery/httpconnection.h"
#include "delivery/requestbuilder.h"
#include "edgecheck.h"

#include <QJsonDocument>
#include <QUrl>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace sluice;
using namespace sluice::agent;

namespace {

[[noreturn]] void broken(const char *what, const QByteArray &detail)
{
    std::fprintf(stderr, "property broken: %s\n%s\n", what, detail.constData());
    std::abort();
}

void checkAccepted(const Subscription &sub)
{
    const QByteArray stored = QJsonDocument(sub.toStorageJson()).toJson(QJsonDocument::Compact);
    QString why;
    const std::optional<Subscription> back = Subscription::fromJson(QJsonDocument::fromJson(stored).object(), &why);
    if (!back)
        broken("an accepted subscription does not read back", stored + '\n' + why.toUtf8());
    if (back->toStorageJson() != sub.toStorageJson())
        broken("an accepted subscription reads back differently", stored);
    const QJsonObject shown = apisubscription::toApi(sub);
    const QByteArray sink = shown.value(QStringLiteral("sink")).toString().toUtf8();
    for (char c : sink) {
        if (uchar(c) <= 0x20 || uchar(c) >= 0x7F)
            broken("a sink is shown with a character a URI cannot hold", sink);
    }
    const QByteArray shownText = QJsonDocument(shown).toJson(QJsonDocument::Compact);
    if (QJsonDocument::fromJson(shownText).isNull())
        broken("what the API shows does not read back", shownText);
    if (sub.polled())
        return;
    HttpHeaders headers = sub.headers;
    if (const QByteArray authorization = RequestBuilder::authorizationFor(sub.auth); !authorization.isEmpty())
        headers.append({"authorization", authorization});
    if (HttpConnection::buildRequest(sub.endpoint, headers, "{}").isEmpty())
        broken("an accepted subscription's request is one the HTTP client refuses to write", stored);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype headEnd = input.indexOf("\n\n");
    const QByteArray head = headEnd < 0 ? input : input.left(headEnd);
    const QByteArray bodyBytes = headEnd < 0 ? QByteArray() : input.mid(headEnd + 2);
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).split(' ');
    const QByteArray method = requestLine.value(0);
    const QUrl target(QString::fromUtf8(requestLine.value(1)));

    for (const QByteArray &line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == "authorization") {
            if (const auto token = apirequest::bearerToken(line.mid(colon + 1));
                token && !edge::credentialRefusal(*token, QStringLiteral("token")).isEmpty())
                broken("a bearer token with a control character was taken", line);
        }
    }
    QString why;
    if (const auto poll = apirequest::pollQuery(QUrlQuery(target), std::chrono::seconds(60), &why)) {
        if (poll->limit < 1 || poll->limit > 1000 || poll->cursor < -1 || poll->wait.count() < 0 ||
            poll->wait.count() > 60)
            broken("a poll query out of range was taken", target.toEncoded());
    } else if (why.isEmpty()) {
        broken("a poll query was refused without a reason", target.toEncoded());
    }
    if (method != "POST" && method != "PUT")
        return 0;
    why.clear();
    const std::optional<QJsonObject> object = apirequest::body(bodyBytes, &why);
    if (!object) {
        if (why.isEmpty())
            broken("a body was refused without a reason", bodyBytes);
        return 0;
    }
    Subscription base;
    base.name = target.path().section(QLatin1Char('/'), 2, 2);
    if (base.name.isEmpty())
        base.name = QStringLiteral("6d8a8c1e-0000-4000-8000-000000000001");
    base.owner = QStringLiteral("crm");
    why.clear();
    if (std::optional<Subscription> sub = apisubscription::fromApi(*object, base, &why)) {
        if (sub->types.patterns().isEmpty()) // no "types": the API gives all the caller may have
            sub->types = *TypeSelector::parse({QStringLiteral("*")}, nullptr);
        checkAccepted(*sub);
    } else if (why.isEmpty())
        broken("a subscription was refused without a reason", bodyBytes);
    return 0;
}
