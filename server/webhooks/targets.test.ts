import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { WebhookReceiver } from '../test/webhook-receiver.js';
import { postWebhook } from './post.js';
import { assertTargetAllowed, isRefusedAddress, TargetRefused } from './targets.js';

describe('webhook targets (SSRF guard)', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => receiver.close());

  it('classifies loopback, private, link-local, metadata and mapped addresses as refused, public ones as allowed', () => {
    for (const address of ['127.0.0.1', '10.0.0.1', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.100.100.200', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00:ec2::254', '::ffff:127.0.0.1', '::ffff:a00:1', 'ff02::1']) {
      expect(isRefusedAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.215.14', '8.8.8.8', '1.1.1.1', '2606:4700:4700::1111']) expect(isRefusedAddress(address), address).toBe(false);
  });

  it('refuses a name that resolves to loopback (any of its addresses) unless private targets are allowed', async () => {
    await expect(assertTargetAllowed(new URL('http://localhost/x'), false)).rejects.toBeInstanceOf(TargetRefused);
    const mixed = async () => [{ address: '93.184.215.14', family: 4 }, { address: '10.0.0.7', family: 4 }];
    await expect(assertTargetAllowed(new URL('http://example.test/x'), false, mixed)).rejects.toThrow(/10\.0\.0\.7/);
    await expect(assertTargetAllowed(new URL('http://example.test/x'), false, async () => [{ address: '93.184.215.14', family: 4 }])).resolves.toBeUndefined();
    await expect(assertTargetAllowed(new URL('http://localhost/x'), true)).resolves.toBeUndefined();
    await expect(assertTargetAllowed(new URL('http://nowhere.test/x'), false, async () => { throw new Error('ENOTFOUND'); })).rejects.toThrow(/could not be resolved/);
    await expect(assertTargetAllowed(new URL('http://nowhere.test/x'), false, async () => [])).rejects.toBeInstanceOf(TargetRefused);
  });

  it('re-checks at send time: nothing reaches a loopback receiver by IP or by name unless allowed', async () => {
    const port = new URL(receiver.url).port;
    const send = (url: string, allowPrivate: boolean) => postWebhook({ url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 2000, allowPrivate });
    for (const url of [`http://127.0.0.1:${port}/a`, `http://localhost:${port}/b`, `http://[::ffff:127.0.0.1]:${port}/c`]) {
      const result = await send(url, false);
      expect(result.statusCode, url).toBeNull();
      expect(result.error, url).toMatch(/^Refused: /);
    }
    expect(receiver.received).toHaveLength(0);
    expect(await send(`http://127.0.0.1:${port}/ok`, true)).toMatchObject({ statusCode: 200, error: null });
    expect(receiver.received.map((hook) => hook.path)).toEqual(['/ok']);
  });
});
