import { useState } from 'react';
import { api } from '../api';
import { WeeklyChart } from '../components/WeeklyChart';
import { EmptyState, ErrorNotice, PageHeader } from '../components/ui';
import { formatDuration, formatShortDate } from '../format';
import { useResource, useTitle } from '../hooks';
import type { ResolutionReport } from '../types';

const day = (date: Date) => date.toISOString().slice(0, 10);

/** Resolution time of closed tickets (closedAt − createdAt): the headline numbers and a weekly trend. */
export function ReportsPage() {
  useTitle('Reports');
  const [range, setRange] = useState(() => {
    const to = new Date();
    const from = new Date(to.getTime() - 12 * 7 * 86_400_000);
    return { from: day(from), to: day(to) };
  });
  const report = useResource<ResolutionReport>(
    // `to` is inclusive for people: the whole of that day counts.
    () => api.resolutionReport(new Date(`${range.from}T00:00:00`).toISOString(), new Date(`${range.to}T23:59:59.999`).toISOString()),
    [range.from, range.to],
  );

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
      <ErrorNotice error={report.error} onRetry={report.reload} />
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
