import { useEffect, useState } from 'react';
import { visitorLabel } from '../format';
import { useLiveEvents } from '../live';
import { setTitleCount } from '../title';
import { notifyDesktop } from './desktop';
import { playChime } from './sound';
import { clearUnread, refreshUnread, useUnreadCounts } from './unread';
import { t } from '../i18n';

/**
 * Wherever the teammate is in the dashboard: keeps the unread counts current, shows their total in
 * the tab title, and chimes / notifies on a new conversation or visitor message — never for the
 * user's own actions, and not for the thread they are looking at right now.
 */
export function useInboxAlerts(meId: string, openConversationId: string | null) {
  const counts = useUnreadCounts();
  // Read out by screen readers wherever the user is (the sound and badge are not).
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    refreshUnread(0);
    return () => {
      clearUnread();
      setTitleCount(0);
    };
  }, [meId]);

  useEffect(() => setTitleCount(counts.conversations + counts.submissions), [counts]);

  useLiveEvents((event) => {
    switch (event.type) {
      case 'conversation.created':
      case 'message.created': {
        const { conversation, message } = event;
        if (message.author !== 'visitor' || message.authorUser?.id === meId) return;
        refreshUnread();
        const watching = openConversationId === conversation.id && document.visibilityState === 'visible' && document.hasFocus();
        if (watching) return;
        playChime();
        const who = visitorLabel(conversation.visitor);
        const title = event.type === 'conversation.created' ? t('alerts.newConversation', { name: who }) : t('alerts.wrote', { name: who });
        setAnnouncement(t('alerts.announcement', { title }));
        notifyDesktop(conversation.id, title, message.body || (message.attachments?.length ? t('chat.sentFile') : ''));
        return;
      }
      case 'conversation.updated':
      case 'conversation.deleted':
      case 'submission.created':
      case 'submissions.read':
      case 'live.resync':
        refreshUnread();
        return;
    }
  });

  return { counts, announcement };
}
