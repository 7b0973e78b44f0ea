<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>DryRun</name>
    <message>
        <source>%1 of the last %2 events would be selected.

</source>
        <translation>%1 van de laatste %2 events zouden gekozen worden.

</translation>
    </message>
</context>
<context>
    <name>KafkaRecord</name>
    <message>
        <source>(the agent did not send the Kafka record)</source>
        <translation>(de agent stuurde het Kafka-record niet mee)</translation>
    </message>
    <message>
        <source>Topic %1 · partition %2 · offset %3</source>
        <translation>Topic %1 · partitie %2 · offset %3</translation>
    </message>
    <message>
        <source> · Kafka time %1</source>
        <translation> · Kafka-tijd %1</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>Sleutel: %1</translation>
    </message>
    <message>
        <source>Key: (none)</source>
        <translation>Sleutel: (geen)</translation>
    </message>
    <message>
        <source>Headers:</source>
        <translation>Kopregels:</translation>
    </message>
    <message>
        <source>Value (%1 bytes):</source>
        <translation>Waarde (%1 bytes):</translation>
    </message>
    <message>
        <source>(cut at 64 KiB)</source>
        <translation>(afgebroken bij 64 KiB)</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>waiting</source>
        <translation>wachtend</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>wordt verstuurd</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>afgeleverd</translation>
    </message>
    <message>
        <source>dead letter</source>
        <translation>onbestelbaar</translation>
    </message>
    <message>
        <source>superseded</source>
        <translation>vervangen</translation>
    </message>
    <message>
        <source>discarded</source>
        <translation>verworpen</translation>
    </message>
    <message>
        <source>active</source>
        <translation>actief</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>uitgeschakeld</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>ontwerp</translation>
    </message>
    <message>
        <source>deprecated</source>
        <translation>verouderd</translation>
    </message>
    <message>
        <source>off</source>
        <translation>uit</translation>
    </message>
    <message>
        <source>warn</source>
        <translation>waarschuwen</translation>
    </message>
    <message>
        <source>enforce</source>
        <translation>afdwingen</translation>
    </message>
    <message>
        <source>held</source>
        <translation>vastgehouden</translation>
    </message>
    <message>
        <source>held: circuit open</source>
        <translation>circuit open</translation>
    </message>
    <message>
        <source>held: paused by the endpoint</source>
        <translation>gepauzeerd door het eindpunt</translation>
    </message>
    <message>
        <source>held: rate limited</source>
        <translation>snelheidslimiet</translation>
    </message>
    <message>
        <source>held: handshake pending</source>
        <translation>handshake loopt</translation>
    </message>
    <message>
        <source>held: outside its delivery window</source>
        <translation>buiten het leveringsvenster</translation>
    </message>
    <message>
        <source>held: endpoint disabled</source>
        <translation>eindpunt uitgeschakeld</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>no attempts in the last hour</source>
        <translation>geen pogingen in het afgelopen uur</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n attempt(s) succeeded</source>
        <translation>
            <numerusform>%1 van %n poging gelukt</numerusform>
            <numerusform>%1 van %n pogingen gelukt</numerusform>
        </translation>
    </message>
    <message>
        <source> · p50 %1 · p95 %2</source>
        <translation> · p50 %1 · p95 %2</translation>
    </message>
</context>
<context>
    <name>sluice::DeliveryStatus</name>
    <message>
        <source>goes out as soon as a slot is free</source>
        <translation>gaat weg zodra er plaats is</translation>
    </message>
    <message>
        <source>goes out at %1</source>
        <translation>gaat weg om %1</translation>
    </message>
    <message>
        <source>kept until its consumer fetches it (polling)</source>
        <translation>bewaard tot de afnemer het ophaalt (polling)</translation>
    </message>
    <message>
        <source>next attempt at %1; last: %2</source>
        <translation>volgende poging om %1; laatste: %2</translation>
    </message>
    <message>
        <source>the endpoint&apos;s circuit is open since %1 after %2 failures in a row (last: %3); one probe at %4</source>
        <translation>het circuit van het eindpunt is open sinds %1 na %2 mislukkingen op rij (laatste: %3); één proefpoging om %4</translation>
    </message>
    <message>
        <source>the endpoint asked for a pause (Retry-After) until %1</source>
        <translation>het eindpunt vroeg een pauze (Retry-After) tot %1</translation>
    </message>
    <message>
        <source>rate limited to %1 events per second</source>
        <translation>beperkt tot %1 events per seconde</translation>
    </message>
    <message>
        <source>%1 has not yet confirmed the validation handshake</source>
        <translation>%1 heeft de validatiehandshake nog niet bevestigd</translation>
    </message>
    <message>
        <source>outside the subscription&apos;s delivery window; it opens at %1</source>
        <translation>buiten het leveringsvenster van het abonnement; het opent om %1</translation>
    </message>
    <message>
        <source>waits for an earlier delivery of subject %1</source>
        <translation>wacht op een eerdere levering van onderwerp %1</translation>
    </message>
    <message>
        <source>the endpoint is disabled: %1</source>
        <translation>het eindpunt is uitgeschakeld: %1</translation>
    </message>
    <message>
        <source>the subscription is disabled</source>
        <translation>het abonnement is uitgeschakeld</translation>
    </message>
    <message>
        <source>a request is running</source>
        <translation>een verzoek loopt</translation>
    </message>
    <message>
        <source>delivered (HTTP %1)</source>
        <translation>afgeleverd (HTTP %1)</translation>
    </message>
    <message>
        <source>gave up after its retry schedule ran out; last: %1</source>
        <translation>opgegeven: het herhaalschema is op; laatste: %1</translation>
    </message>
    <message>
        <source>not retried: the endpoint refuses this event (HTTP %1 is final); last: %2</source>
        <translation>niet opnieuw geprobeerd: het eindpunt weigert dit event (HTTP %1 is definitief); laatste: %2</translation>
    </message>
    <message>
        <source>cannot encode the event for HTTP: %1</source>
        <translation>kan het event niet voor HTTP coderen: %1</translation>
    </message>
    <message>
        <source>the subscription was deleted</source>
        <translation>het abonnement werd verwijderd</translation>
    </message>
    <message>
        <source>the receiver unsubscribed (HTTP 410); last: %1</source>
        <translation>de ontvanger schreef zich uit (HTTP 410); laatste: %1</translation>
    </message>
    <message>
        <source>discarded by an administrator; never sent</source>
        <translation>verworpen door een beheerder; nooit verstuurd</translation>
    </message>
    <message>
        <source>replaced by a newer event with the same coalescing key</source>
        <translation>vervangen door een nieuwer event met dezelfde samenvoegsleutel</translation>
    </message>
</context>
<context>
    <name>sluice::ErrorReason</name>
    <message>
        <source>&quot;%1&quot; is required</source>
        <translation>&quot;%1&quot; is verplicht</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a string</source>
        <translation>&quot;%1&quot; moet een tekst zijn</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a whole number from %2 to %3</source>
        <translation>&quot;%1&quot; moet een geheel getal van %2 tot %3 zijn</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be true or false</source>
        <translation>&quot;%1&quot; moet true of false zijn</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a non-empty array of strings</source>
        <translation>&quot;%1&quot; moet een niet-lege lijst van teksten zijn</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be an RFC 3339 time such as 2026-11-23T09:30:00Z</source>
        <translation>&quot;%1&quot; moet een RFC 3339-tijd zijn, zoals 2026-11-23T09:30:00Z</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be one of %2</source>
        <translation>&quot;%1&quot; moet een van deze zijn: %2</translation>
    </message>
    <message>
        <source>no subscription named &quot;%1&quot;</source>
        <translation>geen abonnement met de naam &quot;%1&quot;</translation>
    </message>
    <message>
        <source>no delivery &quot;%1&quot;</source>
        <translation>geen levering &quot;%1&quot;</translation>
    </message>
    <message>
        <source>no job &quot;%1&quot;</source>
        <translation>geen taak &quot;%1&quot;</translation>
    </message>
    <message>
        <source>no quarantined message %1</source>
        <translation>geen bericht %1 in quarantaine</translation>
    </message>
    <message>
        <source>%1 is not in the register</source>
        <translation>%1 staat niet in het register</translation>
    </message>
    <message>
        <source>no consumer named &quot;%1&quot;</source>
        <translation>geen afnemer met de naam &quot;%1&quot;</translation>
    </message>
    <message>
        <source>a subscription named &quot;%1&quot; exists; choose another name</source>
        <translation>er bestaat al een abonnement &quot;%1&quot;; kies een andere naam</translation>
    </message>
    <message>
        <source>a consumer named &quot;%1&quot; exists; rotate its token or choose another name</source>
        <translation>er bestaat al een afnemer &quot;%1&quot;; vernieuw zijn token of kies een andere naam</translation>
    </message>
    <message>
        <source>&quot;%1&quot; comes from the configuration file, which is imported at every start: change it there</source>
        <translation>&quot;%1&quot; komt uit het configuratiebestand, dat bij elke start ingelezen wordt: wijzig het daar</translation>
    </message>
    <message>
        <source>a replay of %1 is running; stop it or let it end first</source>
        <translation>er loopt al een herhaling van %1; stop ze of laat ze eerst eindigen</translation>
    </message>
    <message>
        <source>%1 replays are running; let one end first</source>
        <translation>er lopen %1 herhalingen; laat er eerst een eindigen</translation>
    </message>
    <message>
        <source>%1 is selected by name by %2; remove it from those subscriptions before you stop exposing it</source>
        <translation>%1 wordt bij naam gekozen door %2; haal het uit die abonnementen voor u het niet langer vrijgeeft</translation>
    </message>
    <message>
        <source>the register has no exposed type that &quot;%1&quot; selects, so there is no example to send</source>
        <translation>het register heeft geen vrijgegeven type dat &quot;%1&quot; kiest, dus er is geen voorbeeld om te sturen</translation>
    </message>
    <message>
        <source>%1 is not an exposed type that &quot;%2&quot; selects</source>
        <translation>%1 is geen vrijgegeven type dat &quot;%2&quot; kiest</translation>
    </message>
    <message>
        <source>refused: %1</source>
        <translation>geweigerd: %1</translation>
    </message>
    <message>
        <source>the store refused the change: %1</source>
        <translation>de opslag weigerde de wijziging: %1</translation>
    </message>
    <message>
        <source>authenticate first: call &quot;authenticate&quot; with a token (sluice-agent token show)</source>
        <translation>meld u eerst aan: roep &quot;authenticate&quot; op met een token (sluice-agent token show)</translation>
    </message>
    <message>
        <source>the token is not valid: copy it again with sluice-agent token show</source>
        <translation>het token is ongeldig: kopieer het opnieuw met sluice-agent token show</translation>
    </message>
    <message>
        <source>the token &quot;%1&quot; is a viewer token: it can read, not change; use an admin token for %2</source>
        <translation>het token &quot;%1&quot; is een kijkerstoken: het kan lezen, niet wijzigen; gebruik een beheerderstoken voor %2</translation>
    </message>
    <message>
        <source>more than %1 requests per second on this connection; wait and send again</source>
        <translation>meer dan %1 verzoeken per seconde op deze verbinding; wacht en stuur opnieuw</translation>
    </message>
    <message>
        <source>there is no method &quot;%1&quot;; hello lists the capabilities</source>
        <translation>er is geen methode &quot;%1&quot;; hello somt de mogelijkheden op</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not valid: %2</source>
        <translation>&quot;%1&quot; is ongeldig: %2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be an object</source>
        <translation>&quot;%1&quot; moet een object zijn</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be an array</source>
        <translation>&quot;%1&quot; moet een lijst zijn</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a non-empty array of whole numbers from %2 to %3</source>
        <translation>&quot;%1&quot; moet een niet-lege lijst van gehele getallen van %2 tot en met %3 zijn</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a text, or an object of texts by language such as {&quot;en&quot;: …, &quot;nl&quot;: …}</source>
        <translation>&quot;%1&quot; moet een tekst zijn, of een object met een tekst per taal, zoals {&quot;en&quot;: …, &quot;nl&quot;: …}</translation>
    </message>
    <message>
        <source>this method takes no param &quot;%1&quot;; it takes %2</source>
        <translation>deze methode kent geen parameter &quot;%1&quot;; ze kent %2</translation>
    </message>
    <message>
        <source>this method takes no params, so not &quot;%1&quot; either</source>
        <translation>deze methode neemt geen parameters, dus ook &quot;%1&quot; niet</translation>
    </message>
