// A consumer of Sluice's Subscriptions API written with other people's tools: Node's fetch, the
// CloudEvents SDK (npm cloudevents) to read what arrives, and @apidevtools/swagger-parser to
// validate the agent's OpenAPI document. It runs its own webhook receiver on 127.0.0.1 (the
// CloudEvents validation handshake, Standard Webhooks signatures checked with node:crypto).
// Usage: node subscriptions-client.js SETUP_JSON, where SETUP_JSON names the agent's base URL, the
// tokens (a, b, admin, viewer, revoked, limited) and the types (content, taxonomy, hidden).
// Events must keep flowing meanwhile: content changes on subjects content/a and content/b,
// taxonomy changes. Prints what it checked; exit 0: all held, 1: something did not (listed).
'use strict';
const http = require('node:http');
const crypto = require('node:crypto');
const { HTTP } = require('cloudevents');
const SwaggerParser = require('@apidevtools/swagger-parser');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const setup = JSON.parse(process.argv[2] || '{}');
const failures = [];
function check(condition, what) {
    if (condition)
        console.log(`ok   ${what}`);
    else {
        console.log(`FAIL ${what}`);
        failures.push(what);
    }
}
// Every answer is checked against the schema the agent's own OpenAPI document gives it.
let documented = false;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
function conforms(value, schema, what) {
    if (!documented)
        return;
    const validate = ajv.getSchema(`openapi#/components/schemas/${schema}`);
    check(validate(value), `${what} conforms to ${schema} in /openapi.json${validate.errors ? ': ' + ajv.errorsText(validate.errors) : ''}`);
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition, ms, what) {
    const end = Date.now() + ms;
    while (Date.now() < end) {
        if (await condition())
            return true;
        await sleep(50);
    }
    check(false, `in time: ${what}`);
    return false;
}

// The receiver: every request kept per path, in arrival order.
const received = {};
const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
        if (req.method === 'OPTIONS') { // CloudEvents webhook validation handshake
            res.writeHead(200, { 'WebHook-Allowed-Origin': req.headers['webhook-request-origin'] || '*' });
            return res.end();
        }
        (received[req.url] = received[req.url] || []).push({ headers: req.headers, body, at: Date.now() });
        res.writeHead(204);
        res.end();
    });
});

// Standard Webhooks: base64 HMAC-SHA256 of "id.timestamp.body" with the secret after "whsec_".
function signatureHolds(request, secret) {
    const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
    const signed = `${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`;
    const expected = crypto.createHmac('sha256', key).update(signed).digest('base64');
    return (request.headers['webhook-signature'] || '').split(' ').some((s) => s === `v1,${expected}`);
}
const eventOf = (request) => HTTP.toEvent({ headers: request.headers, body: request.body });

