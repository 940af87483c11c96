import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { AvailabilitySettings as Availability } from '../../../shared/schemas/availability';
import { api, ApiError } from '../api';
import { useResource } from '../hooks';
import { useToast } from './Toasts';
import { ErrorNotice } from './ui';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** Monday first, as most calendars show a working week. */
const ORDER = [1, 2, 3, 4, 5, 6, 0];

interface DayRow {
  open: boolean;
  from: string;
  to: string;
}

/** One range per day here (the API takes several); a day with more keeps its first and last times. */
function toRows(hours: Availability['hours']): DayRow[] {
  return DAYS.map((_, day) => {
    const ranges = hours.filter((h) => h.day === day);
    // A time input cannot show 24:00: midnight shows as 00:00 and is saved back as 24:00.
    const to = ranges.at(-1)?.to === '24:00' ? '00:00' : ranges.at(-1)?.to;
    return ranges.length ? { open: true, from: ranges[0]!.from, to: to! } : { open: false, from: '09:00', to: '17:00' };
  });
}

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes(current) ? zones : [current, ...zones];
}

/**
 * Settings: business hours, time zone and away message. The widget shows the team online only
 * within these hours and while a teammate has the dashboard open; otherwise the away message.
 */
export function AvailabilitySettings() {
  const saved = useResource(() => api.getAvailability(), []);
  const [timezone, setTimezone] = useState('UTC');
  const [always, setAlways] = useState(true);
  const [rows, setRows] = useState<DayRow[]>(() => toRows([]));
  const [awayMessage, setAwayMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const zoneId = useId();
  const messageId = useId();
  const zones = useMemo(() => timeZones(timezone), [timezone]);

  useEffect(() => {
    if (!saved.data) return;
    setTimezone(saved.data.timezone);
    setAlways(saved.data.hours.length === 0);
    setRows(toRows(saved.data.hours));
    setAwayMessage(saved.data.awayMessage);
  }, [saved.data]);

  const setRow = (day: number, change: Partial<DayRow>) => setRows((current) => current.map((row, i) => (i === day ? { ...row, ...change } : row)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const hours = always ? [] : rows.flatMap((row, day) => (row.open ? [{ day, from: row.from, to: row.to === '00:00' ? '24:00' : row.to }] : []));
    if (!always && hours.length === 0) {
      setError('Choose at least one day, or “Always available”.');
      return;
    }
    setBusy(true);
    try {
      await api.saveAvailability({ timezone, hours, awayMessage });
      toast('Availability saved.');
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Something went wrong; try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card stack" aria-labelledby="availability-title">
      <h2 id="availability-title">Availability</h2>
      <p className="muted">
        The chat widget shows your team as online within these hours while someone has the dashboard open. Otherwise it shows
        your away message and asks visitors for their email.
      </p>
      <ErrorNotice error={saved.error} onRetry={saved.reload} />
      <form className="stack" onSubmit={submit}>
        <label className="field" htmlFor={zoneId}>
          <span className="label">Time zone</span>
          <select id={zoneId} value={timezone} onChange={(event) => setTimezone(event.target.value)}>
            {zones.map((zone) => <option key={zone} value={zone}>{zone.replace(/_/g, ' ')}</option>)}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={always} onChange={(event) => setAlways(event.target.checked)} />
          Always available (no business hours)
        </label>
        {!always && (
          <fieldset className="stack plain-fieldset hours-rows">
            <legend className="label">Business hours</legend>
            {ORDER.map((day) => (
              <div className="setting-row" key={day} role="group" aria-label={DAYS[day]}>
                <label className="checkbox hours-day">
                  <input type="checkbox" checked={rows[day]!.open} onChange={(event) => setRow(day, { open: event.target.checked })} />
                  {DAYS[day]}
                </label>
                <input type="time" aria-label={`${DAYS[day]} from`} value={rows[day]!.from} disabled={!rows[day]!.open} required
                  onChange={(event) => setRow(day, { from: event.target.value })} />
                <span aria-hidden="true">–</span>
                <input type="time" aria-label={`${DAYS[day]} to`} value={rows[day]!.to} disabled={!rows[day]!.open} required
                  onChange={(event) => setRow(day, { to: event.target.value })} />
              </div>
            ))}
          </fieldset>
        )}
        <label className="field" htmlFor={messageId}>
          <span className="label">Away message</span>
          <textarea id={messageId} rows={3} maxLength={500} value={awayMessage} onChange={(event) => setAwayMessage(event.target.value)}
            placeholder="We’re away right now. Leave your email and we’ll get back to you." />
        </label>
        {error && <p className="form-error" role="alert">{error}</p>}
        <div>
          <button type="submit" className="button primary" disabled={busy || !saved.data}>{busy ? 'Saving…' : 'Save availability'}</button>
        </div>
      </form>
    </section>
  );
}