</context>
<context>
    <name>sluice::QuarantineReason</name>
    <message>
        <source>the message is %1 bytes, over the limit of %2 (decoding.maxEventBytes)</source>
        <translation>het bericht is %1 bytes, boven de grens van %2 (decoding.maxEventBytes)</translation>
    </message>
    <message>
        <source>not a CloudEvent: no ce_specversion header (binary mode), no content-type application/cloudevents+json (structured mode), and no mapping rule for topic &quot;%1&quot;</source>
        <translation>geen CloudEvent: geen kopregel ce_specversion (binaire modus), geen content-type application/cloudevents+json (gestructureerde modus) en geen vertaalregel voor topic &quot;%1&quot;</translation>
    </message>
    <message>
        <source>content-type &quot;%1&quot; is not readable: the Kafka binding carries single events (application/cloudevents+json) or binary mode (ce_* headers)</source>
        <translation>content-type &quot;%1&quot; is niet leesbaar: de Kafka-binding draagt losse events (application/cloudevents+json) of de binaire modus (ce_*-kopregels)</translation>
    </message>
    <message>
        <source>header &quot;%1&quot; is not valid UTF-8</source>
        <translation>kopregel &quot;%1&quot; is geen geldige UTF-8</translation>
    </message>
    <message>
        <source>the message is not valid UTF-8 (byte %1)</source>
        <translation>het bericht is geen geldige UTF-8 (byte %1)</translation>
    </message>
    <message>
        <source>the message is not valid JSON: %1 at byte %2</source>
        <translation>het bericht is geen geldige JSON: %1 bij byte %2</translation>
    </message>
    <message>
        <source>a structured CloudEvent must be a JSON object</source>
        <translation>een gestructureerd CloudEvent moet een JSON-object zijn</translation>
    </message>
    <message>
        <source>unsupported specversion &quot;%1&quot;: Sluice reads CloudEvents 1.0 only</source>
        <translation>specversion &quot;%1&quot; wordt niet ondersteund: Sluice leest alleen CloudEvents 1.0</translation>
    </message>
    <message>
        <source>missing required attribute &quot;%1&quot;</source>
        <translation>het verplichte attribuut &quot;%1&quot; ontbreekt</translation>
    </message>
    <message>
        <source>attribute &quot;%1&quot; must be a string, number or boolean</source>
        <translation>attribuut &quot;%1&quot; moet een tekst, getal of booleaanse waarde zijn</translation>
    </message>
    <message>
        <source>attribute &quot;%1&quot; must be a string</source>
        <translation>attribuut &quot;%1&quot; moet een tekst zijn</translation>
    </message>
    <message>
        <source>attribute &quot;time&quot; is not an RFC 3339 timestamp: &quot;%1&quot;</source>
        <translation>attribuut &quot;time&quot; is geen RFC 3339-tijdstempel: &quot;%1&quot;</translation>
    </message>
    <message>
        <source>attribute name &quot;%1&quot; is invalid: names use only a-z and 0-9</source>
        <translation>attribuutnaam &quot;%1&quot; is ongeldig: namen gebruiken alleen a-z en 0-9</translation>
    </message>
    <message>
        <source>an event may carry &quot;data&quot; or &quot;data_base64&quot;, not both</source>
        <translation>een event mag &quot;data&quot; of &quot;data_base64&quot; dragen, niet allebei</translation>
    </message>
    <message>
        <source>&quot;data_base64&quot; must be a string</source>
        <translation>&quot;data_base64&quot; moet een tekst zijn</translation>
    </message>
    <message>
        <source>&quot;data_base64&quot; is not valid base64</source>
        <translation>&quot;data_base64&quot; is geen geldige base64</translation>
    </message>
    <message>
        <source>mapping rule for topic &quot;%1&quot;: %2 &quot;%3&quot; finds no string or number in the message</source>
        <translation>vertaalregel voor topic &quot;%1&quot;: %2 &quot;%3&quot; vindt geen tekst of getal in het bericht</translation>
    </message>
    <message>
        <source>mapping rule for topic &quot;%1&quot;: dataPointer &quot;%2&quot; is not in the message</source>
        <translation>vertaalregel voor topic &quot;%1&quot;: dataPointer &quot;%2&quot; staat niet in het bericht</translation>
    </message>
    <message>
        <source>the data does not match the registered schema of %1 (version %2): %3</source>
        <translation>de data past niet bij het geregistreerde schema van %1 (versie %2): %3</translation>
    </message>
    <message>
        <source>the data of %1 is not JSON (datacontenttype %3), so it cannot match its registered schema (version %2)</source>
        <translation>de data van %1 is geen JSON (datacontenttype %3) en kan dus niet bij het geregistreerde schema passen (versie %2)</translation>
    </message>
    <message>
        <source>expected a JSON object</source>
        <translation>een JSON-object verwacht</translation>
    </message>
    <message>
        <source>unexpected text after the JSON value</source>
        <translation>onverwachte tekst na de JSON-waarde</translation>
    </message>
    <message>
        <source>unexpected end of input</source>
        <translation>onverwacht einde van de invoer</translation>
    </message>
    <message>
        <source>nested too deeply</source>
        <translation>te diep genest</translation>
    </message>
    <message>
        <source>expected a string as member name</source>
        <translation>een tekst als naam van een lid verwacht</translation>
    </message>
    <message>
        <source>expected &apos;:&apos; after a member name</source>
        <translation>&apos;:&apos; verwacht na de naam van een lid</translation>
    </message>
    <message>
        <source>unterminated object</source>
        <translation>object niet afgesloten</translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;}&apos; in an object</source>
        <translation>&apos;,&apos; of &apos;}&apos; verwacht in een object</translation>
    </message>
    <message>
        <source>unterminated array</source>
        <translation>array niet afgesloten</translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;]&apos; in an array</source>
        <translation>&apos;,&apos; of &apos;]&apos; verwacht in een array</translation>
    </message>
    <message>
        <source>invalid literal</source>
        <translation>ongeldige letterlijke waarde</translation>
    </message>
    <message>
        <source>invalid value</source>
        <translation>ongeldige waarde</translation>
    </message>
    <message>
        <source>invalid number</source>
        <translation>ongeldig getal</translation>
    </message>
    <message>
        <source>invalid UTF-8</source>
        <translation>ongeldige UTF-8</translation>
    </message>
    <message>
        <source>invalid \u escape</source>
        <translation>ongeldige \u-escape</translation>
    </message>
    <message>
        <source>invalid escape sequence</source>
        <translation>ongeldige escapereeks</translation>
    </message>
    <message>
        <source>control character in a string</source>
        <translation>stuurteken in een tekst</translation>
    </message>
    <message>
        <source>unterminated string</source>
        <translation>tekst niet afgesloten</translation>
    </message>