async function call(method, path, token, body, raw) {
    const headers = {};
    if (token)
        headers.authorization = `Bearer ${token}`;
    if (body !== undefined)
        headers['content-type'] = 'application/json';
    const response = await fetch(setup.base + path, {
        method, headers, body: raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try { json = JSON.parse(text); } catch (e) { /* not JSON */ }
    return { status: response.status, json, headers: response.headers };
}
const sink = (path) => `http://127.0.0.1:${receiver.address().port}${path}`;
const subscribe = (token, path, extra = {}) =>
    call('POST', '/subscriptions', token, { sink: sink(path), protocol: 'HTTP', types: [setup.types.content], ...extra });

async function documents() {
    const openapi = await call('GET', '/openapi.json');
    try {
        await SwaggerParser.validate(JSON.parse(JSON.stringify(openapi.json)));
        check(true, 'GET /openapi.json is a valid OpenAPI 3 document (swagger-parser)');
        ajv.addSchema({ $id: 'openapi', components: openapi.json.components }); // $refs resolve in it, recursion too
        documented = true;
    } catch (e) {
        check(false, `GET /openapi.json is a valid OpenAPI 3 document: ${e.message}`);
    }
    const discovery = await call('GET', '/discovery', setup.tokens.a);
    conforms(discovery.json, 'Discovery', 'GET /discovery');
    const types = (discovery.json.types || []).map((t) => t.type);
    check(discovery.status === 200 && types.includes(setup.types.content), 'discovery lists the content types to consumer A');
    check(!types.includes(setup.types.taxonomy) && !types.includes(setup.types.hidden),
        'discovery hides types A may not have, and types not exposed');
    const features = await call('OPTIONS', '/subscriptions');
    check(features.status === 204 && /POST/.test(features.headers.get('allow')), 'OPTIONS /subscriptions says Allow');
}

// Create, handshake, deliver with the outgoing shape, update the filter, delete, then nothing more.
async function lifecycle() {
    const outgoing = { source: 'urn:nld:oin:00000001234567890000:systeem:cms', extensions: { tenant: 'north' },
        projection: ['/item/id', { from: '/item/title', to: '/title' }] };
    const created = await subscribe(setup.tokens.a, '/a', { config: { outgoing, initialEvents: true } });
    check(created.status === 201 && created.json.id && /^whsec_/.test(created.json.signingsecret),
        'POST /subscriptions: 201 with an id and the signing secret');
    check(created.headers.get('location') === `/subscriptions/${created.json.id}`, 'Location names the new subscription');
    conforms(created.json, 'Subscription', 'the created subscription');
    const { id, signingsecret: secret } = created.json;
    const again = await call('GET', `/subscriptions/${id}`, setup.tokens.a);
    check(again.status === 200 && again.json.signingsecret === undefined, 'the secret is shown once, on creation');
    await until(async () => (await call('GET', `/subscriptions/${id}`, setup.tokens.a)).json.status.state === 'active',
        10000, 'the handshake makes the subscription active');
    await until(() => (received['/a'] || []).length >= 4, 15000, 'events arrive at /a');
    const first = received['/a'][0];
    check(received['/a'].every((r) => signatureHolds(r, secret)), 'every delivery carries a valid Standard Webhooks signature');
    const event = eventOf(first);
    check(event.source === outgoing.source && event.originalsource === '/test', 'source rewritten, the original in originalsource');
    check(event.tenant === 'north', 'the extension attribute was added');
    check(JSON.stringify(Object.keys(event.data).sort()) === '["item","title"]' && Object.keys(event.data.item).join() === 'id',
        `the data is projected: ${JSON.stringify(event.data)}`);

    const filters = [{ exact: { subject: 'content/a' } }];
    const updated = await call('PUT', `/subscriptions/${id}`, setup.tokens.a, { ...again.json, filters, config: { outgoing } });
    check(updated.status === 200 && JSON.stringify(updated.json.filters) === JSON.stringify(filters), 'PUT changes the filters');
    const since = Date.now() + 300;
    await until(() => received['/a'].filter((r) => r.at > since).length >= 4, 15000, 'events after the update');
    check(received['/a'].filter((r) => r.at > since).every((r) => eventOf(r).subject === 'content/a'),
        'after the update only subject content/a arrives');

    const deleted = await call('DELETE', `/subscriptions/${id}`, setup.tokens.a);
    check(deleted.status === 200 && deleted.json.id === id, 'DELETE answers with the subscription');
    await sleep(1000);
    const count = received['/a'].length;
    await sleep(1500);
    check(received['/a'].length === count, 'nothing arrives after the deletion');
    check((await call('GET', `/subscriptions/${id}`, setup.tokens.a)).status === 404, 'a deleted subscription is gone (404)');
}

// A second subscription with initial events: the latest event of each subject comes first.
async function initialEvents() {
    const asked = Date.now();
    const created = await subscribe(setup.tokens.a, '/initial', { config: { initialEvents: 'true' } });
    check(created.status === 201 && created.json.config.initialEvents === true, 'initialEvents as the string "true"');
    await until(() => (received['/initial'] || []).length >= 4, 15000, 'events arrive at /initial');
    const events = received['/initial'].map(eventOf);
    const initial = events.slice(0, 2);
    check(initial.every((e) => Date.parse(e.time) < asked) && new Set(initial.map((e) => e.subject)).size === 2,
        `the first two are the latest events of content/a and content/b from before subscribing (${initial.map((e) => e.subject)})`);
    const firstLive = events.findIndex((e) => Date.parse(e.time) >= asked);
    check(firstLive >= 2 && events.slice(firstLive).every((e) => Date.parse(e.time) >= asked - 1000),
        'live events come after the initial ones');
    await call('DELETE', `/subscriptions/${created.json.id}`, setup.tokens.a);
}

// until: first-delivery ends the subscription after one successful delivery.
async function checkpoint() {
    const created = await subscribe(setup.tokens.a, '/once', { config: { until: 'first-delivery' } });
    check(created.status === 201 && created.json.config.until === 'first-delivery', 'a checkpoint subscription is made');
    await until(async () => (await call('GET', `/subscriptions/${created.json.id}`, setup.tokens.a)).status === 404,
        15000, 'the checkpoint subscription ends itself');
    await sleep(1500);
    check((received['/once'] || []).length === 1, `exactly one event arrived at /once (${(received['/once'] || []).length})`);
}

// Who sees what: A's subscription against B, the viewer, the admin, and no token.
async function isolation() {
    const mine = (await subscribe(setup.tokens.a, '/mine')).json.id;
    const theirs = (await call('POST', '/subscriptions', setup.tokens.b,
        { sink: sink('/theirs'), protocol: 'HTTP', types: [setup.types.taxonomy] })).json.id;
    const body = { sink: sink('/x'), protocol: 'HTTP', types: [setup.types.content] };
    const matrix = [
        ['b', 'GET', `/subscriptions/${mine}`, undefined, 404], ['b', 'PUT', `/subscriptions/${mine}`, body, 404],
        ['b', 'DELETE', `/subscriptions/${mine}`, undefined, 404], ['a', 'GET', `/subscriptions/${theirs}`, undefined, 404],
        ['a', 'DELETE', `/subscriptions/${theirs}`, undefined, 404], ['viewer', 'GET', `/subscriptions/${mine}`, undefined, 200],
        ['viewer', 'POST', '/subscriptions', body, 403], ['viewer', 'PUT', `/subscriptions/${mine}`, body, 403],
        ['viewer', 'DELETE', `/subscriptions/${mine}`, undefined, 403], ['admin', 'GET', `/subscriptions/${theirs}`, undefined, 200],
        [null, 'GET', '/subscriptions', undefined, 401], ['wrong', 'GET', '/subscriptions', undefined, 401],
        ['revoked', 'GET', '/subscriptions', undefined, 401], [null, 'POST', '/subscriptions', body, 401],
        ['revoked', 'DELETE', `/subscriptions/${mine}`, undefined, 401],
    ];
    for (const [who, method, path, sent, status] of matrix) {
        const token = who === 'wrong' ? 'sluicec_guessed' : who && setup.tokens[who];
        const answer = await call(method, path, token, sent);
        check(answer.status === status, `${who || 'no token'} ${method} ${path.replace(/[0-9a-f-]{36}/, '{id}')}: ${status} (got ${answer.status})`);
        if (status >= 400) {
            check(answer.headers.get('content-type') === 'application/problem+json' && answer.json.status === status,
                `  …as a problem document (${answer.json && answer.json.detail})`);
            conforms(answer.json, 'Problem', '  …which');
        }
    }
    const listed = (await call('GET', '/subscriptions', setup.tokens.admin)).json;
    listed.forEach((sub, i) => conforms(sub, 'Subscription', `GET /subscriptions [${i}]`));
    const listA = (await call('GET', '/subscriptions', setup.tokens.a)).json.map((s) => s.id);
    const listAdmin = (await call('GET', '/subscriptions', setup.tokens.admin)).json.map((s) => s.id);
    check(listA.includes(mine) && !listA.includes(theirs), "A's list has its own subscription and not B's");
    check(listAdmin.includes(mine) && listAdmin.includes(theirs), "the admin's list has both");
    const admins = (await call('PUT', `/subscriptions/${mine}`, setup.tokens.admin, { ...body, id: mine })).status;
    check(admins === 200, 'the admin may change a consumer\'s subscription');
    for (const id of [mine, theirs])
        await call('DELETE', `/subscriptions/${id}`, setup.tokens.admin);
}

// Bad input gets a clear error, and nothing changes.
async function badInput() {
    const before = (await call('GET', '/subscriptions', setup.tokens.a)).json.length;
    const ok = { sink: sink('/bad'), protocol: 'HTTP', types: [setup.types.content] };
    const cases = [
        ['malformed JSON', setup.tokens.a, undefined, '{"sink": ', 400, /not JSON/],
        ['an unknown dialect', setup.tokens.a, { ...ok, filters: [{ regex: { type: 'x' } }] }, undefined, 400, /dialect/],
        ['an unknown member', setup.tokens.a, { ...ok, filter: {} }, undefined, 400, /unknown member "filter"/],
        ['a type not exposed', setup.tokens.limited, { ...ok, types: [setup.types.hidden] }, undefined, 400, /not an event type this agent offers/],
        ['a type nobody has', setup.tokens.b, { ...ok, types: ['be.digipolis.wcm.v4.taxonomy.nothing'] }, undefined, 400, /not an event type this agent offers/],
        ['a type A may not have', setup.tokens.a, { ...ok, types: [setup.types.taxonomy] }, undefined, 403, /may subscribe to/],
        ['a private-range sink', setup.tokens.a, { ...ok, sink: 'http://10.0.0.1/hook' }, undefined, 400, /private address/],
        ['a projection the schema cannot match', setup.tokens.a,
            { ...ok, config: { outgoing: { projection: ['/item/titel'] } } }, undefined, 400, /names only/],
        ['an oversized body', setup.tokens.a, undefined, JSON.stringify({ ...ok, pad: 'x'.repeat(70000) }), 413, /bytes/],
    ];
    for (const [what, token, body, raw, status, reason] of cases) {
        const answer = await call('POST', '/subscriptions', token, body === undefined ? {} : body, raw);
        check(answer.status === status && reason.test(answer.json && answer.json.detail),
            `${what}: ${status} (got ${answer.status}: ${answer.json && answer.json.detail})`);
    }
    const one = await subscribe(setup.tokens.limited, '/limited', { types: undefined });
    const two = await subscribe(setup.tokens.limited, '/limited2', { types: undefined });
    check(one.status === 201 && two.status === 409 && /the most it may have/.test(two.json.detail),
        `too many subscriptions: 409 (got ${two.status}: ${two.json && two.json.detail})`);
    const wrongId = await call('PUT', `/subscriptions/${one.json.id}`, setup.tokens.limited, { ...ok, id: 'other' });
    check(wrongId.status === 400, 'PUT with another id in the body: 400');
    check((await call('GET', '/subscriptions', setup.tokens.a)).json.length === before, 'nothing changed for A');
    await call('DELETE', `/subscriptions/${one.json.id}`, setup.tokens.limited);
}

// Every answer the API gives is one its OpenAPI document declares for that operation, with a body
// its schema allows: each route × each role × each refusal, hostile input among them.
let openapi = null;
function declared(method, template, answer, what) {
    const operation = openapi.paths[template][method.toLowerCase()];
    let response = operation.responses[String(answer.status)];
    if (response && response.$ref)
        response = openapi.components.responses[response.$ref.split('/').pop()];
    if (!response)
        return check(false, `${what}: ${answer.status} is declared for ${method} ${template}`);
    const type = (answer.headers.get('content-type') || '').split(';')[0];
    if (!response.content)
        return check(!answer.text, `${what}: ${answer.status} has no body, as declared`);
    const media = response.content[type];
    if (!media)
        return check(false, `${what}: ${answer.status} as ${type} is declared for ${method} ${template}`);
    const schema = JSON.parse(JSON.stringify(media.schema).replaceAll('"#/components', '"openapi#/components'));
    const validate = ajv.compile(schema);
    check(validate(answer.json), `${what}: ${answer.status} conforms to the document${validate.errors ? ': ' + ajv.errorsText(validate.errors) : ''}`);
}

// A request the fetch API will not send as it is: a chunked body, a body over the limit, a huge head.
function rawRequest(method, path, headers, body) {
    return new Promise((resolve) => {
        const url = new URL(setup.base + path);
        const request = http.request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => {
                let json = null;
                try { json = JSON.parse(text); } catch (e) { /* not JSON */ }
                resolve({ status: res.statusCode, json, text, headers: new Headers(res.headers) });
            });
        });
        request.on('error', (e) => resolve({ status: 0, json: null, text: String(e), headers: new Headers() }));
        if (body !== undefined)
            request.write(body);
        request.end();
    });
}

