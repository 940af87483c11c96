/** API objects as the dashboard uses them (see /work/shared/spec/api.md). Timestamps are ISO-8601 strings. */

export interface User {
  id: string;
  email: string;
  name: string;
}

export type Role = 'owner' | 'member';

/** A workspace is an owner account; `id` is the owner's user id. */
export interface Workspace {
  id: string;
  name: string;
  role: Role;
}

export interface Me {
  user: User;
  /** The active workspace's public widget key. */
  site: { key: string };
  workspace: Workspace;
  workspaces: Workspace[];
}

export interface TeamMember {
  id: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: string;
}

export interface Invite {
  id: string;
  email: string | null;
  createdAt: string;
  expiresAt: string;
}

export interface Team {
  members: TeamMember[];
  invites: Invite[];
}

export interface CreatedInvite {
  invite: Invite;
  token: string;
  url: string;
  emailed: boolean;
}

export interface InvitePreview {
  workspace: { name: string };
  email: string | null;
  expiresAt: string;
}

export interface Tag {
  id: string;
  name: string;
  openCount: number;
  closedCount: number;
  createdAt: string;
}

export type ActivityKind =
  | 'created' | 'status_changed' | 'assignee_changed' | 'tags_changed' | 'title_changed' | 'notes_edited'
  | 'attachment_added' | 'attachment_removed' | 'priority_changed' | 'due_changed' | 'visibility_changed' | 'bulk_updated';

export interface TicketActivity {
  id: string;
  kind: ActivityKind;
  actor: { id: string; name: string } | null;
  data: Record<string, any>;
  createdAt: string;
}

