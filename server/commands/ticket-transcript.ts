import type { Kysely } from 'kysely';
import type { SubmittedField } from '../../shared/schemas/forms.js';
import type { TicketTranscript } from '../../shared/schemas/tickets.js';
import type { Message, Schema } from '../db/schema.js';
import { iso } from '../presenters/accounts.js';

/**
 * The copy of the customer's words a ticket keeps (api.md, "Tickets, part 2"): taken when the ticket
 * is made, stored as JSON on the ticket row, so it survives the deletion of its source.
 */

/** A conversation's messages, oldest first, with who wrote each (the visitor's name, or the teammate's). */
export async function conversationTranscript(db: Kysely<Schema>, ownerId: string, conversationId: string): Promise<Extract<TicketTranscript, { messages: unknown }>> {
  const rows = await db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .leftJoin('users as u', 'u.id', 'm.author_user_id')
    .select(['m.author', 'm.body', 'm.created_at', 'u.name as user_name', 'c.visitor_name'])
    .where('m.owner_id', '=', ownerId)
    .where('m.conversation_id', '=', conversationId)
    .orderBy('m.created_at')
    .orderBy('m.id')
    .execute();
  return transcriptOfMessages(rows[0]?.visitor_name ?? null, rows);
}

/** The transcript of messages already read (oldest first), each with its teammate's name. */
export function transcriptOfMessages(
  visitorName: string | null,
  rows: { author: Message['author']; body: string; created_at: number; user_name: string | null }[],
): Extract<TicketTranscript, { messages: unknown }> {
  return {
    messages: rows.map((row) => ({
      author: row.author,
      authorName: row.author === 'visitor' ? visitorName : row.user_name,
      body: row.body,
      createdAt: iso(Number(row.created_at)),
    })),
  };
}

/** A submission's fields as the visitor saw them: label and value (checkboxes read Yes/No). */
export function submissionTranscript(fieldsJson: string): TicketTranscript {
  const fields = JSON.parse(fieldsJson) as SubmittedField[];
  return {
    fields: fields.map((field) => ({
      label: field.label,
      value: typeof field.value === 'boolean' ? (field.value ? 'Yes' : 'No') : field.value,
    })),
  };
}

/** The transcript's words for the search document. */
export function transcriptText(transcript: TicketTranscript | null): string[] {
  if (!transcript) return [];
  if ('messages' in transcript) return transcript.messages.flatMap((m) => [m.authorName ?? '', m.body]);
  return transcript.fields.flatMap((f) => [f.label, f.value]);
}

export function parseTranscript(json: string | null): TicketTranscript | null {
  return json === null ? null : (JSON.parse(json) as TicketTranscript);
}
