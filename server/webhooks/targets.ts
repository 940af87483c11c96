import dns from 'node:dns';
import net from 'node:net';
import { WEBHOOK_URL_MAX_LENGTH } from '../../shared/schemas/webhooks.js';

/**
 * SSRF guard for webhook targets. A target may not reach the server's own network: loopback, private,
 * carrier-grade NAT, link-local (incl. the 169.254.169.254 cloud metadata service), multicast,
 * reserved, and IPv6 forms of them (unique-local fd00::/8 holds AWS's IPv6 metadata address;
 * IPv4-mapped and -compatible addresses are refused outright rather than decoded).
 * WEBHOOK_ALLOW_PRIVATE=true lifts this (a self-hosted server posting to its own LAN; tests).
 */
// Two lists: one BlockList also matches IPv4 addresses against IPv6 rules (as ::ffff:a.b.c.d).
const blockedV4 = new net.BlockList();
const blockedV6 = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blockedV4.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 96], ['::ffff:0:0', 96], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) blockedV6.addSubnet(prefix, bits, 'ipv6');

export class TargetRefused extends Error {}

/** Longest wait for DNS when a webhook is created or its URL changed. */
const LOOKUP_TIMEOUT_MS = 5000;

/** Whether an IP address (v4 or v6 text) is one a webhook may not reach. */
export function isRefusedAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return true;
  return family === 4 ? blockedV4.check(address, 'ipv4') : blockedV6.check(address, 'ipv6');
}

/** The URL if it is an absolute http(s) URL without credentials, else a sentence saying why not. */
export function parseTargetUrl(raw: string): URL | string {
  if (raw.length > WEBHOOK_URL_MAX_LENGTH) return `The URL is longer than ${WEBHOOK_URL_MAX_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'The URL is not a valid absolute URL.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'The URL must start with http:// or https://.';
  if (url.username || url.password) return 'The URL must not carry a user name or password.';
  if (!url.hostname) return 'The URL has no host.';
  return url;
}

/** The host as an IP literal (brackets of IPv6 removed), or null for a name. */
function ipLiteral(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return net.isIP(bare) ? bare : null;
}

type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>;
const systemLookup: Lookup = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/**
 * Refuses a target whose host is, or resolves (any of its addresses) to, a refused address. Used when
 * a webhook is created or its URL changed; the sender checks again on every attempt (checkedLookup).
 */
export async function assertTargetAllowed(url: URL, allowPrivate: boolean, lookup: Lookup = systemLookup): Promise<void> {
  if (allowPrivate) return;
  const literal = ipLiteral(url.hostname);
  if (literal) {
    if (isRefusedAddress(literal)) throw new TargetRefused(`${literal} is a loopback, private, link-local or reserved address.`);
    return;
  }
  let addresses: { address: string }[];
  let timer: NodeJS.Timeout | undefined;
  try {
    // Bounded: a request must not hang on a resolver that does not answer.
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), LOOKUP_TIMEOUT_MS)));
    addresses = await Promise.race([lookup(url.hostname), timeout]);
  } catch {
    throw new TargetRefused(`${url.hostname} could not be resolved.`);
  } finally {
    clearTimeout(timer);
  }
  const bad = addresses.find((a) => isRefusedAddress(a.address));
  if (addresses.length === 0 || bad) throw new TargetRefused(`${url.hostname} resolves to ${bad?.address ?? 'nothing'}, a loopback, private, link-local or reserved address.`);
}

/**
 * A `lookup` for http.request: resolves the name once, checks every address, and hands the checked
 * addresses to the socket, so the connection goes to exactly what was checked (no DNS rebinding
 * between the check and the connect). IP-literal hosts never reach a lookup: check them first.
 */
export function checkedLookup(allowPrivate: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const bad = addresses.find((a) => isRefusedAddress(a.address));
      if (!allowPrivate && (bad || addresses.length === 0)) {
        return callback(Object.assign(new TargetRefused(`${hostname} resolves to ${bad?.address ?? 'nothing'}, a refused address.`), { code: 'ETARGETREFUSED' }), '', 4);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** Send-time check of an IP-literal host (names are checked in checkedLookup). */
export function refusedLiteral(url: URL, allowPrivate: boolean): string | null {
  const literal = ipLiteral(url.hostname);
  return !allowPrivate && literal && isRefusedAddress(literal) ? `${literal} is a loopback, private, link-local or reserved address.` : null;
}
