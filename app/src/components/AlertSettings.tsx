import { useId } from 'react';
import { requestDesktopPermission, useDesktopPermission } from '../alerts/desktop';
import { setAlertEnabled, useAlertEnabled } from '../alerts/preferences';
import { playChime } from '../alerts/sound';
import { useTranslation } from 'react-i18next';

/** This browser's alerts: the chime and desktop notifications (permission asked only from the button here). */
export function AlertSettings() {
  const { t } = useTranslation();
  const sound = useAlertEnabled('sound');
  const desktop = useAlertEnabled('desktop');
  const [permission, setPermission] = useDesktopPermission();
  const soundId = useId();
  const desktopId = useId();

  const enable = async () => {
    setPermission(await requestDesktopPermission());
    setAlertEnabled('desktop', true);
  };

  return (
    <section className="card stack" aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t('settings.alerts.title')}</h2>
      <p className="muted">
        {t('settings.alerts.help')}
      </p>
      <div className="setting-row">
        <label className="checkbox" htmlFor={soundId}>
          <input id={soundId} type="checkbox" checked={sound} onChange={(event) => setAlertEnabled('sound', event.target.checked)} />
          {t('settings.alerts.sound')}
        </label>
        <button type="button" className="button ghost small" onClick={() => playChime(true)}>
          {t('settings.alerts.testSound')}
        </button>
      </div>
      <div className="setting-row">
        {permission === 'granted' ? (
          <label className="checkbox" htmlFor={desktopId}>
            <input id={desktopId} type="checkbox" checked={desktop} onChange={(event) => setAlertEnabled('desktop', event.target.checked)} />
            {t('settings.alerts.desktop')}
          </label>
        ) : permission === 'denied' ? (
          <p className="muted" role="status">
            {t('settings.alerts.blocked')}
          </p>
        ) : permission === 'unsupported' ? (
          <p className="muted">{t('settings.alerts.unsupported')}</p>
        ) : (
          <>
            <span>{t('settings.alerts.explain')}</span>
            <button type="button" className="button" onClick={() => void enable()}>
              {t('settings.alerts.enable')}
            </button>
          </>
        )}
      </div>
    </section>
  );
}
