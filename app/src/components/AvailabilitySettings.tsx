import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { AvailabilitySettings as Availability } from '../../../shared/schemas/availability';
import { api } from '../api';
import { useTranslation } from 'react-i18next';
import { weekdayName } from '../format';
import { errorMessage } from '../i18n/errors';
import { useResource } from '../hooks';
import { useToast } from './Toasts';
import { ErrorNotice } from './ui';

const DAYS = [0, 1, 2, 3, 4, 5, 6];
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
  const { t } = useTranslation();
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
      setError(t('settings.availability.chooseDay'));
      return;
    }
    setBusy(true);
    try {
      await api.saveAvailability({ timezone, hours, awayMessage });
      toast(t('settings.availability.saved'));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card stack" aria-labelledby="availability-title">
      <h2 id="availability-title">{t('settings.availability.title')}</h2>
      <p className="muted">
        {t('settings.availability.help')}
      </p>
      <ErrorNotice error={saved.error} onRetry={saved.reload} />
      <form className="stack" onSubmit={submit}>
        <label className="field" htmlFor={zoneId}>
          <span className="label">{t('settings.availability.timeZone')}</span>
          <select id={zoneId} value={timezone} onChange={(event) => setTimezone(event.target.value)}>
            {zones.map((zone) => <option key={zone} value={zone}>{zone.replace(/_/g, ' ')}</option>)}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={always} onChange={(event) => setAlways(event.target.checked)} />
          {t('settings.availability.always')}
        </label>
        {!always && (
          <fieldset className="stack plain-fieldset hours-rows">
            <legend className="label">{t('settings.availability.hours')}</legend>
            {ORDER.map((day) => (
              <div className="setting-row" key={day} role="group" aria-label={weekdayName(day)}>
                <label className="checkbox hours-day">
                  <input type="checkbox" checked={rows[day]!.open} onChange={(event) => setRow(day, { open: event.target.checked })} />
                  {weekdayName(day)}
                </label>
                <input type="time" aria-label={t('settings.availability.from', { day: weekdayName(day) })} value={rows[day]!.from} disabled={!rows[day]!.open} required
                  onChange={(event) => setRow(day, { from: event.target.value })} />
                <span aria-hidden="true">–</span>
                <input type="time" aria-label={t('settings.availability.to', { day: weekdayName(day) })} value={rows[day]!.to} disabled={!rows[day]!.open} required
                  onChange={(event) => setRow(day, { to: event.target.value })} />
              </div>
            ))}
          </fieldset>
        )}
        <label className="field" htmlFor={messageId}>
          <span className="label">{t('settings.availability.awayMessage')}</span>
          <textarea id={messageId} rows={3} maxLength={500} value={awayMessage} onChange={(event) => setAwayMessage(event.target.value)}
            placeholder={t('settings.availability.awayPlaceholder')} />
        </label>
        {error && <p className="form-error" role="alert">{error}</p>}
        <div>
          <button type="submit" className="button primary" disabled={busy || !saved.data}>{busy ? t('common.saving') : t('settings.availability.save')}</button>
        </div>
      </form>
    </section>
  );
}
