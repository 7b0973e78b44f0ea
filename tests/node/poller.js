// A consumer that cannot take webhooks: it polls Sluice for its events with Node's fetch, page by
// page, keeping only its cursor in memory, and reads each page with the CloudEvents SDK. When the
// agent is gone (killed and restarted by the test) it waits and asks again with the same cursor.
// Usage: node poller.js BASE TOKEN SUBSCRIPTION EXPECTED. Prints "seen N" now and then; at the end
// checks that every event arrived exactly once and in order per subject (data.seq rising).
'use strict';
const { HTTP } = require('cloudevents');

const [base, token, id, expectedText] = process.argv.slice(2);
const expected = Number(expectedText);
const seen = new Map(); // event id → true
const lastSeq = new Map(); // subject → the last sequence number read
const problems = [];
let cursor = null;

async function page() {
    const query = cursor === null ? 'limit=500' : `cursor=${cursor}&limit=500`;
    const response = await fetch(`${base}/subscriptions/${id}/events?${query}`,
        { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200)
        throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    const body = await response.text();
    const events = HTTP.toEvent({ headers: { 'content-type': response.headers.get('content-type') }, body });
    for (const event of Array.isArray(events) ? events : [events]) {
        if (seen.has(event.id))
            problems.push(`${event.id} arrived twice`);
        seen.set(event.id, true);
        const previous = lastSeq.get(event.subject);
        if (previous !== undefined && event.data.seq <= previous)
            problems.push(`${event.subject}: ${event.data.seq} after ${previous}`);
        lastSeq.set(event.subject, event.data.seq);
    }
    cursor = response.headers.get('sluice-cursor');
}

(async () => {
    const deadline = Date.now() + 240000;
    let reported = 0;
    while (seen.size < expected && Date.now() < deadline) {
        try {
            const before = seen.size;
            await page();
            if (seen.size === before)
                await new Promise((resolve) => setTimeout(resolve, 100));
        } catch (e) {
            await new Promise((resolve) => setTimeout(resolve, 250)); // the agent is away: ask again
        }
        if (seen.size - reported >= 1000) {
            reported = seen.size;
            console.log(`seen ${seen.size}`);
        }
    }
    if (seen.size !== expected)
        problems.push(`saw ${seen.size} of ${expected} events`);
    console.log(problems.length ? `problems:\n${problems.slice(0, 20).join('\n')}` : `all ${expected} events, in order per subject`);
    process.exit(problems.length ? 1 : 0);
})();
