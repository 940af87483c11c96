import { Type, type Static } from '@sinclair/typebox';
import { MESSAGE_MAX_LENGTH } from '../constants.js';

/** The hosted conversation page `/c/{id}` (docs/API-VISITOR-MAIL.md): HTML in, HTML out. */
export const HostedConversationParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** `t`: the resume token from a visitor mail (single use), traded for the page cookie. */
export const HostedConversationQuery = Type.Object({ t: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) });

/** A reply posted by the page's form (urlencoded; JSON is accepted too). */
export const HostedReplyBody = Type.Object({ body: Type.String({ maxLength: MESSAGE_MAX_LENGTH * 2 }) });

/** `u`: the unsubscribe token of a visitor mail; without it the page cookie decides. */
export const UnsubscribeQuery = Type.Object({ u: Type.String({ minLength: 1, maxLength: 200 }) });
export const UnsubscribeBody = Type.Object({ u: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) });
/** One-click unsubscribe from a mail client (RFC 8058) posts to the mailed URL, `u` in the query. */
export const UnsubscribePostQuery = Type.Partial(UnsubscribeQuery);

export type HostedReplyBody = Static<typeof HostedReplyBody>;
