import { escapeHtml as e } from '../forms/html-pages.js';

export interface DemoView {
  /** This server's public origin, e.g. https://chat.example.com. */
  origin: string;
  siteKey: string;
  /** The owner's first form, if they have one. */
  form: { id: string; name: string } | null;
}

/** The two snippets an owner pastes into their site (also shown in the README). */
export function embedSnippets({ origin, siteKey, form }: DemoView) {
  const script = `<script src="${origin}/widget.js" data-site="${siteKey}" async></script>`;
  return {
    script,
    form: form ? `<div data-floatmessage-form="${form.id}"></div>` : null,
    hostedUrl: form ? `${origin}/f/${encodeURIComponent(form.id)}` : null,
  };
}

/**
 * `/demo`: a page that plays the owner's own website, with the real widget and their first form
 * embedded, so a new owner sees the whole loop (visitor writes → dashboard → Create Ticket) at once.
 */
export function renderDemoPage(view: DemoView): string {
  const snippets = embedSnippets(view);
  const formSection = view.form
    ? `<h2>Your form: ${e(view.form.name)}</h2>
      <p>Fill it in as a visitor would. The submission appears under <a href="/submissions">Submissions</a>, with this page’s URL.</p>
      <div class="demo-form" data-floatmessage-form="${e(view.form.id)}"></div>
      <p>The same form as a page of its own (works without JavaScript): <a href="${e(snippets.hostedUrl!)}">${e(snippets.hostedUrl!)}</a></p>`
    : `<h2>Forms</h2>
      <p class="note">You have no forms yet. Create one in the dashboard under <a href="/forms/new">Forms</a>, then reload this page: it will appear here.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>FloatMessage demo site</title>
<style>${STYLE}</style>
</head><body>
<header><strong>Acme Demo Shop</strong> <span>— a pretend website running your FloatMessage widget</span> <a href="/chat">Back to the dashboard</a></header>
<main>
  <h1>See it work in a minute</h1>
  <ol>
    <li>Click the chat bubble (bottom right) and send a message, as a visitor would.</li>
    <li>Open the <a href="/chat" target="_blank" rel="noopener">dashboard</a> in another tab: the conversation is there, live. Reply, and watch the reply arrive here.</li>
    <li>In the dashboard, open the conversation’s ⋯ menu (Conversation actions) and choose <strong>Create Ticket</strong> (or <strong>+ Ticket</strong> on a submission).</li>
  </ol>
  <p class="note">This page shares your browser with the dashboard. To be a brand-new visitor, open it in a private window after signing in there, or clear this site’s storage.</p>
  <section>${formSection}</section>
  <section>
    <h2>Put it on your website</h2>
    <p>Chat bubble, on every page (before <code>&lt;/body&gt;</code>):</p>
    <pre><code>${e(snippets.script)}</code></pre>
    ${snippets.form ? `<p>A form, where it should appear (with the same script on the page):</p>\n    <pre><code>${e(snippets.form)}</code></pre>` : ''}
  </section>
</main>
<script src="/widget.js" data-site="${e(view.siteKey)}" async></script>
</body></html>
`;
}

export function renderSignInPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in first</title><style>${STYLE}</style></head><body><main>
  <h1>Sign in first</h1>
  <p>The demo page shows your own widget and forms. <a href="/login">Sign in to the dashboard</a>, then open <code>/demo</code> again.</p>
</main></body></html>
`;
}

const STYLE = [
  'body{font:16px/1.6 system-ui,sans-serif;margin:0;color:#1f2330;background:#fafafa}',
  'header{display:flex;gap:.5rem;align-items:baseline;flex-wrap:wrap;padding:1rem 1.5rem;background:#1f2330;color:#fff}',
  'header span{opacity:.75}header a{margin-left:auto;color:#c7d2fe}',
  'main{max-width:46rem;margin:0 auto;padding:1.5rem}',
  'h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}',
  'pre{background:#1f2330;color:#e5e7eb;padding:1rem;border-radius:8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all}',
  '.note{background:#eef2ff;border-left:4px solid #4f46e5;padding:.6rem .9rem;border-radius:4px}',
  '.demo-form{max-width:30rem;background:#fff;padding:1.25rem;border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.08)}',
  'a{color:#4338ca}',
  // Long links (the hosted form's URL) wrap instead of making phones scroll sideways.
  'main{overflow-wrap:anywhere}',
].join('');
