#pragma once

#include "cloudevent.h"
#include "delivery/httpconnection.h"
#include "delivery/requestbuilder.h"
#include "subscription.h"

#include <QJsonObject>

#include <functional>
#include <memory>

namespace sluice::agent {

// A one-off test send (the admin API's subscriptions.test): the event goes to the endpoint signed
// and authenticated like any delivery, outside the queue. done gets the whole attempt: the request
// as sent with secrets masked, the response or transport error, the duration. False, with the
// reason, if the event cannot be encoded.
bool sendTest(const RequestBuilder &requests, const Subscription &subscription,
              std::unique_ptr<HttpConnection> connection, const CloudEvent &event,
              std::function<void(const QJsonObject &)> done, QString *error);

} // namespace sluice::agent
