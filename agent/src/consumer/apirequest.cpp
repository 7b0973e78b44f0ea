#include "consumer/apirequest.h"

#include "edgecheck.h"
#include "subscriptionsprotocol.h"

#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent::apirequest {

std::optional<QString> bearerToken(QByteArrayView authorization)
{
    const QByteArray text = authorization.trimmed().toByteArray();
    if (text.size() < 8 || text.left(7).toLower() != "bearer ")
        return std::nullopt;
    const QString token = QString::fromUtf8(text.mid(7).trimmed());
    if (token.isEmpty() || !edge::credentialRefusal(token, u"token"_s).isEmpty())
        return std::nullopt;
    return token;
}

std::optional<QJsonObject> body(QByteArrayView bytes, QString *error)
{
    QJsonParseError parsed;
    const QJsonDocument document = QJsonDocument::fromJson(bytes.toByteArray(), &parsed);
    QString why;
    if (parsed.error != QJsonParseError::NoError)
        why = u"the body is not JSON: %1 at byte %2"_s.arg(parsed.errorString()).arg(parsed.offset);
    else if (!document.isObject())
        why = u"the body must be a JSON object: a subscription"_s;
    else
        why = edge::depthRefusal(document.object(), u"the body"_s);
    if (why.isEmpty())
        return document.object();
    if (error)
        *error = why;
    return std::nullopt;
}

std::optional<PollQuery> pollQuery(const QUrlQuery &query, std::chrono::seconds maxWait, QString *error)
{
    using namespace subscriptionsapi;
    PollQuery poll;
    bool cursorOk = true;
    bool limitOk = true;
    bool waitOk = true;
    const QString cursorText = query.queryItemValue(polling::Cursor);
    poll.cursor = cursorText.isEmpty() ? -1 : cursorText.toLongLong(&cursorOk);
    const QString limitText = query.queryItemValue(polling::Limit);
    poll.limit = limitText.isEmpty() ? 100 : limitText.toInt(&limitOk);
    const QString waitText = query.queryItemValue(polling::Wait);
    poll.wait = std::chrono::seconds(waitText.isEmpty() ? 0 : waitText.toInt(&waitOk));
    QString why;
    if (!cursorOk || poll.cursor < -1 || !limitOk || poll.limit < 1 || poll.limit > 1000)
        why = u"cursor is a cursor this API gave (a whole number); limit is 1 to 1000"_s;
    else if (!waitOk || poll.wait.count() < 0 || poll.wait > maxWait)
        why = u"wait is the seconds to wait for events when there are none, 0 to %1 (consumers.maxPollWait)"_s.arg(
            maxWait.count());
    if (why.isEmpty())
        return poll;
    if (error)
        *error = why;
    return std::nullopt;
}

} // namespace sluice::agent::apirequest
