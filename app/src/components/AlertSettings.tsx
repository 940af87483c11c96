import { useId } from 'react';
import { requestDesktopPermission, useDesktopPermission } from '../alerts/desktop';
import { setAlertEnabled, useAlertEnabled } from '../alerts/preferences';
import { playChime } from '../alerts/sound';

/** This browser's alerts: the chime and desktop notifications (permission asked only from the button here). */
export function AlertSettings() {
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
      <h2 id="alerts-title">Notifications in this browser</h2>
      <p className="muted">
        The unread counts in the menu and the tab title are always on. These settings are remembered in this browser only.
      </p>
      <div className="setting-row">
        <label className="checkbox" htmlFor={soundId}>
          <input id={soundId} type="checkbox" checked={sound} onChange={(event) => setAlertEnabled('sound', event.target.checked)} />
          Play a sound on a new conversation or visitor message
        </label>
        <button type="button" className="button ghost small" onClick={() => playChime(true)}>
          Test sound
        </button>
      </div>
      <div className="setting-row">
        {permission === 'granted' ? (
          <label className="checkbox" htmlFor={desktopId}>
            <input id={desktopId} type="checkbox" checked={desktop} onChange={(event) => setAlertEnabled('desktop', event.target.checked)} />
            Show desktop notifications while the dashboard is in the background
          </label>
        ) : permission === 'denied' ? (
          <p className="muted" role="status">
            Desktop notifications are blocked for this site. Allow them in your browser’s site settings, then come back here.
          </p>
        ) : permission === 'unsupported' ? (
          <p className="muted">This browser does not support desktop notifications.</p>
        ) : (
          <>
            <span>Desktop notifications tell you about new chats while the dashboard is in the background.</span>
            <button type="button" className="button" onClick={() => void enable()}>
              Enable desktop notifications
            </button>
          </>
        )}
      </div>
    </section>
  );
}
