/**
 * The URL when it is an absolute http(s) URL of sane length, else null. Anything we later render as a
 * link or redirect to goes through this, so `javascript:` and friends never get stored or followed.
 */
export function toHttpUrl(raw: string | undefined | null, maxLength = 2048): string | null {
  if (!raw || raw.length > maxLength) return null;
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href.length <= maxLength ? url.href : null;
  } catch {
    return null;
  }
}
