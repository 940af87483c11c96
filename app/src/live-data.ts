/** Reading ids out of live event payloads, whose shape differs by event type. */
type Data = Record<string, unknown>;

const asRecord = (value: unknown): Data | undefined =>
  value && typeof value === 'object' ? (value as Data) : undefined;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The conversation an event concerns, when it says (message.created, conversation.*, ticket.*). */
export function conversationIdOf(type: string, data: Data): string | undefined {
  const message = asRecord(data.message);
  const conversation = asRecord(data.conversation);
  const ticket = asRecord(data.ticket);
  return (
    str(data.conversationId) ??
    str(message?.conversationId) ??
    str(conversation?.id) ??
    str(ticket?.conversationId) ??
    (type.startsWith('conversation.') ? str(data.id) : undefined)
  );
}

/** The ticket a ticket.* event carries: `{ ticket }` or the ticket itself. */
export function ticketOf(data: Data): Data | undefined {
  return asRecord(data.ticket) ?? (str(data.id) ? data : undefined);
}

export function ticketIdOf(data: Data): string | undefined {
  return str(ticketOf(data)?.id) ?? str(data.ticketId);
}
