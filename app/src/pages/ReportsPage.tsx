import { useState } from 'react';
import { api } from '../api';
import { VolumeChart } from '../components/VolumeChart';
import { WeeklyChart } from '../components/WeeklyChart';
import { EmptyState, ErrorNotice, PageHeader } from '../components/ui';
import { formatDuration, formatNumber, formatShortDate } from '../format';
import { useTranslation } from 'react-i18next';
import { useResource, useTitle } from '../hooks';
import type { FirstResponseReport, ResolutionReport, VolumeReport } from '../../../shared/schemas/tickets';

const day = (date: Date) => date.toISOString().slice(0, 10);

/** Resolution time of closed tickets (closedAt − createdAt): the headline numbers and a weekly trend. */
export function ReportsPage() {
  const { t } = useTranslation();
  useTitle(t('nav.reports'));
  const [range, setRange] = useState(() => {
    const to = new Date();
    const from = new Date(to.getTime() - 12 * 7 * 86_400_000);
    return { from: day(from), to: day(to) };
  });
  const [groupBy, setGroupBy] = useState<'assignee' | 'tag'>('assignee');
  // `to` is inclusive for people: the whole of that day counts.
  const fromIso = new Date(`${range.from}T00:00:00`).toISOString();
  const toIso = new Date(`${range.to}T23:59:59.999`).toISOString();
  const report = useResource<ResolutionReport>(() => api.resolutionReport(fromIso, toIso, groupBy), [range.from, range.to, groupBy]);
  const volume = useResource<VolumeReport>(() => api.volumeReport(fromIso, toIso), [range.from, range.to]);
  const firstResponse = useResource<FirstResponseReport>(() => api.firstResponseReport(fromIso, toIso), [range.from, range.to]);

  return (
    <div className="page">
      <PageHeader title={t('nav.reports')}>
        <div className="inline-field">
          <label className="label" htmlFor="report-from">
            {t('reports.from')}
          </label>
          <input id="report-from" type="date" value={range.from} max={range.to} onChange={(e) => e.target.value && setRange({ ...range, from: e.target.value })} />
        </div>
        <div className="inline-field">
          <label className="label" htmlFor="report-to">
            {t('reports.to')}
          </label>
          <input id="report-to" type="date" value={range.to} min={range.from} onChange={(e) => e.target.value && setRange({ ...range, to: e.target.value })} />
        </div>
      </PageHeader>
      <ErrorNotice error={report.error ?? volume.error ?? firstResponse.error} onRetry={() => { report.reload(); volume.reload(); firstResponse.reload(); }} />
      <h2 className="section-title">{t('reports.volume')}</h2>
      <section className="card chart-card" aria-labelledby="volume-title">
        <h3 id="volume-title">{t('reports.volumeTitle')}</h3>
        {volume.data && volume.data.weeks.length > 0 ? (
          <>
            <VolumeChart weeks={volume.data.weeks} />
            <details className="chart-table">
              <summary>{t('reports.showTable')}</summary>
              <table className="table compact">
                <thead><tr><th scope="col">{t('reports.weekOf')}</th><th scope="col">{t('reports.created')}</th><th scope="col">{t('reports.closed')}</th></tr></thead>
                <tbody>
                  {volume.data.weeks.map((week) => (
                    <tr key={week.week}><td>{formatShortDate(week.week)}</td><td>{formatNumber(week.created)}</td><td>{formatNumber(week.closed)}</td></tr>
                  ))}
                </tbody>
              </table>
            </details>
          </>
        ) : <div className="chart-placeholder" />}
      </section>
      <h2 className="section-title">{t('reports.firstResponse')}</h2>
      <div className="stats" aria-busy={firstResponse.loading}>
        <Stat label={t('reports.answered')} value={firstResponse.data ? formatNumber(firstResponse.data.count) : '…'} />
        <Stat label={t('reports.median')} value={firstResponse.data ? formatDuration(firstResponse.data.medianSeconds) : '…'} />
        <Stat label={t('reports.p90')} value={firstResponse.data ? formatDuration(firstResponse.data.p90Seconds) : '…'} />
      </div>
      {firstResponse.data && firstResponse.data.byAssignee.length > 0 && (
        <section className="card" aria-label={t('reports.firstResponseByTeammate')}>
          <table className="table compact">
            <thead><tr><th scope="col">{t('common.teammate')}</th><th scope="col">{t('reports.answeredFirst')}</th><th scope="col">{t('reports.median')}</th><th scope="col">{t('reports.p90')}</th></tr></thead>
            <tbody>
              {firstResponse.data.byAssignee.map((row) => (
                <tr key={row.userId ?? 'gone'}><td>{row.name}</td><td>{formatNumber(row.count)}</td><td>{formatDuration(row.medianSeconds)}</td><td>{formatDuration(row.p90Seconds)}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <h2 className="section-title">{t('reports.resolution')}</h2>
      <div className="stats" aria-busy={report.loading}>
        <Stat label={t('reports.ticketsClosed')} value={report.data ? formatNumber(report.data.count) : '…'} />
        <Stat label={t('reports.median')} value={report.data ? formatDuration(report.data.medianSeconds) : '…'} />
        <Stat label={t('reports.p90')} value={report.data ? formatDuration(report.data.p90Seconds) : '…'} />
      </div>
      <section className="card chart-card" aria-labelledby="weekly-title">
        <h3 id="weekly-title">{t('reports.medianPerWeek')}</h3>
        {report.data && report.data.weeks.length > 0 ? (
          <>
            <WeeklyChart weeks={report.data.weeks} />
            <details className="chart-table">
              <summary>{t('reports.showTable')}</summary>
              <table className="table compact">
                <thead>
                  <tr><th scope="col">{t('reports.weekOf')}</th><th scope="col">{t('reports.closed')}</th><th scope="col">{t('reports.median')}</th></tr>
                </thead>
                <tbody>
                  {report.data.weeks.map((week) => (
                    <tr key={week.weekStart}>
                      <td>{formatShortDate(week.weekStart)}</td>
                      <td>{formatNumber(week.count)}</td>
                      <td>{formatDuration(week.medianSeconds)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </>
        ) : (
          <div className="chart-placeholder">
            {report.data && <EmptyState title={t('reports.noneClosed')} />}
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="groups-title">
        <div className="toolbar">
          <h3 id="groups-title">{t('reports.resolutionBy')}</h3>
          <label className="inline-field">
            <span className="visually-hidden">{t('reports.groupBy')}</span>
            <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as 'assignee' | 'tag')}>
              <option value="assignee">{t('filters.assignee')}</option>
              <option value="tag">{t('filters.tag')}</option>
            </select>
          </label>
        </div>
        {report.data?.groups && report.data.groups.length > 0 ? (
          <table className="table compact">
            <thead><tr><th scope="col">{groupBy === 'tag' ? t('filters.tag') : t('filters.assignee')}</th><th scope="col">{t('reports.closed')}</th><th scope="col">{t('reports.median')}</th></tr></thead>
            <tbody>
              {report.data.groups.map((group) => (
                <tr key={group.key}><td>{group.name}</td><td>{formatNumber(group.count)}</td><td>{formatDuration(group.medianSeconds)}</td></tr>
              ))}
            </tbody>
          </table>
        ) : <p className="muted">{t('reports.noneClosed')}</p>}
      </section>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat card">
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
    </div>
  );
}