</context>
<context>
    <name>sluice::console::AgentSession</name>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinden met %1…</translation>
    </message>
    <message>
        <source>The agent&apos;s certificate is not trusted: %1</source>
        <translation>Het certificaat van de agent wordt niet vertrouwd: %1</translation>
    </message>
    <message>
        <source>Watching live events</source>
        <translation>Live-events volgen</translation>
    </message>
    <message>
        <source>Loading the subscriptions</source>
        <translation>De abonnementen laden</translation>
    </message>
    <message>
        <source>Watching the figures</source>
        <translation>De cijfers volgen</translation>
    </message>
    <message>
        <source>Loading the failures</source>
        <translation>De mislukte leveringen laden</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Niet verbonden</translation>
    </message>
    <message>
        <source>The agent speaks admin protocol %1; this console speaks %2. Use a console and an agent of the same major version.</source>
        <translation>De agent spreekt beheerprotocol %1; deze console spreekt %2. Gebruik een console en een agent met hetzelfde hoofdversienummer.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(geen)</translation>
    </message>
    <message>
        <source>Connected to %1 as %2 (%3)</source>
        <translation>Verbonden met %1 als %2 (%3)</translation>
    </message>
    <message numerus="yes">
        <source>Connection lost (%1); trying again in %n s</source>
        <translation>
            <numerusform>Verbinding verbroken (%1); nieuwe poging over %n s</numerusform>
            <numerusform>Verbinding verbroken (%1); nieuwe poging over %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading the register</source>
        <translation>Het register laden</translation>
    </message>
    <message>
        <source>Loading the consumers</source>
        <translation>De afnemers laden</translation>
    </message>
</context>
<context>
    <name>sluice::console::ConnectionDialog</name>
    <message>
        <source>This computer</source>
        <translation>Deze computer</translation>
    </message>
    <message>
        <source>Connect to an agent</source>
        <translation>Verbinden met een agent</translation>
    </message>
    <message>
        <source>&amp;Saved agents</source>
        <translation>&amp;Bewaarde agents</translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation>&amp;Vergeten</translation>
    </message>
    <message>
        <source>Forget the chosen agent and remove its token from the keychain</source>
        <translation>De gekozen agent vergeten en zijn token uit de sleutelhanger verwijderen</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Naam</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>&amp;Adres</translation>
    </message>
    <message>
        <source>ws://host:port for an agent on this computer, wss://host:port for one elsewhere</source>
        <translation>ws://host:poort voor een agent op deze computer, wss://host:poort voor een agent elders</translation>
    </message>
    <message>
        <source>&amp;Token</source>
        <translation>&amp;Token</translation>
    </message>
    <message>
        <source>An admin or viewer token: sluice-agent token show admin prints it</source>
        <translation>Een beheerders- of kijkerstoken: sluice-agent token show admin toont het</translation>
    </message>
    <message>
        <source>The token is kept in your system&apos;s keychain, never in the settings file. For wss:// agents with their own certificate you are shown its fingerprint before it is trusted.</source>
        <translation>Het token wordt bewaard in de sleutelhanger van uw systeem, nooit in het instellingenbestand. Bij wss://-agents met een eigen certificaat ziet u de vingerafdruk voordat het vertrouwd wordt.</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
</context>
<context>
    <name>sluice::console::ConsoleApp</name>
    <message>
        <source>Trust this certificate?</source>
        <translation>Dit certificaat vertrouwen?</translation>
    </message>
    <message>
        <source>&lt;p&gt;The agent at %1 presented a certificate this computer does not trust:&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Subject: %3&lt;br&gt;SHA-256 fingerprint:&lt;br&gt;&lt;code&gt;%4&lt;/code&gt;&lt;/p&gt;&lt;p&gt;Compare the fingerprint with the agent&apos;s (&lt;code&gt;openssl x509 -noout -fingerprint -sha256 -in CERT&lt;/code&gt;). Trust it for this agent from now on?&lt;/p&gt;</source>
        <translation>&lt;p&gt;De agent op %1 toont een certificaat dat deze computer niet vertrouwt:&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Onderwerp: %3&lt;br&gt;SHA-256-vingerafdruk:&lt;br&gt;&lt;code&gt;%4&lt;/code&gt;&lt;/p&gt;&lt;p&gt;Vergelijk de vingerafdruk met die van de agent (&lt;code&gt;openssl x509 -noout -fingerprint -sha256 -in CERT&lt;/code&gt;). Dit certificaat voortaan vertrouwen voor deze agent?&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>sluice::console::ConsumersModel</name>
    <message>
        <source>Revoked on %1: the token no longer works; its subscriptions keep delivering</source>
        <translation>Ingetrokken op %1: het token werkt niet meer; de abonnementen blijven leveren</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>ingetrokken</translation>
    </message>
    <message>
        <source>active</source>
        <translation>actief</translation>
    </message>
    <message>
        <source>every exposed type</source>
        <translation>elk vrijgegeven type</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 van %2</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nooit</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>Afnemer</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>May subscribe to</source>
        <translation>Mag zich abonneren op</translation>
    </message>
    <message>
        <source>Subscriptions</source>
        <translation>Abonnementen</translation>
    </message>
    <message>
        <source>Token made</source>
        <translation>Token gemaakt</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Laatst gebruikt</translation>
    </message>
</context>
<context>
    <name>sluice::console::ConsumersView</name>
    <message>
        <source>&amp;New…</source>
        <translation>&amp;Nieuw…</translation>
    </message>
    <message>
        <source>Make a consumer of the Subscriptions API, with its token (%1)</source>
        <translation>Een afnemer van de Subscriptions API maken, met zijn token (%1)</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bewerken…</translation>
    </message>
    <message>
        <source>Change the types the consumer may subscribe to, and how many subscriptions it may have</source>
        <translation>Wijzigen op welke types de afnemer zich mag abonneren, en hoeveel abonnementen hij mag hebben</translation>
    </message>
    <message>
        <source>&amp;Rotate token</source>
        <translation>Token &amp;vervangen</translation>
    </message>
    <message>
        <source>A new token, shown once; the old one stops working at once</source>
        <translation>Een nieuw token, één keer getoond; het oude werkt meteen niet meer</translation>
    </message>
    <message>
        <source>Re&amp;voke</source>
        <translation>&amp;Intrekken</translation>
    </message>
    <message>
        <source>The token stops working; the consumer&apos;s subscriptions keep delivering</source>
        <translation>Het token werkt niet meer; de abonnementen van de afnemer blijven leveren</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>Verwij&amp;deren</translation>
    </message>
    <message>
        <source>Delete a consumer that has no subscriptions left</source>
        <translation>Een afnemer verwijderen die geen abonnementen meer heeft</translation>
    </message>
    <message>
        <source>No consumers yet. Press New to let a team subscribe itself through the Subscriptions API.</source>
        <translation>Nog geen afnemers. Druk op Nieuw om een team zelf te laten abonneren via de Subscriptions API.</translation>
    </message>
    <message>
        <source>New consumer</source>
        <translation>Nieuwe afnemer</translation>
    </message>
    <message>
        <source>Consumer %1</source>
        <translation>Afnemer %1</translation>
    </message>
    <message>
        <source>e.g. crm</source>
        <translation>bv. crm</translation>
    </message>
    <message>
        <source>One type or prefix per line, e.g. be.digipolis.wcm.v4.content.*
Empty: every exposed type</source>
        <translation>Eén type of voorvoegsel per regel, bv. be.digipolis.wcm.v4.content.*
Leeg: elk vrijgegeven type</translation>
    </message>
    <message>
        <source>the agent&apos;s default</source>
        <translation>de standaard van de agent</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Naam:</translation>
    </message>
    <message>
        <source>May subscribe &amp;to:</source>
        <translation>Mag zich abonneren &amp;op:</translation>
    </message>
    <message>
        <source>&amp;Subscriptions at most:</source>
        <translation>Hoogstens &amp;abonnementen:</translation>
    </message>
    <message>
        <source>Consumer %1 was made.</source>
        <translation>Afnemer %1 is gemaakt.</translation>
    </message>
    <message>
        <source>Consumer %1 was changed.</source>
        <translation>Afnemer %1 is gewijzigd.</translation>
    </message>
    <message>
        <source>Rotate the token of %1?</source>
        <translation>Het token van %1 vervangen?</translation>
    </message>
    <message>
        <source>A new token is made and shown once; the old one stops working at once.</source>
        <translation>Er wordt een nieuw token gemaakt en één keer getoond; het oude werkt meteen niet meer.</translation>
    </message>
    <message>
        <source>%1 has a new token.</source>
        <translation>%1 heeft een nieuw token.</translation>
    </message>
    <message>
        <source>Revoke the token of %1?</source>
        <translation>Het token van %1 intrekken?</translation>
    </message>
    <message>
        <source>%1 can no longer use the Subscriptions API. Its subscriptions keep delivering; rotating the token lets it in again.</source>
        <translation>%1 kan de Subscriptions API niet meer gebruiken. De abonnementen blijven leveren; met een vervangen token kan hij er weer in.</translation>
    </message>
    <message>
        <source>The token of %1 was revoked.</source>
        <translation>Het token van %1 is ingetrokken.</translation>
    </message>
    <message>
        <source>Delete %1?</source>
        <translation>%1 verwijderen?</translation>
    </message>
    <message>
        <source>Delete the consumer %1?</source>
        <translation>De afnemer %1 verwijderen?</translation>
    </message>
    <message>
        <source>%1 was deleted.</source>
        <translation>%1 is verwijderd.</translation>
    </message>
</context>
<context>
    <name>sluice::console::FailuresModel</name>
    <message>
        <source>Subscription</source>
        <translation>Abonnement</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Onderwerp</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Toestand</translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation>HTTP-status</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Pogingen</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
