import type { CommandContext } from './context.js';
import { publishConversationUpdated } from '../realtime/chat-events.js';
import type { AvailabilitySettings } from '../../shared/schemas/availability.js';
import { findHoursProblem, hoursState, isKnownTimeZone } from '../availability/business-hours.js';
import type { Db } from '../db/database.js';
import type { WorkspaceAvailabilityTable } from '../db/schema.js';
import { notFound, unprocessable } from '../errors.js';
import { hashSecret } from '../lib/ids.js';
import type { Presence } from '../realtime/presence.js';
import type { Actor } from './accounts.js';
import { withAssigneeNames, type ConversationView } from './conversation-views.js';

/** A workspace without a row: always within hours, no away message. */
export const DEFAULT_AVAILABILITY: AvailabilitySettings = { timezone: 'UTC', hours: [], awayMessage: '' };

function toSettings(row: Pick<WorkspaceAvailabilityTable, 'timezone' | 'hours' | 'away_message'> | undefined): AvailabilitySettings {
  if (!row) return DEFAULT_AVAILABILITY;
  return { timezone: row.timezone, hours: JSON.parse(row.hours) as AvailabilitySettings['hours'], awayMessage: row.away_message };
}

export async function getAvailability(db: Db, actor: Actor): Promise<AvailabilitySettings> {
  const row = await db.selectFrom('workspace_availability').select(['timezone', 'hours', 'away_message']).where('owner_id', '=', actor.ownerId).executeTakeFirst();
  return toSettings(row);
}

/** Replaces the workspace's hours and away message (one upsert). Unknown time zone or a range ending before it starts → 422. */
export async function saveAvailability(db: Db, actor: Actor, input: AvailabilitySettings): Promise<AvailabilitySettings> {
  if (!isKnownTimeZone(input.timezone)) throw unprocessable(`Unknown time zone "${input.timezone}".`, 'timezone');
  const problem = findHoursProblem(input.hours);
  if (problem) throw unprocessable(problem, 'hours');
  // Sorted by day and time, so every reader (the widget's next opening, the dashboard rows) sees one order.
  const hours = [...input.hours].sort((a, b) => a.day - b.day || a.from.localeCompare(b.from)).map(({ day, from, to }) => ({ day, from, to }));
  const row = { owner_id: actor.ownerId, timezone: input.timezone, hours: JSON.stringify(hours), away_message: input.awayMessage.trim(), updated_at: Date.now() };
  await db.insertInto('workspace_availability').values(row)
    .onConflict((oc) => oc.column('owner_id').doUpdateSet({ timezone: row.timezone, hours: row.hours, away_message: row.away_message, updated_at: row.updated_at }))
    .execute();
  return toSettings(row);
}

export interface WidgetConfigState {
  online: boolean;
  awayMessage: string | null;
  askEmail: boolean;
  withinHours: boolean;
  nextOpenAt: number | null;
}

/**
 * What the widget shows on load (public, called on every page view): one indexed query for the site
 * and its hours, the presence check only within hours, and the conversation's email only when the
 * visitor names their conversation with its token (a wrong token is treated as no conversation).
 */
export async function loadWidgetConfig(db: Db, presence: Presence, siteKey: string, conversation?: { id: string; token: string | undefined }): Promise<WidgetConfigState> {
  const site = await db.selectFrom('users')
    .leftJoin('workspace_availability as a', 'a.owner_id', 'users.id')
    .select(['users.id as ownerId', 'a.timezone', 'a.hours', 'a.away_message'])
    .where('users.site_key', '=', siteKey)
    .executeTakeFirst();
  if (!site) throw notFound('Site');
  const settings = toSettings(site.timezone === null || site.hours === null || site.away_message === null ? undefined : { timezone: site.timezone, hours: site.hours, away_message: site.away_message });
  const { withinHours, nextOpenAt } = hoursState(settings.hours, settings.timezone, Date.now());
  const online = withinHours && await presence.isWorkspaceOnline(site.ownerId);
  let hasEmail = false;
  if (!online && conversation?.token) {
    const row = await db.selectFrom('conversations').select('visitor_email')
      .where('id', '=', conversation.id).where('owner_id', '=', site.ownerId).where('visitor_token_hash', '=', hashSecret(conversation.token))
      .executeTakeFirst();
    hasEmail = Boolean(row?.visitor_email);
  }
  return { online, awayMessage: settings.awayMessage || null, askEmail: !online && !hasEmail, withinHours, nextOpenAt };
}

/** The visitor leaves their name and/or email on their conversation (token-scoped; wrong token → 404). */
export async function setVisitorContact(ctx: CommandContext, conversationId: string, visitorToken: string | undefined, input: { name?: string; email?: string }): Promise<ConversationView> {
  if (!visitorToken) throw notFound('Conversation');
  const { db } = ctx;
  const changes: { visitor_name?: string | null; visitor_email?: string | null } = {};
  if (input.name !== undefined) changes.visitor_name = input.name.trim() || null;
  if (input.email !== undefined) changes.visitor_email = input.email.trim();
  let query = db.updateTable('conversations').where('id', '=', conversationId).where('visitor_token_hash', '=', hashSecret(visitorToken));
  // Nothing to change still checks the token (404) and answers the current contact.
  query = Object.keys(changes).length ? query.set(changes) : query.set((eb) => ({ visitor_name: eb.ref('visitor_name') }));
  const row = await query.returningAll().executeTakeFirst();
  if (!row) throw notFound('Conversation');
  const [view] = await withAssigneeNames(db, [row]);
  // Dashboards showing the conversation pick up the new contact.
  publishConversationUpdated(ctx.events, view!, null);
  return view!;
}
