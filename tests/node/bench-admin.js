// Benchmark helper (bench/admin.sh): sequential JSON-RPC round trips over one WebSocket.
// Usage: node bench-admin.js URL TOKEN COUNT   — against the agent ("hello" after authenticating)
//        node bench-admin.js echo COUNT         — the reference: a ws echo server in this process
'use strict';
const WebSocket = require('ws');

async function roundTrips(url, token, count, method) {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => { socket.on('open', resolve); socket.on('error', reject); });
    let id = 0;
    const call = (m, params) => new Promise((resolve) => {
        socket.once('message', (data) => resolve(JSON.parse(data.toString())));
        socket.send(JSON.stringify({ jsonrpc: '2.0', id: ++id, method: m, params }));
    });
    if (token)
        await call('authenticate', { token });
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; ++i) {
        const answer = await call(method, {});
        if (answer.error)
            throw new Error(JSON.stringify(answer.error));
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    socket.close();
    return Math.round(count / seconds);
}

(async () => {
    if (process.argv[2] === 'echo') {
        const server = new WebSocket.Server({ host: '127.0.0.1', port: 0 });
        server.on('connection', (s) => s.on('message', (data) => {
            const request = JSON.parse(data.toString());
            s.send(JSON.stringify({ jsonrpc: '2.0', id: request.id, result: {} }));
        }));
        await new Promise((resolve) => server.on('listening', resolve));
        const rate = await roundTrips(`ws://127.0.0.1:${server.address().port}`, null, Number(process.argv[3]), 'hello');
        console.log(rate);
        server.close();
        return;
    }
    const [url, token, count, method] = process.argv.slice(2);
    console.log(await roundTrips(url, token, Number(count), method || 'hello'));
})().catch((e) => { console.error(e.message); process.exit(1); });
