import { useState } from 'react';
import { api } from '../api';
import { VolumeChart } from '../components/VolumeChart';
import { WeeklyChart } from '../components/WeeklyChart';
import { EmptyState, ErrorNotice, PageHeader } from '../components/ui';
import { formatDuration, formatShortDate } from '../format';
import { useResource, useTitle } from '../hooks';
import type { FirstResponseReport, ResolutionReport, VolumeReport } from '../../../shared/schemas/tickets';

const day = (date: Date) => date.toISOString().slice(0, 10);

/** Resolution time of closed tickets (closedAt − createdAt): the headline numbers and a weekly trend. */
export function ReportsPage() {
  useTitle('Reports');
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
      <PageHeader title="Reports">
        <div className="inline-field">
          <label className="label" htmlFor="report-from">
            From
          </label>
          <input id="report-from" type="date" value={range.from} max={range.to} onChange={(e) => e.target.value && setRange({ ...range, from: e.target.value })} />
        </div>
        <div className="inline-field">
          <label className="label" htmlFor="report-to">
            To
          </label>
          <input id="report-to" type="date" value={range.to} min={range.from} onChange={(e) => e.target.value && setRange({ ...range, to: e.target.value })} />
        </div>
      </PageHeader>
      <ErrorNotice error={report.error ?? volume.error ?? firstResponse.error} onRetry={() => { report.reload(); volume.reload(); firstResponse.reload(); }} />
      <h2 className="section-title">Volume</h2>
      <section className="card chart-card" aria-labelledby="volume-title">
        <h3 id="volume-title">Created vs closed per week</h3>
        {volume.data && volume.data.weeks.length > 0 ? (
          <>
            <VolumeChart weeks={volume.data.weeks} />
            <details className="chart-table">
              <summary>Show as table</summary>
              <table className="table compact">
                <thead><tr><th scope="col">Week of</th><th scope="col">Created</th><th scope="col">Closed</th></tr></thead>
                <tbody>
                  {volume.data.weeks.map((week) => (
                    <tr key={week.week}><td>{formatShortDate(week.week)}</td><td>{week.created}</td><td>{week.closed}</td></tr>
                  ))}
                </tbody>
              </table>
            </details>
          </>
        ) : <div className="chart-placeholder" />}
      </section>
      <h2 className="section-title">First response</h2>
      <div className="stats" aria-busy={firstResponse.loading}>
        <Stat label="Conversations answered" value={firstResponse.data ? String(firstResponse.data.count) : '…'} />
        <Stat label="Median" value={firstResponse.data ? formatDuration(firstResponse.data.medianSeconds) : '…'} />
        <Stat label="90th percentile" value={firstResponse.data ? formatDuration(firstResponse.data.p90Seconds) : '…'} />
      </div>
      {firstResponse.data && firstResponse.data.byAssignee.length > 0 && (
        <section className="card" aria-label="First response by teammate">
          <table className="table compact">
            <thead><tr><th scope="col">Teammate</th><th scope="col">Answered first</th><th scope="col">Median</th><th scope="col">90th percentile</th></tr></thead>
            <tbody>
              {firstResponse.data.byAssignee.map((row) => (
                <tr key={row.userId ?? 'gone'}><td>{row.name}</td><td>{row.count}</td><td>{formatDuration(row.medianSeconds)}</td><td>{formatDuration(row.p90Seconds)}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <h2 className="section-title">Resolution time</h2>
      <div className="stats" aria-busy={report.loading}>
        <Stat label="Tickets closed" value={report.data ? String(report.data.count) : '…'} />
        <Stat label="Median" value={report.data ? formatDuration(report.data.medianSeconds) : '…'} />
        <Stat label="90th percentile" value={report.data ? formatDuration(report.data.p90Seconds) : '…'} />
      </div>
      <section className="card chart-card" aria-labelledby="weekly-title">
        <h3 id="weekly-title">Median per week</h3>
        {report.data && report.data.weeks.length > 0 ? (
          <>
            <WeeklyChart weeks={report.data.weeks} />
            <details className="chart-table">
              <summary>Show as table</summary>
              <table className="table compact">
                <thead>
                  <tr><th scope="col">Week of</th><th scope="col">Closed</th><th scope="col">Median</th></tr>
                </thead>
                <tbody>
                  {report.data.weeks.map((week) => (
                    <tr key={week.weekStart}>
                      <td>{formatShortDate(week.weekStart)}</td>
                      <td>{week.count}</td>
                      <td>{formatDuration(week.medianSeconds)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </>
        ) : (
          <div className="chart-placeholder">
            {report.data && <EmptyState title="No tickets were closed in this period." />}
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="groups-title">
        <div className="toolbar">
          <h3 id="groups-title">Resolution time by</h3>
          <label className="inline-field">
            <span className="visually-hidden">Group by</span>
            <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as 'assignee' | 'tag')}>
              <option value="assignee">Assignee</option>
              <option value="tag">Tag</option>
            </select>
          </label>
        </div>
        {report.data?.groups && report.data.groups.length > 0 ? (
          <table className="table compact">
            <thead><tr><th scope="col">{groupBy === 'tag' ? 'Tag' : 'Assignee'}</th><th scope="col">Closed</th><th scope="col">Median</th></tr></thead>
            <tbody>
              {report.data.groups.map((group) => (
                <tr key={group.key}><td>{group.name}</td><td>{group.count}</td><td>{formatDuration(group.medianSeconds)}</td></tr>
              ))}
            </tbody>
          </table>
        ) : <p className="muted">No tickets were closed in this period.</p>}
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
