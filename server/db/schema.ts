import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * Table types for Kysely. Timestamps are epoch milliseconds (integers) on both engines, which keeps
 * ordering, keyset cursors and arithmetic identical on SQLite and PostgreSQL.
 */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  site_key: string;
  created_at: number;
}

export interface SessionsTable {
  /** sha256 of the cookie token: a leaked database does not leak live sessions. */
  id: string;
  user_id: string;
  /** The active workspace: the session works on this owner's data (the user must be its member). */
  owner_id: string;
  created_at: number;
  expires_at: number;
}

/** A pending password reset (0010_account_recovery): single-use, one hour. */
export interface PasswordResetTokensTable {
  id: string;
  user_id: string;
  /** sha256 of the mailed token. */
  token_hash: string;
  created_at: number;
  expires_at: number;
}

export type WorkspaceRole = 'owner' | 'member';

/** Who works in which workspace; every owner is the `owner` member of their own. */
export interface WorkspaceMembersTable {
  owner_id: string;
  user_id: string;
  role: WorkspaceRole;
  created_at: number;
  last_active_at: number;
  /** When this member last viewed the submissions list; null → since they joined. */
  submissions_seen_at: number | null;
}

export interface TeamInvitesTable {
  id: string;
  owner_id: string;
  token_hash: string;
  email: string | null;
  invited_by: string | null;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  accepted_by: string | null;
}

export interface ApiTokensTable {
  id: string;
  owner_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
}

export interface ConversationsTable {
  id: string;
  owner_id: string;
  visitor_token_hash: string;
  visitor_name: string | null;
  visitor_email: string | null;
  page_url: string | null;
  country: string | null;
  last_message_body: string | null;
  last_message_author: 'visitor' | 'owner' | null;
  created_at: number;
  updated_at: number;
  status: Generated<ConversationStatus>;
  assignee_id: string | null;
  visitor_browser: string | null;
  visitor_os: string | null;
  visitor_locale: string | null;
  /** Visitor messages so far; a user's unread count is this minus conversation_reads.read_count. */
  visitor_message_count: Generated<number>;
  /** Last moment the visitor was known to be looking (0013): replies older than it are not mailed. */
  visitor_seen_at: number | null;
  /** The visitor unsubscribed from mail about this conversation (0013). */
  visitor_mail_off_at: number | null;
}

export type ConversationStatus = 'open' | 'resolved';

export interface ConversationReadsTable {
  owner_id: string;
  conversation_id: string;
  user_id: string;
  read_count: number;
  read_at: number;
}

export interface ChatAttachmentsTable {
  id: string;
  owner_id: string;
  conversation_id: string;
  message_id: string;
  object_key: string;
  thumbnail_key: string | null;
  filename: string;
  content_type: string;
  size: number;
  created_at: number;
}

export interface SavedRepliesTable {
  id: string;
  owner_id: string;
  shortcut: string;
  title: string;
  body: string;
  created_at: number;
  updated_at: number;
}

export interface MessagesTable {
  id: string;
  owner_id: string;
  conversation_id: string;
  author: 'visitor' | 'owner';
  author_user_id: string | null;
  body: string;
  created_at: number;
}

export interface FormsTable {
  id: string;
  owner_id: string;
  name: string;
  /** JSON text: FormField[] */
  fields: string;
  created_at: number;
  updated_at: number;
}

export interface FormSubmissionsTable {
  id: string;
  owner_id: string;
  form_id: string;
  form_name: string;
  /** JSON text: SubmittedField[] (a copy of each field's label and type, with the value) */
  fields: string;
  visitor_name: string | null;
  visitor_email: string | null;
  page_url: string | null;
  country: string | null;
  created_at: number;
}

export type TicketStatus = 'new' | 'in_progress' | 'closed';
export type TicketSourceType = 'conversation' | 'form_submission';

export interface TicketCountersTable {
  owner_id: string;
  last_number: number;
}

export interface TicketsTable {
  seq: Generated<number>;
  id: string;
  owner_id: string;
  number: number;
  title: string;
  status: TicketStatus;
  notes: string;
  version: number;
  /** null: made by hand. */
  source_type: TicketSourceType | null;
  conversation_id: string | null;
  form_submission_id: string | null;
  visitor_name: string | null;
  visitor_email: string | null;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  assignee_id: string | null;
  /** 0..3 = low, normal, high, urgent (a rank, so it sorts). */
  priority: Generated<number>;
  due_at: number | null;
  /** 0 or 1 on both engines. */
  visible_to_visitor: Generated<number>;
  /** JSON text: TicketTranscript, copied from the source at creation; null when made by hand. */
  transcript: string | null;
  /** Generated (stored): due_at, or 9999-12-31 without one — the due sort's key. */
  due_sort: Generated<number>;
}

export interface TagsTable {
  id: string;
  owner_id: string;
  name: string;
  /** Lowercased name, unique per workspace. */
  name_key: string;
  created_at: number;
}

export interface TicketTagsTable {
  owner_id: string;
  ticket_id: string;
  tag_id: string;
  created_at: number;
}