async function everyAnswerIsDocumented() {
    openapi = (await call('GET', '/openapi.json')).json;
    const mine = (await subscribe(setup.tokens.a, '/doc')).json.id;
    const polled = (await call('POST', '/subscriptions', setup.tokens.b, { protocol: 'poll', types: [setup.types.taxonomy] })).json.id;
    const ok = { sink: sink('/doc2'), protocol: 'HTTP', types: [setup.types.content] };
    const deep = (n) => (n === 0 ? { exact: { subject: 'x' } } : { not: deep(n - 1) });
    const hostile = {
        'a header value with CR LF': { ...ok, protocolsettings: { headers: { 'x-a': 'v\r\nx-injected: 1' } } },
        'a header name with a space': { ...ok, protocolsettings: { headers: { 'x a': 'v' } } },
        'a header that frames the request': { ...ok, protocolsettings: { headers: { 'Transfer-Encoding': 'chunked' } } },
        'an access token with LF': { ...ok, sinkcredential: { credentialtype: 'ACCESSTOKEN', accesstoken: 't\nx: y' } },
        'a type with a line break': { ...ok, types: [`${setup.types.content}\n200 DELETE ok`] },
        'filters [null]': { ...ok, filters: [null] },
        'a data path that is no JSON pointer': { ...ok, filters: [{ data: { path: '/a~2', equals: 1 } }] },
        'filters nested 1,020 deep': { ...ok, filters: [deep(1018)] },
        'filters nested 40 deep': { ...ok, filters: [deep(40)] },
        'a sink with U+202E': { ...ok, sink: sink('/\u202Egpj.exe') },
        'a sink with a user and password': { ...ok, sink: sink('/x').replace('http://', 'http://u:p@') },
        'a benchmarking sink': { ...ok, sink: 'http://198.18.0.1/hook' },
        'a documentation sink': { ...ok, sink: 'http://[2001:db8::1]/hook' },
        'a NAT64 sink to a private address': { ...ok, sink: 'http://[64:ff9b::a00:1]/hook' },
        'a discard-only sink': { ...ok, sink: 'http://[100::1]/hook' },
        'an IETF protocol assignment sink': { ...ok, sink: 'http://192.0.0.8/hook' },
    };
    const ids = { mine, other: polled, unknown: '00000000-0000-4000-8000-000000000000' };
    const who = ['a', 'b', 'admin', 'viewer', 'revoked', null];
    const requests = [];
    for (const role of who) {
        requests.push(['GET', '/subscriptions', '/subscriptions', role]);
        requests.push(['POST', '/subscriptions', '/subscriptions', role, { ...ok, sink: sink('/fresh') }]);
        requests.push(['POST', '/subscriptions', '/subscriptions', role, undefined, '{"sink": ']);
        requests.push(['GET', '/discovery', '/discovery', role]);
        for (const [name, id] of Object.entries(ids)) {
            requests.push(['GET', '/subscriptions/{id}', `/subscriptions/${id}`, role, undefined, undefined, name]);
            requests.push(['PUT', '/subscriptions/{id}', `/subscriptions/${id}`, role, ok, undefined, name]);
            requests.push(['GET', '/subscriptions/{id}/events', `/subscriptions/${id}/events?limit=5`, role, undefined, undefined, name]);
            requests.push(['GET', '/subscriptions/{id}/events', `/subscriptions/${id}/events?limit=0`, role, undefined, undefined, name]);
        }
        requests.push(['DELETE', '/subscriptions/{id}', `/subscriptions/${ids.unknown}`, role, undefined, undefined, 'unknown']);
        if (role !== 'a' && role !== 'admin') // they may: it would go
            requests.push(['DELETE', '/subscriptions/{id}', `/subscriptions/${mine}`, role, undefined, undefined, 'mine']);
    }
    for (const [what, body] of Object.entries(hostile)) {
        requests.push(['POST', '/subscriptions', '/subscriptions', 'a', body, undefined, what]);
        requests.push(['PUT', '/subscriptions/{id}', `/subscriptions/${mine}`, 'a', body, undefined, what]);
    }
    requests.push(['OPTIONS', '/subscriptions', '/subscriptions', null]);
    requests.push(['OPTIONS', '/subscriptions/{id}', `/subscriptions/${mine}`, null]);
    requests.push(['GET', '/openapi.json', '/openapi.json', null]);
    const before = (await call('GET', '/subscriptions', setup.tokens.admin)).json.length;
    let created = 0;
    for (const [method, template, path, role, body, raw, label] of requests) {
        const answer = await call(method, path, role && setup.tokens[role], body, raw);
        answer.text = answer.json === null ? '' : 'json';
        declared(method, template, answer, `${role || 'no token'} ${method} ${template} ${label || ''}`.trim());
        if (method === 'POST' && answer.status === 201) {
            created++;
            await call('DELETE', `/subscriptions/${answer.json.id}`, setup.tokens.admin);
        }
        if (label in hostile)
            check(answer.status === 400, `  ${label}: refused with 400 (got ${answer.status}: ${answer.json && answer.json.detail})`);
    }
    check((await call('GET', '/subscriptions', setup.tokens.admin)).json.length === before,
        `no refusal made or left a subscription (${created} were made by roles that may)`);
    const unsafe = (await call('GET', `/subscriptions/${mine}`, setup.tokens.a)).json;
    check(unsafe.protocolsettings.headers === undefined, 'the hostile PUTs changed nothing');
    // An IRI sink is kept and shown as a URI.
    const iri = await subscribe(setup.tokens.a, '/caf\u00e9', { sink: sink('/caf\u00e9') });
    check(iri.status === 201 && iri.json.sink.endsWith('/caf%C3%A9'), `an IRI sink is shown percent-encoded (${iri.json.sink})`);
    await call('DELETE', `/subscriptions/${iri.json.id}`, setup.tokens.a);
    // What the connection's guard refuses before any route.
    for (const template of ['/subscriptions', '/discovery']) {
        const head = await rawRequest('GET', template, { 'x-pad': 'p'.repeat(70 * 1024) });
        declared('GET', template, head, `a 70 KiB head on GET ${template}`);
        const chunked = await rawRequest('POST', '/subscriptions', { 'transfer-encoding': 'chunked', authorization: `Bearer ${setup.tokens.a}` }, '{}');
        declared('POST', '/subscriptions', chunked, 'a chunked body');
        const large = await rawRequest('PUT', `/subscriptions/${mine}`, { 'content-length': '10000000' }, 'x');
        declared('PUT', '/subscriptions/{id}', large, 'a body over the limit');
    }
    for (const id of [mine, polled])
        await call('DELETE', `/subscriptions/${id}`, setup.tokens.admin);
}

receiver.listen(0, '127.0.0.1', async () => {
    try {
        for (const part of [documents, lifecycle, initialEvents, checkpoint, isolation, badInput, everyAnswerIsDocumented])
            await part();
    } catch (e) {
        check(false, `no exception: ${e.stack}`);
    }
    receiver.close();
    console.log(failures.length ? `${failures.length} checks failed` : 'all checks held');
    process.exit(failures.length ? 1 : 0);
});
