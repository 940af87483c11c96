const MAX_TITLE = 200;
const MESSAGE_TITLE_LENGTH = 80;

/**
 * The pre-title of a new ticket (API contract): the visitor's name, else their email, else — for a
 * conversation — the start of the first visitor message, else the fallback.
 */
export function deriveTicketTitle(source: {
  visitorName: string | null;
  visitorEmail: string | null;
  firstMessage?: string | null;
  fallback: string;
}): string {
  const candidates = [source.visitorName, source.visitorEmail, source.firstMessage ? excerpt(source.firstMessage) : null];
  const chosen = candidates.map((c) => c?.replace(/\s+/g, ' ').trim()).find((c) => c);
  return (chosen ?? source.fallback).slice(0, MAX_TITLE);
}

/** The first words of a message, cut at a word boundary, with an ellipsis when shortened. */
function excerpt(message: string): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  if (flat.length <= MESSAGE_TITLE_LENGTH) return flat;
  const cut = flat.slice(0, MESSAGE_TITLE_LENGTH);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > 40 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
