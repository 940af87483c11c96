import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { DatasetMeta } from './generate.js';
import { readRssMb } from './processes.js';
import type { DeliveryResult, IdleResult } from './load.js';

export interface Visitor { conversationId: string; visitorToken: string }

/** Starts `count` visitor conversations through the public widget API, `parallel` at a time. */
export async function startConversations(baseUrl: string, siteKey: string, count: number, parallel = 50): Promise<Visitor[]> {
  const visitors: Visitor[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < count) {
      const i = next++;
      const response = await fetch(`${baseUrl}/api/widget/${siteKey}/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ visitor: { name: `Bench visitor ${i}` }, pageUrl: 'https://shop.example/', message: { body: 'hello' } }),
      });
      if (response.status !== 201) throw new Error(`start conversation: ${response.status} ${await response.text()}`);
      const body = await response.json() as { conversation: { id: string }; visitorToken: string };
      visitors.push({ conversationId: body.conversation.id, visitorToken: body.visitorToken });
    }
  }));
  return visitors;
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

const percentileOf = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Visitor message → owner socket delivery latency at a steady rate: `visitors` post messages over
 * HTTP at `rate` per second for `seconds`; the owner's socket timestamps each arrival. `tag` keeps
 * the bodies of one run (e.g. the warm-up) apart from another's late arrivals.
 */
export async function measureDeliveryLatency(baseUrl: string, meta: DatasetMeta, visitors: Visitor[], rate: number, seconds: number, tag: string): Promise<DeliveryResult> {
  const owner = await openSocket(`${baseUrl.replace('http', 'ws')}/api/ws`, { authorization: `Bearer ${meta.apiToken}` });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  owner.on('message', (raw) => {
    const frame = JSON.parse(String(raw)) as { type: string; data: { message?: { body: string } } };
    const body = frame.type === 'message.created' ? frame.data.message?.body : undefined;
    const started = body ? sentAt.get(body) : undefined;
    if (started !== undefined) latencies.push(performance.now() - started);
  });
  let errors = 0;
  let firstError: string | undefined;
  const total = Math.round(rate * seconds);
  // The generator's own stalls (its GC, 25,000 pending fetches) delay sends and arrival stamps alike: reported
  // beside the latencies so a tail can be told apart from the server's.
  const generatorDelay = monitorEventLoopDelay({ resolution: 1 });
  generatorDelay.enable();
  let lateSends = 0;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    // Open-loop pacing: message i leaves at started + i/rate, whatever the answers do.
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const visitor = visitors[i % visitors.length]!;
    const body = `bench-${tag}-${i}`;
    const now = performance.now();
    if (now - due > 5) lateSends++;
    sentAt.set(body, now);
    inflight.push(fetch(`${baseUrl}/api/widget/conversations/${visitor.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-visitor-token': visitor.visitorToken },
      body: JSON.stringify({ body }),
    }).then((r) => {
      if (r.status !== 201) { errors++; firstError ??= `HTTP ${r.status}`; }
      return r.arrayBuffer();
    }).then(() => undefined, (error: Error) => { errors++; firstError ??= String((error.cause as Error | undefined)?.message ?? error.message); }));
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 500));
  owner.close();
  generatorDelay.disable();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    seconds: elapsed, sent: total, delivered: latencies.length, errors, firstError, p50Ms: round(percentileOf(sorted, 0.5)), p99Ms: round(percentileOf(sorted, 0.99)),
    generator: { loopDelayP99Ms: round(generatorDelay.percentile(99) / 1e6 - 1), loopDelayMaxMs: round(generatorDelay.max / 1e6 - 1), lateSends },
  };
}

/** Opens `count` idle visitor sockets and reads the server's RSS before and after. */
export async function measureIdleSockets(baseUrl: string, meta: DatasetMeta, pid: number, count: number): Promise<IdleResult> {
  const visitors = await startConversations(baseUrl, meta.siteKey, count);
  const wsBase = baseUrl.replace('http', 'ws');
  await new Promise((r) => setTimeout(r, 1000));
  const rssBeforeMb = readRssMb(pid);
  const sockets: WebSocket[] = [];
  let errors = 0;
  for (let i = 0; i < visitors.length; i += 200) {
    const batch = visitors.slice(i, i + 200);
    const opened = await Promise.allSettled(batch.map((v) => openSocket(`${wsBase}/api/widget/conversations/${v.conversationId}/ws?token=${encodeURIComponent(v.visitorToken)}`)));
    for (const result of opened) {
      if (result.status === 'fulfilled') sockets.push(result.value);
      else errors++;
    }
  }
  await new Promise((r) => setTimeout(r, 2000));
  const rssAfterMb = readRssMb(pid);
  for (const socket of sockets) socket.terminate();
  return { open: sockets.length, errors, rssBeforeMb, rssAfterMb };
}
