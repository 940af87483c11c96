import type { TicketMatch as Match } from '../../../shared/schemas/tickets';

const FIELD_LABELS: Record<Match['field'], string> = {
  number: 'Number', title: 'Title', notes: 'Notes', visitor: 'Customer', tags: 'Tags', attachments: 'Files', transcript: 'Transcript',
};

/** Why a search result matched: the field and its snippet, the matched words (wrapped in [[ ]] by the API) highlighted. */
export function TicketMatch({ match }: { match: Match }) {
  const parts = match.snippet.split(/\[\[|\]\]/);
  return (
    <span className="search-match" data-testid="search-match">
      <span className="label">{FIELD_LABELS[match.field]}:</span>{' '}
      {parts.map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : <span key={i}>{part}</span>))}
    </span>
  );
}