</context>
<context>
    <name>sluice::console::FailuresView</name>
    <message>
        <source>Retry all?</source>
        <translation>Alles opnieuw proberen?</translation>
    </message>
    <message>
        <source>Retry all %1 deliveries that match the choices above?</source>
        <translation>Alle %1 leveringen die aan de keuzes hierboven voldoen opnieuw proberen?</translation>
    </message>
    <message>
        <source>Discard?</source>
        <translation>Verwerpen?</translation>
    </message>
    <message>
        <source>Discard the selected deliveries? They are kept but never sent.</source>
        <translation>De gekozen leveringen verwerpen? Ze blijven bewaard maar worden nooit verstuurd.</translation>
    </message>
    <message numerus="yes">
        <source>%n matching</source>
        <translation>
            <numerusform>%n gevonden</numerusform>
            <numerusform>%n gevonden</numerusform>
        </translation>
    </message>
    <message>
        <source> (the first %1 shown)</source>
        <translation> (de eerste %1 getoond)</translation>
    </message>
    <message>
        <source>&amp;Deliveries</source>
        <translation>&amp;Leveringen</translation>
    </message>
    <message>
        <source>&amp;Quarantine</source>
        <translation>&amp;Quarantaine</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Onbestelbaar</translation>
    </message>
    <message>
        <source>Discarded</source>
        <translation>Verworpen</translation>
    </message>
    <message>
        <source>Which subscription&apos;s deliveries</source>
        <translation>De leveringen van welk abonnement</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Vernieuwen</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Opnieuw</translation>
    </message>
    <message>
        <source>Retry the selected deliveries now (%1)</source>
        <translation>De gekozen leveringen nu opnieuw proberen (%1)</translation>
    </message>
    <message>
        <source>Retry &amp;all matching</source>
        <translation>&amp;Alle gevonden opnieuw</translation>
    </message>
    <message>
        <source>Retry every delivery matching the choices, in the background with progress</source>
        <translation>Elke levering die aan de keuzes voldoet opnieuw proberen, op de achtergrond met voortgang</translation>
    </message>
    <message>
        <source>D&amp;iscard</source>
        <translation>Ve&amp;rwerpen</translation>
    </message>
    <message>
        <source>Never send the selected deliveries; they stay visible as discarded</source>
        <translation>De gekozen leveringen nooit versturen; ze blijven zichtbaar als verworpen</translation>
    </message>
    <message>
        <source>Remove the selected quarantined messages</source>
        <translation>De gekozen berichten in quarantaine verwijderen</translation>
    </message>
    <message>
        <source>Nothing quarantined — every message could be read.</source>
        <translation>Niets in quarantaine — elk bericht kon gelezen worden.</translation>
    </message>
    <message>
        <source>Choose a delivery to see its event and every attempt.</source>
        <translation>Kies een levering om haar event en elke poging te zien.</translation>
    </message>
    <message>
        <source>Choose a message to see its bytes and why it was quarantined.</source>
        <translation>Kies een bericht om de bytes te zien en waarom het in quarantaine ging.</translation>
    </message>
    <message>
        <source>All subscriptions</source>
        <translation>Alle abonnementen</translation>
    </message>
    <message>
        <source>Nothing was retried: %1</source>
        <translation>Niets werd opnieuw geprobeerd: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n delivery(s) will be retried now.</source>
        <translation>
            <numerusform>%n levering wordt nu opnieuw geprobeerd.</numerusform>
            <numerusform>%n leveringen worden nu opnieuw geprobeerd.</numerusform>
        </translation>
    </message>
    <message>
        <source>%v of %m retried</source>
        <translation>%v van %m opnieuw geprobeerd</translation>
    </message>
    <message>
        <source>Retrying stopped: %1</source>
        <translation>Opnieuw proberen gestopt: %1</translation>
    </message>
    <message>
        <source>Nothing was discarded: %1</source>
        <translation>Niets werd verworpen: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n delivery(s) discarded.</source>
        <translation>
            <numerusform>%n levering verworpen.</numerusform>
            <numerusform>%n leveringen verworpen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) discarded.</source>
        <translation>
            <numerusform>%n bericht verworpen.</numerusform>
            <numerusform>%n berichten verworpen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delivery %1 to %2
</source>
        <translation>Levering %1 aan %2
</translation>
    </message>
    <message>
        <source>Event:</source>
        <translation>Event:</translation>
    </message>
    <message>
        <source>Why: %1
</source>
        <translation>Waarom: %1
</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Vraagt aandacht</translation>
    </message>
    <message>
        <source>Held back</source>
        <translation>Vastgehouden</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wachtend</translation>
    </message>
    <message>
        <source>Needs attention: dead letters, and deliveries held back (circuit open, endpoint disabled, paused, outside the delivery window, …)</source>
        <translation>Vraagt aandacht: onbestelbare leveringen, en leveringen die worden vastgehouden (circuit open, eindpunt uitgeschakeld, gepauzeerd, buiten het leveringsvenster, …)</translation>
    </message>
    <message>
        <source>Nothing needs attention: no dead letters, and nothing is held back.</source>
        <translation>Niets vraagt aandacht: geen onbestelbare leveringen, en niets wordt vastgehouden.</translation>
    </message>
    <message>
        <source>Nothing is held back: every endpoint takes deliveries.</source>
        <translation>Niets wordt vastgehouden: elk eindpunt neemt leveringen aan.</translation>
    </message>
    <message>
        <source>Nothing is waiting.</source>
        <translation>Niets wacht.</translation>
    </message>
    <message>
        <source>No dead letters.</source>
        <translation>Geen onbestelbare leveringen.</translation>
    </message>
    <message>
        <source>Nothing was discarded.</source>
        <translation>Niets werd verworpen.</translation>
    </message>
    <message>
        <source>Nothing matches now; nothing was retried.</source>
        <translation>Nu voldoet niets; niets werd opnieuw geprobeerd.</translation>
    </message>
    <message numerus="yes">
        <source>%n more matched after you confirmed; they were left as they are.</source>
        <translation>
            <numerusform>Nog %n voldeed na je bevestiging; die bleef zoals ze was.</numerusform>
            <numerusform>Nog %n voldeden na je bevestiging; die bleven zoals ze waren.</numerusform>
        </translation>
    </message>
    <message>
        <source>State: %1 — %2
</source>
        <translation>Toestand: %1 — %2
</translation>
    </message>
    <message>
        <source>Attempts: %1</source>
        <translation>Pogingen: %1</translation>
    </message>
</context>
<context>
    <name>sluice::console::FilterConditions</name>
    <message>
        <source>Condition</source>
        <translation>Voorwaarde</translation>
    </message>
    <message>
        <source>Attribute or JSON pointer</source>
        <translation>Attribuut of JSON-pointer</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>Add condition</source>
        <translation>Voorwaarde toevoegen</translation>
    </message>
    <message>
        <source>Remove condition</source>
        <translation>Voorwaarde verwijderen</translation>
    </message>
    <message>
        <source>All conditions must hold. Attributes are CloudEvents attributes (type, source, subject, …); a JSON pointer such as /status/new points into the data. Changing the conditions rewrites the filter below.</source>
        <translation>Alle voorwaarden moeten gelden. Attributen zijn CloudEvents-attributen (type, source, subject, …); een JSON-pointer zoals /status/new wijst in de data. De voorwaarden wijzigen herschrijft het filter hieronder.</translation>
    </message>
    <message>
        <source>attribute is</source>
        <translation>attribuut is</translation>
    </message>
    <message>
        <source>attribute starts with</source>
        <translation>attribuut begint met</translation>
    </message>
    <message>
        <source>attribute ends with</source>
        <translation>attribuut eindigt op</translation>
    </message>
    <message>
        <source>data value is</source>
        <translation>waarde in de data is</translation>
    </message>
    <message>
        <source>data value exists</source>
        <translation>waarde in de data bestaat</translation>
    </message>
    <message>
        <source>Condition %1: a JSON pointer into the data, such as /status/new</source>
        <translation>Voorwaarde %1: een JSON-pointer in de data, zoals /status/new</translation>
    </message>
    <message>
        <source>Condition %1: which attribute (type, source, subject, …)</source>
        <translation>Voorwaarde %1: welk attribuut (type, source, subject, …)</translation>
    </message>
    <message>
        <source>Condition %1: the value to compare with (write &quot;&quot; for an empty text)</source>
        <translation>Voorwaarde %1: de waarde om mee te vergelijken (schrijf &quot;&quot; voor een lege tekst)</translation>
    </message>
    <message>
        <source>Condition %1: the value to compare with; an empty value matches nothing</source>
        <translation>Voorwaarde %1: de waarde om mee te vergelijken; een lege waarde past op niets</translation>
    </message>
</context>
<context>
    <name>sluice::console::HealthChart</name>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 — no attempts</source>
        <translation>%1 — geen pogingen</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>gelukt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>mislukt</translation>
    </message>
    <message>
        <source>p95 duration</source>
        <translation>duur p95</translation>
    </message>
    <message>
        <source>the last hour, a column per minute</source>
        <translation>het afgelopen uur, een kolom per minuut</translation>
    </message>
</context>
<context>
    <name>sluice::console::HealthPane</name>
    <message>
        <source>Choose a subscription to see its last hour.</source>
        <translation>Kies een abonnement om zijn afgelopen uur te zien.</translation>
    </message>
    <message>
        <source>%1 in the last hour: %2</source>
        <translation>%1 in het afgelopen uur: %2</translation>
    </message>
</context>
<context>
    <name>sluice::console::LiveEventsModel</name>
    <message>
        <source>none</source>
        <translation>geen</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Tijd</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Onderwerp</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Bron</translation>
    </message>
    <message>
        <source>Matched subscriptions</source>
        <translation>Gekozen door</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Uitkomst</translation>
    </message>
