import { createApi, type Api } from './api.js';
import { ChatSession } from './chat-session.js';
import { mountChat } from './chat-view.js';
import { pageUrlOf, readEmbedConfig, type EmbedConfig } from './config.js';
import { whenReady } from './dom.js';
import { mountForm } from './form-view.js';
import { chooseLocale, setLocale } from './i18n.js';
import { MemoryStorage, parseConversation, WidgetStore, type KeyValueStorage } from './storage.js';

declare global {
  interface Window {
    FloatMessage?: { version: string };
  }
}

/**
 * The embeddable widget: `<script src="https://chat.example.com/widget.js" data-site="SITE_KEY" async>`.
 * Adds the chat bubble (unless data-chat="off") and renders every `<div data-floatmessage-form="FORM_ID">`,
 * including ones added to the page later. currentScript must be read now, while this script runs.
 */
const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-site][src*="widget.js"]');
const config = script ? readEmbedConfig(script) : null;

if (window.FloatMessage) {
  // The snippet is on the page twice: one widget is enough.
} else if (!config) {
  console.warn('FloatMessage: the widget <script> needs data-site="YOUR_SITE_KEY" and an http(s) src.');
} else {
  window.FloatMessage = { version: '1' };
  setLocale(chooseLocale(config.locale, navigator.languages?.length ? navigator.languages : [navigator.language]));
  const api = createApi(config.origin);
  whenReady(() => {
    if (config.chat) startChat(config, api);
    mountForms(api, config.siteKey);
  });
}

function startChat(config: EmbedConfig, api: Api): void {
  const store = new WidgetStore(config.siteKey, webStorage('localStorage'), webStorage('sessionStorage'));
  const session = new ChatSession({
    api,
    store,
    siteKey: config.siteKey,
    origin: config.origin,
    openSocket: (url) => new WebSocket(url),
    pageUrl: () => pageUrlOf(location.href),
  });
  mountChat(config, session, api);
  session.start();
  addEventListener('online', () => session.retryNow());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') session.retryNow();
  });
  // The visitor's other tabs share the conversation: follow when one of them starts or forgets it.
  addEventListener('storage', (event) => {
    if (event.key === store.conversationKey) session.adopt(parseConversation(event.newValue));
  });
}

function mountForms(api: Api, siteKey: string): void {
  const scan = () => document.querySelectorAll<HTMLElement>('[data-floatmessage-form]').forEach((element) => mountForm(element, api, siteKey));
  scan();
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
}

/** localStorage/sessionStorage, or memory when the browser refuses access (privacy settings, sandboxed frames). */
function webStorage(name: 'localStorage' | 'sessionStorage'): KeyValueStorage {
  try {
    const storage = window[name];
    storage.getItem('floatmessage:probe');
    return storage;
  } catch {
    return new MemoryStorage();
  }
}
