import type { Db } from '../db/database.js';
import type { Conversation, VisitorAccessTokensTable } from '../db/schema.js';
import { hashSecret, newSecret } from '../lib/ids.js';

const DAY_MS = 24 * 60 * 60_000;
/** How long each kind of token works (docs/API-VISITOR-MAIL.md). */
export const TOKEN_TTL_MS: Record<VisitorAccessTokensTable['purpose'], number> = {
  resume: 30 * DAY_MS,
  page: 30 * DAY_MS,
  unsubscribe: 365 * DAY_MS,
};

type Purpose = VisitorAccessTokensTable['purpose'];

/** Creates a token for one purpose and one conversation; only its sha256 is stored. */
export async function issueVisitorToken(trx: Db, conversation: Pick<Conversation, 'id' | 'owner_id'>, purpose: Purpose, now = Date.now()): Promise<string> {
  const token = newSecret(purpose === 'resume' ? 'fmr' : purpose === 'page' ? 'fmp' : 'fmu');
  await trx.insertInto('visitor_access_tokens').values({
    token_hash: hashSecret(token),
    owner_id: conversation.owner_id,
    conversation_id: conversation.id,
    purpose,
    created_at: now,
    expires_at: now + TOKEN_TTL_MS[purpose],
    used_at: null,
  }).execute();
  return token;
}

/**
 * Trades a mailed resume token for a page token (the hosted page's cookie), in one transaction. The
 * UPDATE … WHERE used_at IS NULL is the single-use guarantee: of two requests with one token (two
 * tabs, two servers), exactly one gets a row back. Null for an unknown, used, expired or foreign token.
 */
export async function consumeResumeToken(db: Db, conversationId: string, token: string, now = Date.now()): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    const used = await trx.updateTable('visitor_access_tokens').set({ used_at: now })
      .where('token_hash', '=', hashSecret(token))
      .where('conversation_id', '=', conversationId)
      .where('purpose', '=', 'resume')
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['owner_id', 'conversation_id'])
      .executeTakeFirst();
    if (!used) return null;
    return issueVisitorToken(trx, { id: used.conversation_id, owner_id: used.owner_id }, 'page', now);
  });
}

/** The conversation a token of this purpose opens, or null (unknown, expired, used, another conversation's). */
export async function findConversationByToken(db: Db, conversationId: string, token: string | undefined, purpose: 'page' | 'unsubscribe', now = Date.now()): Promise<Conversation | null> {
  if (!token) return null;
  const row = await db.selectFrom('visitor_access_tokens')
    .innerJoin('conversations', (join) => join
      .onRef('conversations.id', '=', 'visitor_access_tokens.conversation_id')
      .onRef('conversations.owner_id', '=', 'visitor_access_tokens.owner_id'))
    .selectAll('conversations')
    .where('visitor_access_tokens.token_hash', '=', hashSecret(token))
    .where('visitor_access_tokens.conversation_id', '=', conversationId)
    .where('visitor_access_tokens.purpose', '=', purpose)
    .where('visitor_access_tokens.expires_at', '>', now)
    .executeTakeFirst();
  return row ?? null;
}

/** Stops mail about this conversation (the unsubscribe link); pending mail is dropped with it. */
export async function unsubscribeVisitor(db: Db, conversation: Pick<Conversation, 'id' | 'owner_id'>, now = Date.now()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('conversations').set({ visitor_mail_off_at: now })
      .where('id', '=', conversation.id).where('owner_id', '=', conversation.owner_id).where('visitor_mail_off_at', 'is', null).execute();
    await trx.updateTable('visitor_mail_queue').set({ sent_at: now, outcome: 'off' })
      .where('conversation_id', '=', conversation.id).where('sent_at', 'is', null).execute();
  });
}

/** Expired tokens are of no use to anyone: removed by the sender now and then. */
export async function pruneVisitorTokens(db: Db, now = Date.now()): Promise<void> {
  await db.deleteFrom('visitor_access_tokens').where('expires_at', '<=', now).execute();
}