</context>
<context>
    <name>sluice::console::LiveEventsView</name>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pauzeren</translation>
    </message>
    <message>
        <source>Stop adding events; what was fetched stays (%1)</source>
        <translation>Geen events meer toevoegen; wat er is blijft staan (%1)</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Leegmaken</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xporteren…</translation>
    </message>
    <message>
        <source>Save the selected events (or all shown) as a JSON array (%1)</source>
        <translation>De gekozen events (of alle getoonde) bewaren als JSON-array (%1)</translation>
    </message>
    <message>
        <source>Types, e.g. be.digipolis.wcm.v4.content.*</source>
        <translation>Types, bv. be.digipolis.wcm.v4.content.*</translation>
    </message>
    <message>
        <source>The agent sends only these types (patterns with a trailing *)</source>
        <translation>De agent stuurt alleen deze types (patronen met een * op het einde)</translation>
    </message>
    <message>
        <source>Filter, e.g. {&quot;prefix&quot;: {&quot;subject&quot;: &quot;content/&quot;}}</source>
        <translation>Filter, bv. {&quot;prefix&quot;: {&quot;subject&quot;: &quot;content/&quot;}}</translation>
    </message>
    <message>
        <source>A subscription filter; the agent applies it as events arrive</source>
        <translation>Een abonnementsfilter; de agent past het toe zodra events binnenkomen</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Toepassen</translation>
    </message>
    <message>
        <source>Search the events shown…</source>
        <translation>Zoeken in de getoonde events…</translation>
    </message>
    <message>
        <source>CloudEvent</source>
        <translation>CloudEvent</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>Ruw</translation>
    </message>
    <message>
        <source>No events yet. They appear here as the agent consumes them.</source>
        <translation>Nog geen events. Ze verschijnen hier zodra de agent ze leest.</translation>
    </message>
    <message>
        <source>%1 shown of %2 kept · %3 events/s</source>
        <translation>%1 getoond van %2 bewaard · %3 events/s</translation>
    </message>
    <message>
        <source> · %1 held back by the agent to keep the console responsive</source>
        <translation> · %1 tegengehouden door de agent om de console vlot te houden</translation>
    </message>
    <message>
        <source> · paused, %1 missed</source>
        <translation> · gepauzeerd, %1 gemist</translation>
    </message>
    <message>
        <source>The filter is not a JSON object: %1</source>
        <translation>Het filter is geen JSON-object: %1</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>%1 kon niet geschreven worden: %2</translation>
    </message>
    <message>
        <source>Export events</source>
        <translation>Events exporteren</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-bestanden (*.json)</translation>
    </message>
    <message>
        <source>Events saved to %1</source>
        <translation>Events bewaard in %1</translation>
    </message>
</context>
<context>
    <name>sluice::console::MainWindow</name>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 mislukt: %2</translation>
    </message>
    <message>
        <source>Export AsyncAPI</source>
        <translation>AsyncAPI exporteren</translation>
    </message>
    <message>
        <source>AsyncAPI documents (*.json)</source>
        <translation>AsyncAPI-documenten (*.json)</translation>
    </message>
    <message>
        <source>AsyncAPI saved to %1</source>
        <translation>AsyncAPI bewaard in %1</translation>
    </message>
    <message>
        <source>About Sluice Console</source>
        <translation>Over Sluice Console</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Sluice Console %1&lt;/h3&gt;&lt;p&gt;Governs a Sluice agent: the event register, subscriptions, live events and failures.&lt;/p&gt;&lt;p&gt;Agent: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Sluice Console %1&lt;/h3&gt;&lt;p&gt;Beheert een Sluice-agent: het eventregister, abonnementen, live-events en mislukte leveringen.&lt;/p&gt;&lt;p&gt;Agent: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>niet verbonden</translation>
    </message>
    <message>
        <source>Sluice Console</source>
        <translation>Sluice Console</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation>&amp;Overzicht</translation>
    </message>
    <message>
        <source>&amp;Register</source>
        <translation>&amp;Register</translation>
    </message>
    <message>
        <source>&amp;Subscriptions</source>
        <translation>&amp;Abonnementen</translation>
    </message>
    <message>
        <source>&amp;Live events</source>
        <translation>L&amp;ive-events</translation>
    </message>
    <message>
        <source>&amp;Failures</source>
        <translation>&amp;Mislukt</translation>
    </message>
    <message>
        <source>&amp;Agent</source>
        <translation>&amp;Agent</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Verbinden…</translation>
    </message>
    <message>
        <source>Connect to an agent, saved or new</source>
        <translation>Verbinden met een agent, bewaard of nieuw</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>Verbinding &amp;verbreken</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Ver&amp;nieuwen</translation>
    </message>
    <message>
        <source>Export &amp;AsyncAPI…</source>
        <translation>&amp;AsyncAPI exporteren…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>A&amp;fsluiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Beeld</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Taal</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>Het &amp;systeem volgen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hulp</translation>
    </message>
    <message>
        <source>&amp;About Sluice Console</source>
        <translation>&amp;Over Sluice Console</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Niet verbonden</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinden…</translation>
    </message>
    <message>
        <source>Connected as administrator</source>
        <translation>Verbonden als beheerder</translation>
    </message>
    <message>
        <source>Connected as viewer (read only)</source>
        <translation>Verbonden als kijker (alleen lezen)</translation>
    </message>
    <message>
        <source>Connection lost, reconnecting</source>
        <translation>Verbinding verbroken, opnieuw verbinden</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Geweigerd</translation>
    </message>
    <message>
        <source>Co&amp;nsumers</source>
        <translation>Af&amp;nemers</translation>
    </message>
    <message>
        <source>not live since %1</source>
        <translation>niet live sinds %1</translation>
    </message>
    <message>
        <source>in %1/s · delivered %2/s · duplicates %3 (%4/s) · quarantined %5 (%6/s) · live %7/s</source>
        <translation>in %1/s · afgeleverd %2/s · dubbels %3 (%4/s) · quarantaine %5 (%6/s) · live %7/s</translation>
    </message>
</context>
<context>
    <name>sluice::console::OverviewView</name>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 u</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 u %2 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>Events per second, last five minutes</source>
        <translation>Events per seconde, laatste vijf minuten</translation>
    </message>
    <message>
        <source>Waiting deliveries</source>
        <translation>Wachtende leveringen</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Onbestelbaar</translation>
    </message>
    <message>
        <source>Consumer lag</source>
        <translation>Achterstand</translation>
    </message>
    <message>
        <source>Quarantined</source>
        <translation>In quarantaine</translation>
    </message>
    <message>
        <source>Store size</source>
        <translation>Grootte van de opslag</translation>
    </message>
    <message>
        <source>Consumed in all</source>
        <translation>Gelezen in totaal</translation>
    </message>
    <message>
        <source>Agent version</source>
        <translation>Versie van de agent</translation>
    </message>
    <message>
        <source>Up for</source>
        <translation>Draait sinds</translation>
    </message>
    <message>
        <source>Messages on the bus not yet consumed, over all partitions</source>
        <translation>Berichten op de bus die nog niet gelezen zijn, over alle partities</translation>
    </message>
    <message numerus="yes">
        <source>%1 over %n partition(s)</source>
        <translation>
            <numerusform>%1 over %n partitie</numerusform>
            <numerusform>%1 over %n partities</numerusform>
        </translation>
    </message>
    <message>
        <source>Events per second, last five minutes — not live since %1: the agent cannot be reached</source>
        <translation>Events per seconde, laatste vijf minuten — niet live sinds %1: de agent is onbereikbaar</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>Dubbels</translation>
    </message>
    <message>
        <source>Messages that could not be read as events, in all and per second</source>
        <translation>Berichten die niet als event gelezen konden worden, in totaal en per seconde</translation>
    </message>
    <message>
        <source>Events read again (after a restart or a rebalance) and dropped, because their deliveries were made the first time; in all and per second</source>
        <translation>Events die opnieuw gelezen werden (na een herstart of herverdeling) en weggelaten, omdat hun leveringen de eerste keer gemaakt zijn; in totaal en per seconde</translation>
    </message>
    <message>
        <source>%1 (%2/s)</source>
        <translation>%1 (%2/s)</translation>
    </message>
</context>
<context>
    <name>sluice::console::PriorityRulesEditor</name>
    <message>
        <source>Priority rule %1: which types it votes for (patterns, or *) %2</source>
        <translation>Prioriteitsregel %1: voor welke types ze stemt (patronen, of *) %2</translation>
    </message>
    <message>
        <source>Priority rule %1: the filter is not a filter: %2</source>
        <translation>Prioriteitsregel %1: de filter is geen filter: %2</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>geen JSON-object</translation>
    </message>
    <message>
        <source>Types</source>
        <translation>Types</translation>
    </message>
    <message>
        <source>Only when (filter, optional)</source>
        <translation>Alleen als (filter, niet verplicht)</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioriteit</translation>
    </message>
    <message>
        <source>low</source>
        <translation>laag</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>normaal</translation>
    </message>
    <message>
        <source>high</source>
        <translation>hoog</translation>
    </message>
    <message>
        <source>immediate</source>
        <translation>onmiddellijk</translation>
    </message>
    <message>
        <source>Each rule votes for a priority of the events it selects; the highest vote wins, and no vote lowers the subscription&apos;s own priority</source>
        <translation>Elke regel stemt voor een prioriteit van de events die ze kiest; de hoogste stem wint, en geen stem verlaagt de eigen prioriteit van het abonnement</translation>
    </message>
</context>
<context>
    <name>sluice::console::QuarantineModel</name>
    <message>
        <source>Received</source>
        <translation>Ontvangen</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partitie</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Offset</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Grootte</translation>
    </message>
    <message>
        <source>Why it was quarantined</source>
        <translation>Waarom in quarantaine</translation>
    </message>
</context>
<context>
    <name>sluice::console::RecordTable</name>
    <message>
        <source>Add</source>
        <translation>Toevoegen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
