import type { FastifyRequest } from 'fastify';
import { PAGE_URL_FIELD, REDIRECT_FIELD, type SubmitFormJsonBody } from '../../shared/schemas/forms.js';
import { toHttpUrl } from '../lib/http-url.js';

export interface SubmissionInput {
  /** Values by field name (may include the honeypot). */
  values: Record<string, unknown>;
  /** The page the form was on: the sent page URL, else the Referer; http(s) only. */
  pageUrl: string | null;
  /** Classic posts only: where to 303 after success (http(s) only, else a thank-you page). */
  redirect: string | null;
  /** True for an `application/x-www-form-urlencoded` post: the answer is HTML, not JSON. */
  classic: boolean;
}

/** A classic HTML form post (no JavaScript): answered with HTML pages or a redirect. */
export function isClassicPost(request: FastifyRequest): boolean {
  return /^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '');
}

/** Brings the two accepted body shapes (JSON `{ fields, pageUrl }` and a flat urlencoded form) to one. */
export function readSubmissionInput(request: FastifyRequest): SubmissionInput {
  const referer = toHttpUrl(request.headers.referer);
  if (isClassicPost(request)) {
    const { [REDIRECT_FIELD]: redirect, [PAGE_URL_FIELD]: pageUrl, ...values } = request.body as Record<string, string>;
    return { values, pageUrl: toHttpUrl(pageUrl) ?? referer, redirect: toHttpUrl(redirect), classic: true };
  }
  const body = request.body as SubmitFormJsonBody;
  return { values: body.fields, pageUrl: toHttpUrl(body.pageUrl) ?? referer, redirect: null, classic: false };
}
