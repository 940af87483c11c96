import { createRequire } from 'node:module';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';

type GeoIp = { lookup(ip: string): { country: string } | null };
let geoip: GeoIp | undefined;

/** Loaded on first use: the offline database costs ~50 ms and some MB, paid only by servers that see visitors. */
function loadGeoIp(): GeoIp {
  geoip ??= createRequire(import.meta.url)('geoip-country') as GeoIp;
  return geoip;
}

/**
 * The visitor's ISO country code, never taken from the request body: the configured CDN header
 * (COUNTRY_HEADER) wins when present, else the offline GeoIP lookup of `request.ip`
 * (which honours TRUST_PROXY for X-Forwarded-For). Null for private/unknown addresses.
 */
export function countryOf(request: FastifyRequest, config: Config): string | null {
  if (config.countryHeader) {
    const header = request.headers[config.countryHeader];
    const value = (Array.isArray(header) ? header[0] : header)?.trim().toUpperCase();
    if (value && /^[A-Z]{2}$/.test(value) && value !== 'XX' && value !== 'T1') return value;
  }
  return lookupCountry(request.ip);
}

export function lookupCountry(ip: string): string | null {
  const address = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return loadGeoIp().lookup(address)?.country ?? null;
}