</context>
<context>
    <name>sluice::console::RegisterModel</name>
    <message>
        <source>exposed</source>
        <translation>vrijgegeven</translation>
    </message>
    <message>
        <source>internal</source>
        <translation>intern</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Exposure</source>
        <translation>Vrijgave</translation>
    </message>
</context>
<context>
    <name>sluice::console::RegisterView</name>
    <message>
        <source>Search types, names and paths…</source>
        <translation>Zoeken in types, namen en paden…</translation>
    </message>
    <message>
        <source>Export &amp;AsyncAPI…</source>
        <translation>&amp;AsyncAPI exporteren…</translation>
    </message>
    <message>
        <source>Save the AsyncAPI 3.0 document of every exposed event type</source>
        <translation>Het AsyncAPI 3.0-document van elk vrijgegeven eventtype bewaren</translation>
    </message>
    <message>
        <source>The register is empty until the agent is connected.</source>
        <translation>Het register is leeg tot de agent verbonden is.</translation>
    </message>
    <message>
        <source>E&amp;xposed: may be delivered outside the organisation</source>
        <translation>&amp;Vrijgegeven: mag buiten de organisatie geleverd worden</translation>
    </message>
    <message>
        <source>Only exposed types can be subscribed to and leave the agent</source>
        <translation>Alleen vrijgegeven types kunnen een abonnement krijgen en de agent verlaten</translation>
    </message>
    <message>
        <source>Exposure</source>
        <translation>Vrijgave</translation>
    </message>
    <message>
        <source>&amp;Validation</source>
        <translation>Va&amp;lidatie</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>&amp;Status</translation>
    </message>
    <message>
        <source>Schema</source>
        <translation>Schema</translation>
    </message>
    <message>
        <source>Seen</source>
        <translation>Gezien</translation>
    </message>
    <message>
        <source>Used by</source>
        <translation>Gebruikt door</translation>
    </message>
    <message>
        <source>Last invalid</source>
        <translation>Laatst ongeldig</translation>
    </message>
    <message>
        <source>off: not checked; warn: delivered and counted; enforce: quarantined</source>
        <translation>uit: niet gecontroleerd; waarschuwen: geleverd en geteld; afdwingen: in quarantaine</translation>
    </message>
    <message>
        <source>JSON Schema</source>
        <translation>JSON Schema</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>Voorbeeld</translation>
    </message>
    <message>
        <source>Choose an event type</source>
        <translation>Kies een eventtype</translation>
    </message>
    <message>
        <source>Pick a type on the left to see its description, schema and figures.</source>
        <translation>Kies links een type om de beschrijving, het schema en de cijfers te zien.</translation>
    </message>
    <message>
        <source>no subscription</source>
        <translation>geen abonnement</translation>
    </message>
    <message>
        <source>module %1</source>
        <translation>module %1</translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>versie %1</translation>
    </message>
    <message>
        <source>last %1 · %2 in the last hour · %3 in the last day · %4 in all</source>
        <translation>laatst %1 · %2 in het laatste uur · %3 op de laatste dag · %4 in totaal</translation>
    </message>
    <message>
        <source>not seen yet</source>
        <translation>nog niet gezien</translation>
    </message>
    <message>
        <source>none (%1 checked)</source>
        <translation>geen (%1 gecontroleerd)</translation>
    </message>
    <message>
        <source>%1 of %2 checked; the newest at %3: %4</source>
        <translation>%1 van %2 gecontroleerd; de jongste om %3: %4</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>The register was not changed: %1</source>
        <translation>Het register werd niet gewijzigd: %1</translation>
    </message>
    <message>
        <source>The register entry was changed.</source>
        <translation>Het registeritem werd gewijzigd.</translation>
    </message>
    <message>
        <source>Export AsyncAPI</source>
        <translation>AsyncAPI exporteren</translation>
    </message>
    <message>
        <source>AsyncAPI documents (*.json)</source>
        <translation>AsyncAPI-documenten (*.json)</translation>
    </message>
    <message>
        <source>AsyncAPI saved to %1</source>
        <translation>AsyncAPI bewaard in %1</translation>
    </message>
    <message>
        <source>The AsyncAPI document could not be made: %1</source>
        <translation>Het AsyncAPI-document kon niet gemaakt worden: %1</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>%1 kon niet geschreven worden: %2</translation>
    </message>
    <message>
        <source>No example: none was given, and the events seen carry no JSON data.</source>
        <translation>Geen voorbeeld: er werd er geen gegeven, en de geziene events dragen geen JSON-data.</translation>
    </message>
</context>
<context>
    <name>sluice::console::ReplayDialog</name>
    <message>
        <source>until &amp;now</source>
        <translation>tot &amp;nu</translation>
    </message>
    <message>
        <source>&amp;Count first</source>
        <translation>Eerst t&amp;ellen</translation>
    </message>
    <message>
        <source>&amp;Replay</source>
        <translation>&amp;Opnieuw sturen</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Stoppen</translation>
    </message>
    <message>
        <source>Replay events of %1</source>
        <translation>Events van %1 opnieuw sturen</translation>
    </message>
    <message>
        <source>Count first: how many events would be sent again, with examples.</source>
        <translation>Eerst tellen: hoeveel events opnieuw verstuurd zouden worden, met voorbeelden.</translation>
    </message>
    <message>
        <source>The agent reads the subscription&apos;s topics again from Kafka, applies the subscription as it is now, and sends what it selects once more, marked as a replay, after live deliveries.</source>
        <translation>De agent leest de topics van het abonnement opnieuw uit Kafka, past het abonnement toe zoals het nu is, en verstuurt wat het selecteert nog eens, gemarkeerd als herhaling, na de live leveringen.</translation>
    </message>
    <message>
        <source>&amp;From (local time):</source>
        <translation>&amp;Van (lokale tijd):</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Tot:</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Tellen…</translation>
    </message>
    <message>
        <source>Starting the replay…</source>
        <translation>Opnieuw sturen start…</translation>
    </message>
    <message>
        <source>%1 of %2 messages read</source>
        <translation>%1 van %2 berichten gelezen</translation>
    </message>
    <message numerus="yes">
        <source>Counting: %Ln selected so far.</source>
        <translation>
            <numerusform>Tellen: tot nu toe %Ln geselecteerd.</numerusform>
            <numerusform>Tellen: tot nu toe %Ln geselecteerd.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replaying: %Ln stored for sending so far.</source>
        <translation>
            <numerusform>Opnieuw sturen: tot nu toe %Ln klaargezet.</numerusform>
            <numerusform>Opnieuw sturen: tot nu toe %Ln klaargezet.</numerusform>
        </translation>
    </message>
    <message>
        <source>The replay failed: %1</source>
        <translation>Opnieuw sturen mislukte: %1</translation>
    </message>
    <message numerus="yes">
        <source>Stopped: %Ln event(s) stored for sending until then.</source>
        <translation>
            <numerusform>Gestopt: tot dan %Ln event klaargezet om te sturen.</numerusform>
            <numerusform>Gestopt: tot dan %Ln events klaargezet om te sturen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s) would be sent again</source>
        <translation>
            <numerusform>%Ln event zou opnieuw verstuurd worden</numerusform>
            <numerusform>%Ln events zouden opnieuw verstuurd worden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(of %Ln message(s) read). Replay sends these.</source>
        <translation>
            <numerusform>(van %Ln gelezen bericht). Opnieuw sturen verstuurt deze.</numerusform>
            <numerusform>(van %Ln gelezen berichten). Opnieuw sturen verstuurt deze.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done: %Ln event(s) stored; they are sent after live deliveries.</source>
        <translation>
            <numerusform>Klaar: %Ln event klaargezet; het gaat mee na de live leveringen.</numerusform>
            <numerusform>Klaar: %Ln events klaargezet; ze gaan mee na de live leveringen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Kafka no longer has part of this range:</source>
        <translation>Kafka heeft een deel van deze periode niet meer:</translation>
    </message>
    <message>
        <source>For example:</source>
        <translation>Bijvoorbeeld:</translation>
    </message>
    <message>
        <source>Count first: a replay sends what the count found</source>
        <translation>Eerst tellen: opnieuw sturen verstuurt wat de telling vond</translation>
    </message>
</context>
<context>
    <name>sluice::console::RpcClient</name>
    <message>
        <source>not connected to the agent</source>
        <translation>niet verbonden met de agent</translation>
    </message>
</context>
<context>
    <name>sluice::console::SecretDialog</name>
    <message>
        <source>Signing secret of %1</source>
        <translation>Ondertekeningsgeheim van %1</translation>
    </message>
    <message>
        <source>Give this secret to the consumer of %1: it verifies the webhook-signature of every delivery with it. It is shown this once; rotate it if it is lost.</source>
        <translation>Geef dit geheim aan de afnemer van %1: die controleert er de webhook-signature van elke levering mee. Het wordt deze ene keer getoond; vervang het als het verloren is.</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopiëren</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Gekopieerd</translation>
    </message>
    <message>
        <source>Token of %1</source>
        <translation>Token van %1</translation>
    </message>
    <message>
        <source>Give this token to %1: it subscribes with it through the Subscriptions API (docs/consumers.md). It is shown this once; the agent keeps only its hash. Rotate it if it is lost.</source>
        <translation>Geef dit token aan %1: daarmee abonneert hij zich via de Subscriptions API (docs/consumers.md). Het wordt deze ene keer getoond; de agent bewaart alleen de hash. Vervang het als het verloren is.</translation>
    </message>
