// An outside system calling Sluice back, with other people's tools: the CloudEvents SDK makes the
// binary and structured requests, the Standard Webhooks library signs them, Node's fetch sends
// them. Every case checks the answer (status, problem document, body); the test then looks in the
// agent for what should, and should not, have reached Kafka and the webhook.
// Usage: node callback-client.js BASE TOKEN SECRET TYPE. Prints "ok CASE" or "FAIL CASE: why" per
// case; exits 1 if any failed.
'use strict';
const { CloudEvent, HTTP } = require('cloudevents');
const { Webhook } = require('standardwebhooks');

const [base, token, secret, type] = process.argv.slice(2);
const url = `${base}/callbacks/orders/${token}`;
const failures = [];

function signed(body, id, at = new Date(), key = secret) {
    return {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(key).sign(id, at, body),
    };
}

async function expect(name, request, status, check = async () => {}) {
    try {
        const response = await fetch(request.url || url, {
            method: request.method || 'POST', headers: request.headers || {}, body: request.body,
        });
        if (response.status !== status)
            throw new Error(`HTTP ${response.status}, not ${status}: ${await response.text()}`);
        await check(response);
        console.log(`ok ${name}`);
    } catch (e) {
        failures.push(name);
        console.log(`FAIL ${name}: ${e.message}`);
    }
}

async function accepted(response, id) {
    const body = await response.json();
    if (body.id !== id || typeof body.offset !== 'number' || body.offset < 0)
        throw new Error(`answered ${JSON.stringify(body)}`);
}

async function problem(response, kind, detail) {
    if (!response.headers.get('content-type').startsWith('application/problem+json'))
        throw new Error(`content-type ${response.headers.get('content-type')}`);
    const body = await response.json();
    if (body.type !== `urn:sluice:problem:${kind}` || !body.detail.includes(detail))
        throw new Error(`problem ${JSON.stringify(body)}`);
}

function request(message, id) {
    return { headers: { ...message.headers, ...signed(message.body, id) }, body: message.body };
}

(async () => {
    const binary = HTTP.binary(new CloudEvent({
        id: 'cb-bin-1', source: '/orders', type, subject: 'order/1', datacontenttype: 'application/json',
        data: { n: 1 },
    }));
    await expect('binary, signed', request(binary, 'msg-bin-1'), 202, (r) => accepted(r, 'cb-bin-1'));
    const structured = HTTP.structured(new CloudEvent({
        id: 'cb-str-1', source: '/orders', type, subject: 'order/2', data: { n: 2 },
    }));
    await expect('structured, signed', request(structured, 'msg-str-1'), 202, (r) => accepted(r, 'cb-str-1'));
    const plain = { headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: type, order: 'order/3', n: 3 }) };
    await expect('plain JSON, mapped', request(plain, 'msg-plain-1'), 202, (r) => accepted(r, 'msg-plain-1'));
    await expect('the same request again (a retry)', request(plain, 'msg-plain-1'), 202,
        (r) => accepted(r, 'msg-plain-1'));

    await expect('OPTIONS, the CloudEvents webhook validation',
        { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': 'caller.example.com' } }, 200, async (r) => {
            if (r.headers.get('webhook-allowed-origin') !== 'caller.example.com')
                throw new Error(`WebHook-Allowed-Origin ${r.headers.get('webhook-allowed-origin')}`);
        });
    await expect('GET with a challenge', { method: 'GET', url: `${url}?challenge=abc123` }, 200, async (r) => {
        if (await r.text() !== 'abc123')
            throw new Error('not answered with the challenge');
    });
    const verification = JSON.stringify({ type: 'url_verification', challenge: 'xyz789' });
    await expect('POST with a challenge member',
        { headers: { 'content-type': 'application/json', ...signed(verification, 'msg-ch-1') }, body: verification },
        200, async (r) => {
            if (await r.text() !== 'xyz789')
                throw new Error('not answered with the challenge');
        });

    const other = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    await expect('signed with another secret',
        { headers: { ...plain.headers, ...signed(plain.body, 'msg-bad-1', new Date(), other) }, body: plain.body },
        401, (r) => problem(r, 'unauthorized', 'no signature'));
    await expect('signed ten minutes ago',
        { headers: { ...plain.headers, ...signed(plain.body, 'msg-old-1', new Date(Date.now() - 600000)) },
            body: plain.body },
        401, (r) => problem(r, 'unauthorized', 'webhook-timestamp'));
    await expect('the wrong token', { ...request(plain, 'msg-tok-1'), url: `${base}/callbacks/orders/nottoken` }, 401,
        (r) => problem(r, 'unauthorized', 'token'));
    await expect('an unknown callback', { ...request(plain, 'msg-unk-1'), url: `${base}/callbacks/nope/${token}` },
        404, (r) => problem(r, 'notfound', 'nope'));
    const big = JSON.stringify({ kind: type, order: 'order/9', pad: 'x'.repeat(40000) });
    await expect('a body over http.maxBodyBytes', request({ headers: plain.headers, body: big }, 'msg-big-1'), 413,
        (r) => problem(r, 'toolarge', 'maxBodyBytes'));
    await expect('a body that is not JSON',
        request({ headers: { 'content-type': 'text/plain' }, body: 'order 4 paid' }, 'msg-txt-1'), 400,
        (r) => problem(r, 'invalid', 'JSON'));

    console.log(failures.length ? `failed: ${failures.join(', ')}` : 'all cases answered as they should');
    process.exit(failures.length ? 1 : 0);
})();
