import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BenchWebhooks {
  /** Requests the receiver got so far (all endpoints). */
  received(): number;
  /** Deletes the webhooks (and their delivery log) and stops the receiver. */
  stop(): Promise<void>;
}

/**
 * The "ticket PATCH with 3 active webhooks" setup: a bare node:http receiver on loopback answering
 * 204 at once, and `count` webhooks subscribed to ticket.updated pointing at it (the server runs with
 * WEBHOOK_ALLOW_PRIVATE=true for this). Created through the API with the benchmark's owner token.
 */
export async function startBenchWebhooks(serverUrl: string, headers: Record<string, string>, count: number): Promise<BenchWebhooks> {
  let received = 0;
  const receiver = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received++;
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${serverUrl}/api/webhooks`, {
      method: 'POST', headers, body: JSON.stringify({ url: `${target}/hook-${i}`, events: ['ticket.updated', 'ticket.created'] }),
    });
    if (response.status !== 201) throw new Error(`creating a bench webhook answered ${response.status}: ${await response.text()}`);
    ids.push(((await response.json()) as { webhook: { id: string } }).webhook.id);
  }
  return {
    received: () => received,
    async stop() {
      for (const id of ids) await fetch(`${serverUrl}/api/webhooks/${id}`, { method: 'DELETE', headers: { authorization: headers.authorization! } });
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    },
  };
}
