// What every subscription must be before it is kept or used, whoever gave it: one check for the
// configuration file, the admin API, the Subscriptions API, the console and the store read back.
#include "edgecheck.h"
#include "subscription.h"

using namespace Qt::Literals::StringLiterals;

namespace sluice {

namespace {

// The longest source URI reference a subscription selects on.
constexpr int kMaxSourceLength = 2048;

QString headersRefusal(const Subscription &sub, const Subscription::Names &names)
{
    for (const auto &[name, value] : sub.headers) {
        if (const QString why = edge::headerRefusal(name, value, names.headers); !why.isEmpty())
            return why;
        if (sub.auth.kind != EndpointAuth::Kind::None && name.compare("authorization", Qt::CaseInsensitive) == 0)
            return u"%1: \"authorization\" is sent from %2; give it there, not twice"_s.arg(names.headers,
                                                                                            names.credential);
    }
    return {};
}

QString authRefusal(const EndpointAuth &auth, const Subscription::Names &names)
{
    switch (auth.kind) {
    case EndpointAuth::Kind::Basic:
        if (QString why = edge::textRefusal(auth.username, names.username); !why.isEmpty())
            return why;
        return edge::textRefusal(auth.password, names.password, 1024);
    case EndpointAuth::Kind::Bearer: return edge::credentialRefusal(auth.token, names.token);
    case EndpointAuth::Kind::None: break;
    }
    return {};
}

} // namespace

QString Subscription::refusal() const
{
    return refusal(Names());
}

QString Subscription::refusal(const Names &names) const
{
    if (QString why = edge::textRefusal(name, u"\"name\""_s); !why.isEmpty())
        return why;
    if (QString why = edge::textRefusal(owner, u"\"owner\""_s); !why.isEmpty())
        return why;
    if (QString why = edge::textRefusal(sourceMatch, u"\"source\""_s, kMaxSourceLength); !why.isEmpty())
        return why;
    if (!polled()) {
        if (QString why = edge::httpUrlRefusal(edge::uriText(endpoint), names.endpoint); !why.isEmpty())
            return why;
    }
    if (QString why = headersRefusal(*this, names); !why.isEmpty())
        return why;
    if (QString why = authRefusal(auth, names); !why.isEmpty())
        return why;
    // What is stored must read back: the definition inside the store's own document.
    return edge::depthRefusal(toStorageJson(), u"the subscription"_s);
}

bool Subscription::mayReceiveAgentEvent(const CloudEvent &event) const
{
    if (owner.isEmpty())
        return true;
    if (!event.type.startsWith(u"sluice.subscription."_s))
        return false;
    return event.jsonData().toObject().value(subscriptionkey::Owner).toString() == owner;
}

} // namespace sluice
