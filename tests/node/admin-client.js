// A second, independent client of the admin API (docs/protocol.md), written from the protocol
// document with Node's ws package: it shares no code with Sluice. It authenticates, lists the
// register and retries a failed delivery, printing one line per step.
// Usage: node admin-client.js URL TOKEN DELIVERY_ID. Exit 0 when every step did what it should.
'use strict';
const WebSocket = require('ws');

const [url, token, deliveryId] = process.argv.slice(2);
if (!url || !token || !deliveryId) {
    console.error('usage: node admin-client.js URL TOKEN DELIVERY_ID');
    process.exit(2);
}

const socket = new WebSocket(url);
const pending = new Map();
let nextId = 1;

function call(method, params) {
    const id = nextId++;
    socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject, method }));
}

socket.on('message', (data) => {
    const message = JSON.parse(data.toString());
    if (message.id === undefined)
        return; // a notification
    const waiting = pending.get(message.id);
    if (!waiting)
        return;
    pending.delete(message.id);
    if (message.error)
        waiting.reject(new Error(`${waiting.method}: ${message.error.code} ${message.error.message}`));
    else
        waiting.resolve(message.result);
});

function fail(error) {
    console.error(`FAIL ${error.message}`);
    process.exit(1);
}

socket.on('error', fail);
socket.on('open', async () => {
    try {
        const hello = await call('hello', {});
        console.log(`hello: ${hello.agent} ${hello.version}, protocol ${hello.protocol}`);
        if (!hello.protocol.startsWith('3.'))
            throw new Error(`protocol ${hello.protocol} is not 3.x`);
        // Every method with the params it takes (docs/protocol.md#methods-and-their-params).
        const get = hello.methods.find((m) => m.name === 'deliveries.get');
        const id = get && get.params.find((p) => p.name === 'id');
        if (!id || id.kind !== 'string' || id.required !== true || get.changes !== false)
            throw new Error(`hello does not say what deliveries.get takes: ${JSON.stringify(get)}`);
        if (hello.methods.length !== hello.capabilities.length)
            throw new Error('hello lists methods and capabilities that differ');
        // Before authenticating, everything else is refused with -32001.
        await call('register.list', {}).then(
            () => { throw new Error('register.list answered before authentication'); },
            (e) => { if (!e.message.includes('-32001')) throw e; });
        const who = await call('authenticate', { token });
        console.log(`authenticated as ${who.name} (${who.role})`);
        const register = await call('register.list', { search: 'content.item', limit: 10 });
        console.log(`register: ${register.total} types match "content.item"; first ${register.entries[0].type}`);
        if (register.total < 4)
            throw new Error('expected the seeded content item types');
        // A misspelt param is refused with its name and what the method takes, not ignored.
        await call('deliveries.get', { id: deliveryId, limt: 5 }).then(
            () => { throw new Error('deliveries.get took a param it does not declare'); },
            (e) => { if (!e.message.includes('-32602') || !e.message.includes('limt')) throw e; });
        const before = await call('deliveries.get', { id: deliveryId });
        console.log(`delivery ${deliveryId}: ${before.state} after ${before.attempts} attempts`);
        // Its status, as docs/protocol.md#delivery-status describes it, and one count of attempts.
        const status = before.status || {};
        console.log(`status: ${status.phase} (${status.reason}): ${status.text}`);
        if (!['waiting', 'held', 'sending', 'delivered', 'dead', 'discarded', 'superseded'].includes(status.phase)
            || typeof status.reason !== 'string' || typeof status.text !== 'string' || status.text.length === 0)
            throw new Error(`the delivery has no status as documented: ${JSON.stringify(status)}`);
        if (before.attempts !== before.history.length)
            throw new Error(`attempts ${before.attempts} but a history of ${before.history.length}`);
        const retried = await call('deliveries.retry', { ids: [deliveryId] });
        console.log(`retried: ${retried.retried}`);
        if (retried.retried !== 1)
            throw new Error('the delivery was not retried');
        socket.close();
        process.exit(0);
    } catch (e) {
        fail(e);
    }
});
