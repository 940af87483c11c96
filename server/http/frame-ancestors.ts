import type { FastifyReply } from 'fastify';
import type { App } from '../types.js';

/**
 * Hosted form pages may be framed by the sites FORM_FRAME_ANCESTORS names (default: nowhere). Returns the
 * CSP directive to append; drops helmet's X-Frame-Options when framing is allowed (it cannot express a list).
 */
export function formFrameAncestors(reply: FastifyReply): string {
  const ancestors = (reply.server as unknown as App).config.formFrameAncestors;
  if (ancestors !== "'none'") reply.removeHeader('x-frame-options');
  return `frame-ancestors ${ancestors}`;
}