export interface TicketActivityTable {
  seq: Generated<number>;
  id: string;
  owner_id: string;
  ticket_id: string;
  actor_id: string | null;
  kind: string;
  /** JSON text */
  data: string;
  created_at: number;
}

export interface TicketAttachmentsTable {
  id: string;
  owner_id: string;
  ticket_id: string;
  object_key: string;
  /** null: not an image, or the thumbnail could not be made. */
  thumbnail_key: string | null;
  filename: string;
  content_type: string;
  size: number;
  created_at: number;
}

/** Business hours and away message per workspace (0012_availability); `hours` is JSON text: BusinessHours[]. */
export interface WorkspaceAvailabilityTable {
  owner_id: string;
  timezone: string;
  hours: string;
  away_message: string;
  updated_at: number;
}

/** A teammate's mail switches in one workspace (0/1 on both engines); no row = all on. */
export interface NotificationPrefsTable {
  owner_id: string;
  user_id: string;
  new_conversation: number;
  new_submission: number;
  assigned_to_me: number;
  visitor_reply_assigned: number;
}

/** `assigned_to_me` is a conversation, `ticket_assigned` a ticket (both under the assignedToMe switch). */
export type AgentNotificationKind = 'new_conversation' | 'new_submission' | 'assigned_to_me' | 'visitor_reply_assigned' | 'ticket_assigned';

/** A pending digest item for one teammate; `subject_id` is the conversation or submission. */
export interface AgentNotificationsTable {
  id: string;
  owner_id: string;
  user_id: string;
  kind: AgentNotificationKind;
  subject_id: string;
  created_at: number;
}

export interface AgentDigestsTable {
  user_id: string;
  last_sent_at: number;
}

/** A reply or visible-ticket status change the visitor may get by mail (0013, docs/API-VISITOR-MAIL.md). */
export interface VisitorMailQueueTable {
  id: string;
  owner_id: string;
  conversation_id: string;
  kind: 'reply' | 'ticket_status';
  message_id: string | null;
  ticket_id: string | null;
  created_at: number;
  /** Set once, by the server that claimed the row. */
  sent_at: number | null;
  outcome: 'mailed' | 'seen' | 'off' | null;
}

/** Resume links (single use), hosted-page cookies and unsubscribe links of a conversation (0013); sha256 only. */
export interface VisitorAccessTokensTable {
  token_hash: string;
  owner_id: string;
  conversation_id: string;
  purpose: 'resume' | 'page' | 'unsubscribe';
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface Schema {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  forms: FormsTable;
  form_submissions: FormSubmissionsTable;
  ticket_counters: TicketCountersTable;
  tickets: TicketsTable;
  workspace_members: WorkspaceMembersTable;
  team_invites: TeamInvitesTable;
  tags: TagsTable;
  ticket_tags: TicketTagsTable;
  ticket_activity: TicketActivityTable;
  ticket_attachments: TicketAttachmentsTable;
  conversation_reads: ConversationReadsTable;
  chat_attachments: ChatAttachmentsTable;
  saved_replies: SavedRepliesTable;
  password_reset_tokens: PasswordResetTokensTable;
  workspace_availability: WorkspaceAvailabilityTable;
  notification_prefs: NotificationPrefsTable;
  agent_notifications: AgentNotificationsTable;
  agent_digests: AgentDigestsTable;
  visitor_mail_queue: VisitorMailQueueTable;
  visitor_access_tokens: VisitorAccessTokensTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type Conversation = Selectable<ConversationsTable>;
export type Message = Selectable<MessagesTable>;
export type Form = Selectable<FormsTable>;
export type FormSubmission = Selectable<FormSubmissionsTable>;
export type Ticket = Selectable<TicketsTable>;
export type WorkspaceMember = Selectable<WorkspaceMembersTable>;
export type TeamInvite = Selectable<TeamInvitesTable>;
export type Tag = Selectable<TagsTable>;
export type TicketAttachment = Selectable<TicketAttachmentsTable>;
export type ChatAttachment = Selectable<ChatAttachmentsTable>;
export type SavedReply = Selectable<SavedRepliesTable>;
// Generated is re-exported for tables that use database defaults.
export type { Generated };

/** A workspace's webhook endpoint (0015_webhooks). `events` is a JSON array of event types. */
export interface WebhooksTable {
  id: string;
  owner_id: string;
  url: string;
  events: string;
  secret: string;
  active: number;
  disabled_reason: string | null;
  consecutive_failures: Generated<number>;
  created_at: number;
  updated_at: number;
}

/** One event for one endpoint; its id is the X-FloatMessage-Delivery header, stable across retries. */
export interface WebhookDeliveriesTable {
  id: string;
  owner_id: string;
  webhook_id: string;
  event_type: string;
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: Generated<number>;
  last_status_code: number | null;
  last_error: string | null;
  last_response: string | null;
  next_attempt_at: number;
  claimed_until: Generated<number>;
  created_at: number;
  delivered_at: number | null;
}

export type Webhook = Selectable<WebhooksTable>;
export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;
