import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatRelative, statusLabel } from '../format';
import { errorMessage } from '../i18n/errors';
import { useNow } from '../hooks';
import type { TicketStatus } from '../../../shared/schemas/tickets';
import { Icon } from './Icon';

export function StatusBadge({ status }: { status: TicketStatus }) {
  useTranslation();
  return <span className={`badge status-${status}`}>{statusLabel(status)}</span>;
}

/** A relative time that stays current, with the exact time on hover and for assistive tech. */
export function RelativeTime({ iso }: { iso: string }) {
  useTranslation();
  const now = useNow();
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso, now)}
    </time>
  );
}

/** An error in the user's language: API errors by their code, a plain `{ message }` as it is (already translated). */
export function ErrorNotice({ error, onRetry }: { error: Error | { message: string } | null; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="notice error" role="alert">
      <Icon name="warning" />
      <span>{error instanceof Error ? errorMessage(error) : error.message}</span>
      {onRetry && (
        <button type="button" className="button small" onClick={onRetry}>
          {t('common.tryAgain')}
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}

export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      {children && <div className="page-actions">{children}</div>}
    </header>
  );
}

/** Placeholder rows with the real rows' height, so content does not jump in when it arrives. */
export function SkeletonRows({ count = 5 }: { count?: number }) {
  return (
    <div className="skeleton-list" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="skeleton-row" />
      ))}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {label ?? t('common.loading')}
    </p>
  );
}

/** Read-only code with a Copy button that confirms in place. */
export function CopyField({ label, value, multiline }: { label: string; value: string; multiline?: boolean }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const id = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Clipboard access can be refused (insecure origin); selecting the text lets the user copy by hand.
      (document.getElementById(id) as HTMLTextAreaElement | HTMLInputElement | null)?.select();
      document.execCommand?.('copy');
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <div className="copy-field">
      <div className="copy-field-body">
        <label className="label" htmlFor={id}>
          {label}
        </label>
        {multiline ? (
          <textarea id={id} readOnly value={value} rows={3} spellCheck={false} className="code" />
        ) : (
          <input id={id} readOnly value={value} className="code" />
        )}
      </div>
      <button type="button" className="button small" onClick={copy} aria-label={t('common.copyLabel', { label })}>
        <Icon name="copy" />
        <span aria-live="polite">{copied ? t('common.copied') : t('common.copy')}</span>
      </button>
    </div>
  );
}

export function LoadMore({ cursor, loading, onMore }: { cursor: string | null | undefined; loading: boolean; onMore: () => void }) {
  const { t } = useTranslation();
  if (!cursor) return null;
  return (
    <div className="load-more">
      <button type="button" className="button" onClick={onMore} disabled={loading}>
        {loading ? t('common.loading') : t('common.loadMore')}
      </button>
    </div>
  );
}