</context>
<context>
    <name>sluice::console::SubscriptionEditor</name>
    <message>
        <source>%1: %2 expected (%3)</source>
        <translation>%1: %2 verwacht (%3)</translation>
    </message>
    <message>
        <source>a JSON array</source>
        <translation>een JSON-array</translation>
    </message>
    <message>
        <source>a JSON object</source>
        <translation>een JSON-object</translation>
    </message>
    <message>
        <source>another kind</source>
        <translation>iets anders</translation>
    </message>
    <message>
        <source>New subscription</source>
        <translation>Nieuw abonnement</translation>
    </message>
    <message>
        <source>Subscription %1</source>
        <translation>Abonnement %1</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>&amp;Algemeen</translation>
    </message>
    <message>
        <source>Event &amp;types</source>
        <translation>Event&amp;types</translation>
    </message>
    <message>
        <source>&amp;Filter</source>
        <translation>&amp;Filter</translation>
    </message>
    <message>
        <source>&amp;Headers &amp;&amp; auth</source>
        <translation>&amp;Kopregels &amp;&amp; aanmelding</translation>
    </message>
    <message>
        <source>&amp;Delivery</source>
        <translation>&amp;Levering</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <source>Unique; part of every delivery id. It cannot change later.</source>
        <translation>Uniek; deel van elke leverings-id. Kan later niet veranderen.</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Eindpunt</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Ingeschakeld</translation>
    </message>
    <message>
        <source>Delivery mode</source>
        <translation>Leveringswijze</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Batchgrootte</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioriteit</translation>
    </message>
    <message>
        <source>low</source>
        <translation>laag</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>normaal</translation>
    </message>
    <message>
        <source>high</source>
        <translation>hoog</translation>
    </message>
    <message>
        <source>immediate</source>
        <translation>onmiddellijk</translation>
    </message>
    <message>
        <source>Concurrency</source>
        <translation>Gelijktijdigheid</translation>
    </message>
    <message>
        <source>as configured</source>
        <translation>zoals geconfigureerd</translation>
    </message>
    <message>
        <source>In order per subject</source>
        <translation>In volgorde per onderwerp</translation>
    </message>
    <message>
        <source>Run the CloudEvents validation handshake first</source>
        <translation>Eerst de CloudEvents-validatiehandshake uitvoeren</translation>
    </message>
    <message>
        <source>Start with the newest known event of every type and subject</source>
        <translation>Beginnen met het jongste bekende event van elk type en onderwerp</translation>
    </message>
    <message>
        <source>A checked type is selected exactly; a checked namespace selects everything under it (a wildcard). Types that are not exposed cannot be chosen.</source>
        <translation>Een aangevinkt type wordt exact gekozen; een aangevinkte naamruimte kiest alles eronder (een wildcard). Niet-vrijgegeven types kunnen niet gekozen worden.</translation>
    </message>
    <message>
        <source>More patterns</source>
        <translation>Meer patronen</translation>
    </message>
    <message>
        <source>for example be.digipolis.wcm.v4.search.* or *</source>
        <translation>bijvoorbeeld be.digipolis.wcm.v4.search.* of *</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>The CloudEvents filter dialects exact, prefix, suffix, all, any, not, and data (see docs/configuration.md)</source>
        <translation>De CloudEvents-filterdialecten exact, prefix, suffix, all, any, not en data (zie docs/configuration.md)</translation>
    </message>
    <message>
        <source>Priority rules</source>
        <translation>Prioriteitsregels</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>Headers</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <source>Extra HTTP headers, such as an API key. Stored values show as *** and are kept unless you type a new one.</source>
        <translation>Extra HTTP-headers, zoals een API-sleutel. Bewaarde waarden staan er als *** en blijven behouden tenzij u een nieuwe typt.</translation>
    </message>
    <message>
        <source>Add header</source>
        <translation>Header toevoegen</translation>
    </message>
    <message>
        <source>Dr&amp;y-run</source>
        <translation>&amp;Proefrit</translation>
    </message>
    <message>
        <source>Which of the recent events would this definition select?</source>
        <translation>Welke van de recente events zou deze definitie kiezen?</translation>
    </message>
    <message>
        <source>Remove header</source>
        <translation>Header verwijderen</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Aanmelding</translation>
    </message>
    <message>
        <source>none</source>
        <translation>geen</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Gebruikersnaam</translation>
    </message>
    <message>
        <source>Password or token</source>
        <translation>Wachtwoord of token</translation>
    </message>
    <message>
        <source>kept unless you type a new one</source>
        <translation>blijft behouden tenzij u een nieuw typt</translation>
    </message>
    <message>
        <source>Retry schedule</source>
        <translation>Herhaalschema</translation>
    </message>
    <message>
        <source>as configured, for example 0, 10s, 1m, 10m, 1h</source>
        <translation>zoals geconfigureerd, bijvoorbeeld 0, 10s, 1m, 10m, 1h</translation>
    </message>
    <message>
        <source>Rate limit</source>
        <translation>Snelheidslimiet</translation>
    </message>
    <message>
        <source> events/s</source>
        <translation> events/s</translation>
    </message>
    <message>
        <source>Delivery windows</source>
        <translation>Leveringsvensters</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Tijdzone</translation>
    </message>
    <message>
        <source>Coalesce by</source>
        <translation>Samenvoegen op</translation>
    </message>
    <message>
        <source>attributes, for example type, subject</source>
        <translation>attributen, bijvoorbeeld type, subject</translation>
    </message>
    <message>
        <source>A newer event with the same values replaces one still waiting</source>
        <translation>Een jonger event met dezelfde waarden vervangt een event dat nog wacht</translation>
    </message>
    <message>
        <source>Dry-run shows here which recent events would be selected.</source>
        <translation>De proefrit toont hier welke recente events gekozen zouden worden.</translation>
    </message>
    <message>
        <source>Name: give the subscription a name</source>
        <translation>Naam: geef het abonnement een naam</translation>
    </message>
    <message>
        <source>Endpoint: where should the events go?</source>
        <translation>Eindpunt: waar moeten de events naartoe?</translation>
    </message>
    <message>
        <source>Event types: choose at least one type or pattern</source>
        <translation>Eventtypes: kies minstens één type of patroon</translation>
    </message>
    <message>
        <source>Asking the agent…</source>
        <translation>De agent vragen…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>Voorwaarden</translation>
    </message>
    <message>
        <source>Trusted CAs</source>
        <translation>Vertrouwde CA&apos;s</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>Clientcertificaat</translation>
    </message>
    <message>
        <source>Client key</source>
        <translation>Clientsleutel</translation>
    </message>
    <message>
        <source>a PEM file on the agent&apos;s machine, for example /etc/sluice/tls/ca.pem</source>
        <translation>een PEM-bestand op de machine van de agent, bijvoorbeeld /etc/sluice/tls/ca.pem</translation>
    </message>
    <message>
        <source>The certificate authorities to trust for this endpoint instead of the system&apos;s</source>
        <translation>De certificaatautoriteiten die voor dit eindpunt vertrouwd worden in plaats van die van het systeem</translation>
    </message>
    <message>
        <source>For mutual TLS: the certificate the agent presents to this endpoint</source>
        <translation>Voor wederzijdse TLS: het certificaat dat de agent aan dit eindpunt toont</translation>
    </message>
    <message>
        <source>The agent did not take it: %1</source>
        <translation>De agent nam het niet aan: %1</translation>
    </message>
    <message>
        <source>Dry-run re&amp;sult</source>
        <translation>Proefrit&amp;resultaat</translation>
    </message>
    <message>
        <source>structured: the CloudEvent as JSON</source>
        <translation>gestructureerd: het CloudEvent als JSON</translation>
    </message>
    <message>
        <source>binary: the data as body, attributes in ce- headers</source>
        <translation>binair: de data als body, de attributen in ce-kopregels</translation>
    </message>
    <message>
        <source>batch: several events per request</source>
        <translation>bundel: meerdere events per verzoek</translation>
    </message>
    <message>
        <source>How each event is sent: the content modes of the CloudEvents HTTP binding</source>
        <translation>Hoe elk event verstuurd wordt: de inhoudsvormen van de CloudEvents-HTTP-binding</translation>
    </message>
    <message>
        <source> events per request</source>
        <translation> events per verzoek</translation>
    </message>
    <message>
        <source> requests at once</source>
        <translation> verzoeken tegelijk</translation>
    </message>
    <message>
        <source>a PEM file on the agent&apos;s machine, for example /etc/sluice/tls/client.pem</source>
        <translation>een PEM-bestand op de machine van de agent, bijvoorbeeld /etc/sluice/tls/client.pem</translation>
    </message>
    <message>
        <source>a PEM file on the agent&apos;s machine, for example /etc/sluice/tls/client-key.pem</source>
        <translation>een PEM-bestand op de machine van de agent, bijvoorbeeld /etc/sluice/tls/client-key.pem</translation>
    </message>
    <message>
        <source>From the agent&apos;s configuration file: shown here, changed in that file.</source>
        <translation>Uit het configuratiebestand van de agent: hier getoond, daar gewijzigd.</translation>
    </message>
    <message>
        <source>Shown only: changing it needs an admin token.</source>
        <translation>Alleen getoond: wijzigen vraagt een beheerderstoken.</translation>
    </message>
    <message>
        <source>the agent&apos;s time zone</source>
        <translation>de tijdzone van de agent</translation>
    </message>
    <message>
        <source>Event types: %1</source>
        <translation>Eventtypes: %1</translation>
    </message>
    <message>
        <source>Filter: %1</source>
        <translation>Filter: %1</translation>
    </message>
    <message>
        <source>Retry schedule: %1</source>
        <translation>Herhaalschema: %1</translation>
    </message>
    <message>
        <source>Time zone: %1 is not a time zone; choose one from the list, or leave it empty for the agent&apos;s</source>
        <translation>Tijdzone: %1 is geen tijdzone; kies er een uit de lijst, of laat het leeg voor die van de agent</translation>
    </message>
    <message>
        <source>The agent would not take it: %1</source>
        <translation>De agent zou het niet aannemen: %1</translation>
    </message>
