import { useTranslation } from 'react-i18next';
import type { TicketMatch as Match } from '../../../shared/schemas/tickets';

/** Why a search result matched: the field and its snippet, the matched words (wrapped in [[ ]] by the API) highlighted. */
export function TicketMatch({ match }: { match: Match }) {
  const { t } = useTranslation();
  const parts = match.snippet.split(/\[\[|\]\]/);
  return (
    <span className="search-match" data-testid="search-match">
      <span className="label">{t('tickets.matchField', { field: t(`tickets.matchFields.${match.field}`) })}</span>{' '}
      {parts.map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : <span key={i}>{part}</span>))}
    </span>
  );
}