export interface Visitor {
  name: string | null;
  email: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Author = 'visitor' | 'owner';

/** A teammate as the API names them on conversations and messages. */
export interface UserRef {
  id: string;
  name: string;
}

export interface Message {
  id: string;
  conversationId?: string;
  author: Author;
  /** The teammate who wrote an owner message (null for visitor messages and for ones with no recorded author). */
  authorUser?: UserRef | null;
  /** Empty when the message only carries a file. */
  body: string;
  attachments?: Attachment[];
  createdAt: string;
}

export interface LastMessage {
  body: string;
  author?: Author;
  authorUser?: UserRef | null;
  createdAt?: string;
}

export type ConversationStatus = 'open' | 'resolved';

/** The visitor as the owner API describes them (browser, OS and locale parsed by the server). */
export interface ConversationVisitor extends Visitor {
  browser?: string | null;
  os?: string | null;
  locale?: string | null;
  /** This site's other conversations with the same email (only on GET /api/conversations/{id}). */
  previousConversations?: number;
}

export interface Conversation {
  id: string;
  visitor: ConversationVisitor | null;
  pageUrl: string | null;
  country: string | null;
  lastMessage: LastMessage | null;
  status?: ConversationStatus;
  assignee?: UserRef | null;
  /** Visitor messages not yet read by the signed-in user (absent in live events). */
  unreadCount?: number;
  createdAt: string;
  updatedAt: string;
}

export interface ConversationFilters {
  status: ConversationStatus | 'all';
  /** `me`, `none`, a user id, or null for everyone's. */
  assignee: string | null;
  visitorEmail: string | null;
}

/** What the navigation badges count: open conversations with unread messages, submissions not yet seen. */
export interface UnreadCounts {
  conversations: number;
  submissions: number;
}

export interface SavedReply {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export type SavedReplyInput = Pick<SavedReply, 'shortcut' | 'title' | 'body'>;

export type TicketStatus = 'new' | 'in_progress' | 'closed';

export interface TicketSummary {
  id: string;
  number: number;
  title: string;
  status: TicketStatus;
}

export interface ConversationDetail {
  conversation: Conversation;
  messages: Message[];
  tickets: TicketSummary[];
}

export interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  createdAt: string;
  url: string;
  thumbnailUrl: string | null;
}

export interface TicketSource {
  type: 'conversation' | 'form_submission';
  id: string;
  available: boolean;
}

export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

/** The customer's words, copied when the ticket was made. */
export type TicketTranscript =
  | { messages: { author: 'visitor' | 'owner'; authorName: string | null; body: string; createdAt: string }[] }
  | { fields: { label: string; value: string }[] };

/** Why a search result matched: the field and a snippet with matched words wrapped in [[ ]]. */
export interface TicketMatch {
  field: 'number' | 'title' | 'notes' | 'visitor' | 'tags' | 'attachments' | 'transcript';
  snippet: string;
}

/** What a list item and the full ticket share. */
export interface TicketBase extends TicketSummary {
  version: number;
  /** null: made by hand. */
  source: TicketSource | null;
  conversationId: string | null;
  formSubmissionId: string | null;
  visitor: Visitor | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  assigneeId: string | null;
  assignee: { id: string; name: string } | null;
  /** Tag names, sorted. */
  tags: string[];
  attachments: Attachment[];
  priority: TicketPriority;
  dueAt: string | null;
  visibleToVisitor: boolean;
}

export interface Ticket extends TicketBase {
  notes: string;
  transcript: TicketTranscript | null;
}

/** A ticket as listed: a preview of the notes, no transcript; `match` with a search. */
export interface TicketListItem extends TicketBase {
  notesPreview: string;
  match?: TicketMatch;
}

export type FieldType = 'text' | 'email' | 'textarea' | 'select' | 'checkbox';

export interface FormField {
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  options?: string[];
}

export interface Form {
  id: string;
  name: string;
  fields: FormField[];
  submissionCount?: number;
  createdAt?: string;
  updatedAt?: string;
}

export interface FormInput {
  name: string;
  fields: FormField[];
}

/** One submitted answer with the label it had when the visitor sent it. */
export interface SubmittedField {
  name: string;
  label: string;
  type?: string;
  value: unknown;
}

export interface Submission {
  id: string;
  formId: string;
  formName: string;
  visitor: Visitor | null;
  fields: SubmittedField[];
  pageUrl: string | null;
  country: string | null;
  createdAt: string;
  /** On list items: the tickets made from it. */
  tickets?: TicketSummary[];
}

export interface SubmissionDetail {
  submission: Submission;
  tickets: TicketSummary[];
}

export interface ResolutionReport {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  weeks: { weekStart: string; count: number; medianSeconds: number | null }[];
  groups?: { key: string; name: string; count: number; medianSeconds: number | null }[];
}

export interface VolumeReport {
  weeks: { week: string; created: number; closed: number }[];
}

export interface FirstResponseReport {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  byAssignee: { userId: string | null; name: string; count: number; medianSeconds: number | null; p90Seconds: number | null }[];
}

export interface ApiTokenSummary {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/**
 * A frame from /api/ws, already unpacked, or `live.resync`: emitted locally after a reconnect,
 * because events sent while the socket was down are not replayed.
 */
export type LiveEvent =
  | { type: 'conversation.created' | 'message.created'; conversation: Conversation; message: Message }
  | { type: 'conversation.deleted'; conversationId: string }
  /** Status, assignee or read state changed; `actor` null when the visitor's message reopened it; `read` when `actor` read it. */
  | { type: 'conversation.updated'; conversation: Conversation; actor: { id: string } | null; read: boolean }
  | { type: 'conversation.typing'; conversationId: string; who: 'visitor' | 'agent'; name: string | null; actorId: string | null }
  | { type: 'submissions.read'; actorId: string | null }
  | { type: 'submission.created'; submission: Submission }
  | { type: 'ticket.created' | 'ticket.updated'; ticket: Ticket }
  | { type: 'ticket.deleted'; ticketId: string }
  | { type: 'member.removed'; userId: string }
  | { type: 'live.resync' }
  /** Local: the server closed our socket because we were removed from the workspace. */
  | { type: 'workspace.left' }
  /** Local: the server closed our socket because this session ended (logged out elsewhere, password changed or reset). */
  | { type: 'session.ended' };

/** GET /api/auth/signup-policy: `open` is whether a sign-up without an invite is accepted now. */
export interface SignupPolicy {
  policy: 'first' | 'open' | 'invite';
  open: boolean;
}

/** GET /api/settings/mail: mail needs SMTP_URL and PUBLIC_URL; `missing` names what is not set. */
export interface MailStatus {
  enabled: boolean;
  missing: ('SMTP_URL' | 'PUBLIC_URL')[];
}