</context>
<context>
    <name>sluice::console::SubscriptionsModel</name>
    <message>
        <source>active</source>
        <translation>actief</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>wachtend</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>uitgeschakeld</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>Deliveries that became dead letters in the last hour</source>
        <translation>Leveringen die het laatste uur onbestelbaar werden</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>Abonnement</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Toestand</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Eindpunt</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wachtend</translation>
    </message>
    <message>
        <source>Delivered (1 h)</source>
        <translation>Afgeleverd (1 u)</translation>
    </message>
    <message>
        <source>Failed (1 h)</source>
        <translation>Mislukt (1 u)</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Tempo</translation>
    </message>
    <message>
        <source>configuration file</source>
        <translation>configuratiebestand</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>beheerder</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Eigenaar</translation>
    </message>
    <message>
        <source>fetched by its consumer (polling)</source>
        <translation>opgehaald door de afnemer (polling)</translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>%n s geleden</numerusform>
            <numerusform>%n s geleden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min geleden</numerusform>
            <numerusform>%n min geleden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n uur geleden</numerusform>
            <numerusform>%n uur geleden</numerusform>
        </translation>
    </message>
    <message>
        <source>last poll %1</source>
        <translation>laatst opgehaald %1</translation>
    </message>
    <message>
        <source>never polled</source>
        <translation>nog nooit opgehaald</translation>
    </message>
    <message>
        <source>oldest unread stored %1</source>
        <translation>oudste ongelezen opgeslagen %1</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Attempts in the last hour that the endpoint accepted</source>
        <translation>Pogingen in het afgelopen uur die het eindpunt aannam</translation>
    </message>
    <message>
        <source>How long attempts took in the last hour: half were quicker than the first, 95 in 100 than the second</source>
        <translation>Hoe lang pogingen in het afgelopen uur duurden: de helft was sneller dan het eerste getal, 95 op 100 sneller dan het tweede</translation>
    </message>
    <message>
        <source>Success (1 h)</source>
        <translation>Gelukt (1 u)</translation>
    </message>
    <message>
        <source>p50 / p95 (1 h)</source>
        <translation>p50 / p95 (1 u)</translation>
    </message>
</context>
<context>
    <name>sluice::console::SubscriptionsView</name>
    <message>
        <source>%1 in %2 ms

</source>
        <translation>%1 in %2 ms

</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Afgeleverd</translation>
    </message>
    <message>
        <source>Not delivered</source>
        <translation>Niet afgeleverd</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fout: %1</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>&amp;Nieuw…</translation>
    </message>
    <message>
        <source>Create a subscription (%1)</source>
        <translation>Een abonnement maken (%1)</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bewerken…</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Verwijderen</translation>
    </message>
    <message>
        <source>Delete the subscription; what still waits for it becomes dead letters</source>
        <translation>Het abonnement verwijderen; wat er nog voor wacht wordt onbestelbaar</translation>
    </message>
    <message>
        <source>&amp;Test</source>
        <translation>&amp;Testen</translation>
    </message>
    <message>
        <source>Send one signed example event and show the whole attempt (%1)</source>
        <translation>Eén ondertekend voorbeeldevent sturen en de hele poging tonen (%1)</translation>
    </message>
    <message>
        <source>D&amp;ry-run</source>
        <translation>&amp;Proefrit</translation>
    </message>
    <message>
        <source>Which of the recent events does this subscription select? (%1)</source>
        <translation>Welke van de recente events kiest dit abonnement? (%1)</translation>
    </message>
    <message>
        <source>&amp;Rotate secret</source>
        <translation>Geheim ve&amp;rvangen</translation>
    </message>
    <message>
        <source>A new signing secret; the old one keeps signing for the configured overlap</source>
        <translation>Een nieuw ondertekeningsgeheim; het oude blijft ondertekenen tijdens de ingestelde overlap</translation>
    </message>
    <message>
        <source>No subscriptions yet. Press New to send events to a consumer.</source>
        <translation>Nog geen abonnementen. Kies Nieuw om events naar een afnemer te sturen.</translation>
    </message>
    <message>
        <source>Test and dry-run results show here.</source>
        <translation>Resultaten van test en proefrit verschijnen hier.</translation>
    </message>
    <message>
        <source>Di&amp;sable</source>
        <translation>&amp;Uitschakelen</translation>
    </message>
    <message>
        <source>En&amp;able</source>
        <translation>&amp;Inschakelen</translation>
    </message>
    <message>
        <source>Comes from the configuration file: shown, changed there</source>
        <translation>Komt uit het configuratiebestand: hier getoond, daar gewijzigd</translation>
    </message>
    <message>
        <source>Change everything the subscription has</source>
        <translation>Alles van het abonnement wijzigen</translation>
    </message>
    <message>
        <source>%1 was created.</source>
        <translation>%1 werd gemaakt.</translation>
    </message>
    <message>
        <source>%1 was saved.</source>
        <translation>%1 werd bewaard.</translation>
    </message>
    <message>
        <source>Delete %1?</source>
        <translation>%1 verwijderen?</translation>
    </message>
    <message>
        <source>Delete the subscription %1? Deliveries still waiting for it become dead letters.</source>
        <translation>Het abonnement %1 verwijderen? Leveringen die er nog voor wachten worden onbestelbaar.</translation>
    </message>
    <message>
        <source>%1 was deleted.</source>
        <translation>%1 werd verwijderd.</translation>
    </message>
    <message>
        <source>%1 was enabled.</source>
        <translation>%1 werd ingeschakeld.</translation>
    </message>
    <message>
        <source>%1 was disabled.</source>
        <translation>%1 werd uitgeschakeld.</translation>
    </message>
    <message>
        <source>Sending a test event to %1…</source>
        <translation>Een testevent naar %1 sturen…</translation>
    </message>
    <message>
        <source>Rotate the secret of %1?</source>
        <translation>Het geheim van %1 vervangen?</translation>
    </message>
    <message>
        <source>A new signing secret is made; the old one keeps signing for the overlap the agent is configured with, so the consumer can switch.</source>
        <translation>Er wordt een nieuw ondertekeningsgeheim gemaakt; het oude blijft ondertekenen tijdens de overlap die de agent ingesteld heeft, zodat de afnemer kan overschakelen.</translation>
    </message>
    <message>
        <source>Re&amp;play…</source>
        <translation>Op&amp;nieuw sturen…</translation>
    </message>
    <message>
        <source>Send events again from Kafka, after an outage or to a consumer who joins late</source>
        <translation>Events opnieuw sturen vanuit Kafka, na een storing of naar een afnemer die later aansluit</translation>
    </message>
    <message>
        <source>Edit subscription</source>
        <translation>Abonnement bewerken</translation>
    </message>
    <message>
        <source>This console cannot show %1: %2</source>
        <translation>Deze console kan %1 niet tonen: %2</translation>
    </message>
</context>
<context>
    <name>sluice::console::ThroughputChart</name>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n minuut geleden</numerusform>
            <numerusform>%n minuten geleden</numerusform>
        </translation>
    </message>
    <message>
        <source>now</source>
        <translation>nu</translation>
    </message>
    <message>
        <source>in</source>
        <translation>in</translation>
    </message>
    <message>
        <source>matched</source>
        <translation>gekozen</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>afgeleverd</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>mislukt</translation>
    </message>
    <message>
        <source>%1 %2/s</source>
        <translation>%1 %2/s</translation>
    </message>
    <message>
        <source>%1 — in %2/s · matched %3/s · delivered %4/s · failed %5/s</source>
        <translation>%1 — in %2/s · gekozen %3/s · afgeleverd %4/s · mislukt %5/s</translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>%n s geleden</numerusform>
            <numerusform>%n s geleden</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>sluice::console::TokenVault</name>
    <message>
        <source>No keychain is available: the token is used for this session only. Start your desktop&apos;s keyring (for example GNOME Keyring or KWallet) to keep it.</source>
        <translation>Er is geen sleutelhanger beschikbaar: het token geldt alleen voor deze sessie. Start de sleutelhanger van uw bureaublad (bijvoorbeeld GNOME Keyring of KWallet) om het te bewaren.</translation>
    </message>
    <message>
        <source>The keychain refused access. Unlock it and try again.</source>
        <translation>De sleutelhanger weigerde toegang. Ontgrendel hem en probeer opnieuw.</translation>
    </message>
    <message>
        <source>The token could not be removed from the keychain.</source>
        <translation>Het token kon niet uit de sleutelhanger verwijderd worden.</translation>
    </message>
    <message>
        <source>The keychain did not answer as expected.</source>
        <translation>De sleutelhanger antwoordde niet zoals verwacht.</translation>
    </message>
</context>
<context>
    <name>sluice::console::TypeTree</name>
    <message>
        <source>Everything under %1, also types registered later</source>
        <translation>Alles onder %1, ook types die later geregistreerd worden</translation>
    </message>
    <message>
        <source>%1 is not exposed</source>
        <translation>%1 is niet vrijgegeven</translation>
    </message>
</context>
<context>
    <name>sluice::console::WindowsEditor</name>
    <message>
        <source>Delivery window %1: from and to are the same time, so it never opens</source>
        <translation>Leveringsvenster %1: van en tot zijn hetzelfde uur, dus het gaat nooit open</translation>
    </message>
    <message>
        <source>Days (none: every day)</source>
        <translation>Dagen (geen: elke dag)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Van</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Tot</translation>
    </message>
    <message>
        <source>Deliveries go out only inside a window, in the subscription&apos;s time zone; a window whose end is before its start runs past midnight</source>
        <translation>Leveringen gaan alleen binnen een venster weg, in de tijdzone van het abonnement; een venster dat eindigt voor het begint, loopt over middernacht</translation>
    </message>
</context>
</TS>
