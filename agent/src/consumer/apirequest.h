#pragma once

#include <QByteArrayView>
#include <QJsonObject>
#include <QString>
#include <QUrlQuery>

#include <chrono>
#include <optional>

// Reading a request to the Subscriptions API, before anything runs: the bearer token of its
// Authorization header, its JSON body, a poll's query. Pure, so that the fuzz target
// (fuzz/fuzz_subscriptionsapi.cpp) reads requests exactly as the API does. Each refusal says why,
// for the 400 the API answers.
namespace sluice::agent::apirequest {

// "Bearer TOKEN" (the scheme in any case, RFC 9110 §11.1) → TOKEN; std::nullopt for anything else,
// a token with spaces or controls among it.
std::optional<QString> bearerToken(QByteArrayView authorization);

// A subscription in the body: one JSON object, nested no deeper than the store reads back.
std::optional<QJsonObject> body(QByteArrayView bytes, QString *error);

// GET /subscriptions/{id}/events?cursor=&limit=&wait=
struct PollQuery {
    qint64 cursor = -1; // -1: from the oldest unread
    int limit = 100;
    std::chrono::seconds wait{0};
};
std::optional<PollQuery> pollQuery(const QUrlQuery &query, std::chrono::seconds maxWait, QString *error);

} // namespace sluice::agent::apirequest
