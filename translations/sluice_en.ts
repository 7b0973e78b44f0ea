<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>DryRun</name>
    <message>
        <source>%1 of the last %2 events would be selected.

</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KafkaRecord</name>
    <message>
        <source>(the agent did not send the Kafka record)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topic %1 · partition %2 · offset %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · Kafka time %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key: (none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value (%1 bytes):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(cut at 64 KiB)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dead letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>superseded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>discarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deprecated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enforce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held: circuit open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held: paused by the endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held: rate limited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held: handshake pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held: outside its delivery window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held: endpoint disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no attempts in the last hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n attempt(s) succeeded</source>
        <translation>
            <numerusform>%1 of %n attempt succeeded</numerusform>
            <numerusform>%1 of %n attempts succeeded</numerusform>
        </translation>
    </message>
    <message>
        <source> · p50 %1 · p95 %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::DeliveryStatus</name>
    <message>
        <source>goes out as soon as a slot is free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>goes out at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept until its consumer fetches it (polling)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>next attempt at %1; last: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the endpoint&apos;s circuit is open since %1 after %2 failures in a row (last: %3); one probe at %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the endpoint asked for a pause (Retry-After) until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rate limited to %1 events per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has not yet confirmed the validation handshake</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outside the subscription&apos;s delivery window; it opens at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waits for an earlier delivery of subject %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the endpoint is disabled: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the subscription is disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a request is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivered (HTTP %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gave up after its retry schedule ran out; last: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not retried: the endpoint refuses this event (HTTP %1 is final); last: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot encode the event for HTTP: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the subscription was deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the receiver unsubscribed (HTTP 410); last: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>discarded by an administrator; never sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replaced by a newer event with the same coalescing key</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::ErrorReason</name>
    <message>
        <source>&quot;%1&quot; is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a whole number from %2 to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a non-empty array of strings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be an RFC 3339 time such as 2026-11-23T09:30:00Z</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be one of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no subscription named &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no delivery &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no job &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no quarantined message %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not in the register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no consumer named &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a subscription named &quot;%1&quot; exists; choose another name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a consumer named &quot;%1&quot; exists; rotate its token or choose another name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; comes from the configuration file, which is imported at every start: change it there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a replay of %1 is running; stop it or let it end first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 replays are running; let one end first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is selected by name by %2; remove it from those subscriptions before you stop exposing it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the register has no exposed type that &quot;%1&quot; selects, so there is no example to send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an exposed type that &quot;%2&quot; selects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the store refused the change: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>authenticate first: call &quot;authenticate&quot; with a token (sluice-agent token show)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token is not valid: copy it again with sluice-agent token show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token &quot;%1&quot; is a viewer token: it can read, not change; use an admin token for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than %1 requests per second on this connection; wait and send again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no method &quot;%1&quot;; hello lists the capabilities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not valid: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a non-empty array of whole numbers from %2 to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a text, or an object of texts by language such as {&quot;en&quot;: …, &quot;nl&quot;: …}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this method takes no param &quot;%1&quot;; it takes %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this method takes no params, so not &quot;%1&quot; either</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::QuarantineReason</name>
    <message>
        <source>the message is %1 bytes, over the limit of %2 (decoding.maxEventBytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a CloudEvent: no ce_specversion header (binary mode), no content-type application/cloudevents+json (structured mode), and no mapping rule for topic &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>content-type &quot;%1&quot; is not readable: the Kafka binding carries single events (application/cloudevents+json) or binary mode (ce_* headers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>header &quot;%1&quot; is not valid UTF-8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the message is not valid UTF-8 (byte %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the message is not valid JSON: %1 at byte %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a structured CloudEvent must be a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unsupported specversion &quot;%1&quot;: Sluice reads CloudEvents 1.0 only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing required attribute &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attribute &quot;%1&quot; must be a string, number or boolean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attribute &quot;%1&quot; must be a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attribute &quot;time&quot; is not an RFC 3339 timestamp: &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attribute name &quot;%1&quot; is invalid: names use only a-z and 0-9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an event may carry &quot;data&quot; or &quot;data_base64&quot;, not both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;data_base64&quot; must be a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;data_base64&quot; is not valid base64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mapping rule for topic &quot;%1&quot;: %2 &quot;%3&quot; finds no string or number in the message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mapping rule for topic &quot;%1&quot;: dataPointer &quot;%2&quot; is not in the message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the data does not match the registered schema of %1 (version %2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the data of %1 is not JSON (datacontenttype %3), so it cannot match its registered schema (version %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected text after the JSON value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected end of input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nested too deeply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a string as member name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &apos;:&apos; after a member name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unterminated object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;}&apos; in an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unterminated array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;]&apos; in an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid literal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid UTF-8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid \u escape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid escape sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control character in a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unterminated string</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::AgentSession</name>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent&apos;s certificate is not trusted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watching live events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the subscriptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watching the figures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent speaks admin protocol %1; this console speaks %2. Use a console and an agent of the same major version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1 as %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Connection lost (%1); trying again in %n s</source>
        <translation>
            <numerusform>Connection lost (%1); trying again in %n s</numerusform>
            <numerusform>Connection lost (%1); trying again in %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading the register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the consumers</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::ConnectionDialog</name>
    <message>
        <source>This computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to an agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Saved agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget the chosen agent and remove its token from the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ws://host:port for an agent on this computer, wss://host:port for one elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An admin or viewer token: sluice-agent token show admin prints it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token is kept in your system&apos;s keychain, never in the settings file. For wss:// agents with their own certificate you are shown its fingerprint before it is trusted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::ConsoleApp</name>
    <message>
        <source>Trust this certificate?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The agent at %1 presented a certificate this computer does not trust:&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Subject: %3&lt;br&gt;SHA-256 fingerprint:&lt;br&gt;&lt;code&gt;%4&lt;/code&gt;&lt;/p&gt;&lt;p&gt;Compare the fingerprint with the agent&apos;s (&lt;code&gt;openssl x509 -noout -fingerprint -sha256 -in CERT&lt;/code&gt;). Trust it for this agent from now on?&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::ConsumersModel</name>
    <message>
        <source>Revoked on %1: the token no longer works; its subscriptions keep delivering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every exposed type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>May subscribe to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last used</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::ConsumersView</name>
    <message>
        <source>&amp;New…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make a consumer of the Subscriptions API, with its token (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the types the consumer may subscribe to, and how many subscriptions it may have</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rotate token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new token, shown once; the old one stops working at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;voke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token stops working; the consumer&apos;s subscriptions keep delivering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete a consumer that has no subscriptions left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No consumers yet. Press New to let a team subscribe itself through the Subscriptions API.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New consumer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. crm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One type or prefix per line, e.g. be.digipolis.wcm.v4.content.*
Empty: every exposed type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the agent&apos;s default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>May subscribe &amp;to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Subscriptions at most:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumer %1 was made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumer %1 was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate the token of %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new token is made and shown once; the old one stops working at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has a new token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke the token of %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 can no longer use the Subscriptions API. Its subscriptions keep delivering; rotating the token lets it in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token of %1 was revoked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the consumer %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was deleted.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::FailuresModel</name>
    <message>
        <source>Subscription</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::FailuresView</name>
    <message>
        <source>Retry all?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry all %1 deliveries that match the choices above?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard the selected deliveries? They are kept but never sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n matching</source>
        <translation>
            <numerusform>%n matching</numerusform>
            <numerusform>%n matching</numerusform>
        </translation>
    </message>
    <message>
        <source> (the first %1 shown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Deliveries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quarantine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which subscription&apos;s deliveries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry the selected deliveries now (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry &amp;all matching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry every delivery matching the choices, in the background with progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;iscard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never send the selected deliveries; they stay visible as discarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected quarantined messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing quarantined — every message could be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a delivery to see its event and every attempt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a message to see its bytes and why it was quarantined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All subscriptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was retried: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n delivery(s) will be retried now.</source>
        <translation>
            <numerusform>%n delivery will be retried now.</numerusform>
            <numerusform>%n deliveries will be retried now.</numerusform>
        </translation>
    </message>
    <message>
        <source>%v of %m retried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was discarded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n delivery(s) discarded.</source>
        <translation>
            <numerusform>%n delivery discarded.</numerusform>
            <numerusform>%n deliveries discarded.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) discarded.</source>
        <translation>
            <numerusform>%n message discarded.</numerusform>
            <numerusform>%n messages discarded.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delivery %1 to %2
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why: %1
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs attention: dead letters, and deliveries held back (circuit open, endpoint disabled, paused, outside the delivery window, …)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing needs attention: no dead letters, and nothing is held back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is held back: every endpoint takes deliveries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is waiting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dead letters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was discarded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing matches now; nothing was retried.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n more matched after you confirmed; they were left as they are.</source>
        <translation>
            <numerusform>%n more matched after you confirmed; it was left as it is.</numerusform>
            <numerusform>%n more matched after you confirmed; they were left as they are.</numerusform>
        </translation>
    </message>
    <message>
        <source>State: %1 — %2
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::FilterConditions</name>
    <message>
        <source>Condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attribute or JSON pointer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All conditions must hold. Attributes are CloudEvents attributes (type, source, subject, …); a JSON pointer such as /status/new points into the data. Changing the conditions rewrites the filter below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attribute is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attribute starts with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attribute ends with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data value is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data value exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Condition %1: a JSON pointer into the data, such as /status/new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Condition %1: which attribute (type, source, subject, …)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Condition %1: the value to compare with (write &quot;&quot; for an empty text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Condition %1: the value to compare with; an empty value matches nothing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::HealthChart</name>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — no attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p95 duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the last hour, a column per minute</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::HealthPane</name>
    <message>
        <source>Choose a subscription to see its last hour.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in the last hour: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::LiveEventsModel</name>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matched subscriptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::LiveEventsView</name>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop adding events; what was fetched stays (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the selected events (or all shown) as a JSON array (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Types, e.g. be.digipolis.wcm.v4.content.*</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent sends only these types (patterns with a trailing *)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter, e.g. {&quot;prefix&quot;: {&quot;subject&quot;: &quot;content/&quot;}}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A subscription filter; the agent applies it as events arrive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the events shown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CloudEvent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No events yet. They appear here as the agent consumes them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shown of %2 kept · %3 events/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 held back by the agent to keep the console responsive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · paused, %1 missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The filter is not a JSON object: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::MainWindow</name>
    <message>
        <source>%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export AsyncAPI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AsyncAPI documents (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AsyncAPI saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Sluice Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Sluice Console %1&lt;/h3&gt;&lt;p&gt;Governs a Sluice agent: the event register, subscriptions, live events and failures.&lt;/p&gt;&lt;p&gt;Agent: %2&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sluice Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Subscriptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Live events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to an agent, saved or new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;AsyncAPI…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Sluice Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected as administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected as viewer (read only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection lost, reconnecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;nsumers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not live since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in %1/s · delivered %2/s · duplicates %3 (%4/s) · quarantined %5 (%6/s) · live %7/s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::OverviewView</name>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events per second, last five minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting deliveries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumer lag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quarantined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumed in all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages on the bus not yet consumed, over all partitions</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 over %n partition(s)</source>
        <translation>
            <numerusform>%1 over %n partition</numerusform>
            <numerusform>%1 over %n partitions</numerusform>
        </translation>
    </message>
    <message>
        <source>Events per second, last five minutes — not live since %1: the agent cannot be reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages that could not be read as events, in all and per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events read again (after a restart or a rebalance) and dropped, because their deliveries were made the first time; in all and per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2/s)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::PriorityRulesEditor</name>
    <message>
        <source>Priority rule %1: which types it votes for (patterns, or *) %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority rule %1: the filter is not a filter: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only when (filter, optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>high</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>immediate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each rule votes for a priority of the events it selects; the highest vote wins, and no vote lowers the subscription&apos;s own priority</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::QuarantineModel</name>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why it was quarantined</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::RecordTable</name>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::RegisterModel</name>
    <message>
        <source>exposed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>internal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exposure</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::RegisterView</name>
    <message>
        <source>Search types, names and paths…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;AsyncAPI…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the AsyncAPI 3.0 document of every exposed event type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register is empty until the agent is connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xposed: may be delivered outside the organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only exposed types can be subscribed to and leave the agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exposure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last invalid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off: not checked; warn: delivered and counted; enforce: quarantined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an event type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a type on the left to see its description, schema and figures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no subscription</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>module %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last %1 · %2 in the last hour · %3 in the last day · %4 in all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not seen yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (%1 checked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 checked; the newest at %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register was not changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register entry was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export AsyncAPI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AsyncAPI documents (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AsyncAPI saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AsyncAPI document could not be made: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No example: none was given, and the events seen carry no JSON data.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::ReplayDialog</name>
    <message>
        <source>until &amp;now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Count first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay events of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count first: how many events would be sent again, with examples.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent reads the subscription&apos;s topics again from Kafka, applies the subscription as it is now, and sends what it selects once more, marked as a replay, after live deliveries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From (local time):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the replay…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 messages read</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Counting: %Ln selected so far.</source>
        <translation>
            <numerusform>Counting: %Ln selected so far.</numerusform>
            <numerusform>Counting: %Ln selected so far.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replaying: %Ln stored for sending so far.</source>
        <translation>
            <numerusform>Replaying: %Ln stored for sending so far.</numerusform>
            <numerusform>Replaying: %Ln stored for sending so far.</numerusform>
        </translation>
    </message>
    <message>
        <source>The replay failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Stopped: %Ln event(s) stored for sending until then.</source>
        <translation>
            <numerusform>Stopped: %Ln event stored for sending until then.</numerusform>
            <numerusform>Stopped: %Ln events stored for sending until then.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s) would be sent again</source>
        <translation>
            <numerusform>%Ln event would be sent again</numerusform>
            <numerusform>%Ln events would be sent again</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(of %Ln message(s) read). Replay sends these.</source>
        <translation>
            <numerusform>(of %Ln message read). Replay sends these.</numerusform>
            <numerusform>(of %Ln messages read). Replay sends these.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done: %Ln event(s) stored; they are sent after live deliveries.</source>
        <translation>
            <numerusform>Done: %Ln event stored; it is sent after live deliveries.</numerusform>
            <numerusform>Done: %Ln events stored; they are sent after live deliveries.</numerusform>
        </translation>
    </message>
    <message>
        <source>Kafka no longer has part of this range:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For example:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count first: a replay sends what the count found</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::RpcClient</name>
    <message>
        <source>not connected to the agent</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::SecretDialog</name>
    <message>
        <source>Signing secret of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give this secret to the consumer of %1: it verifies the webhook-signature of every delivery with it. It is shown this once; rotate it if it is lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give this token to %1: it subscribes with it through the Subscriptions API (docs/consumers.md). It is shown this once; the agent keeps only its hash. Rotate it if it is lost.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::SubscriptionEditor</name>
    <message>
        <source>%1: %2 expected (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a JSON array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New subscription</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subscription %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event &amp;types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Headers &amp;&amp; auth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unique; part of every delivery id. It cannot change later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>normal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>high</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>immediate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In order per subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the CloudEvents validation handshake first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start with the newest known event of every type and subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A checked type is selected exactly; a checked namespace selects everything under it (a wildcard). Types that are not exposed cannot be chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More patterns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for example be.digipolis.wcm.v4.search.* or *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CloudEvents filter dialects exact, prefix, suffix, all, any, not, and data (see docs/configuration.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Priority rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra HTTP headers, such as an API key. Stored values show as *** and are kept unless you type a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dr&amp;y-run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which of the recent events would this definition select?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password or token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept unless you type a new one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as configured, for example 0, 10s, 1m, 10m, 1h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> events/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery windows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coalesce by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attributes, for example type, subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A newer event with the same values replaces one still waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dry-run shows here which recent events would be selected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name: give the subscription a name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint: where should the events go?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event types: choose at least one type or pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the agent…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trusted CAs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a PEM file on the agent&apos;s machine, for example /etc/sluice/tls/ca.pem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate authorities to trust for this endpoint instead of the system&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For mutual TLS: the certificate the agent presents to this endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent did not take it: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dry-run re&amp;sult</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>structured: the CloudEvent as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>binary: the data as body, attributes in ce- headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch: several events per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How each event is sent: the content modes of the CloudEvents HTTP binding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> events per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> requests at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a PEM file on the agent&apos;s machine, for example /etc/sluice/tls/client.pem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a PEM file on the agent&apos;s machine, for example /etc/sluice/tls/client-key.pem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the agent&apos;s configuration file: shown here, changed in that file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown only: changing it needs an admin token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the agent&apos;s time zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event types: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry schedule: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time zone: %1 is not a time zone; choose one from the list, or leave it empty for the agent&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The agent would not take it: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::SubscriptionsModel</name>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deliveries that became dead letters in the last hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered (1 h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed (1 h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>configuration file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fetched by its consumer (polling)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>%n s ago</numerusform>
            <numerusform>%n s ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n h ago</numerusform>
            <numerusform>%n h ago</numerusform>
        </translation>
    </message>
    <message>
        <source>last poll %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never polled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>oldest unread stored %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts in the last hour that the endpoint accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long attempts took in the last hour: half were quicker than the first, 95 in 100 than the second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Success (1 h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p50 / p95 (1 h)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::SubscriptionsView</name>
    <message>
        <source>%1 in %2 ms

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a subscription (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the subscription; what still waits for it becomes dead letters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send one signed example event and show the whole attempt (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;ry-run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which of the recent events does this subscription select? (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rotate secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new signing secret; the old one keeps signing for the configured overlap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No subscriptions yet. Press New to send events to a consumer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test and dry-run results show here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Di&amp;sable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En&amp;able</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comes from the configuration file: shown, changed there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change everything the subscription has</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the subscription %1? Deliveries still waiting for it become dead letters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was enabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was disabled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending a test event to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate the secret of %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new signing secret is made; the old one keeps signing for the overlap the agent is configured with, so the consumer can switch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;play…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send events again from Kafka, after an outage or to a consumer who joins late</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit subscription</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This console cannot show %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::ThroughputChart</name>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n minute ago</numerusform>
            <numerusform>%n minutes ago</numerusform>
        </translation>
    </message>
    <message>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>matched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delivered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — in %2/s · matched %3/s · delivered %4/s · failed %5/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>%n s ago</numerusform>
            <numerusform>%n s ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sluice::console::TokenVault</name>
    <message>
        <source>No keychain is available: the token is used for this session only. Start your desktop&apos;s keyring (for example GNOME Keyring or KWallet) to keep it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain refused access. Unlock it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token could not be removed from the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain did not answer as expected.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::TypeTree</name>
    <message>
        <source>Everything under %1, also types registered later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not exposed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>sluice::console::WindowsEditor</name>
    <message>
        <source>Delivery window %1: from and to are the same time, so it never opens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days (none: every day)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deliveries go out only inside a window, in the subscription&apos;s time zone; a window whose end is before its start runs past midnight</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
