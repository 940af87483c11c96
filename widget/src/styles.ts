/**
 * Styles live inside Shadow DOM: the host page's CSS cannot reach in, ours cannot leak out.
 * `--fm-accent` (set from data-color) is the one knob; custom properties pass the shadow boundary.
 */
const ACCENT = 'var(--fm-accent,#4f46e5)';

const COMMON = `
[hidden]{display:none!important}
*{box-sizing:border-box}
.sr{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
button,input,select,textarea{font:inherit;color:inherit}
input,select,textarea{padding:.5em .65em;border:1px solid #b3b8c7;border-radius:8px;background:#fff;color:#1f2330;width:100%}
:focus-visible{outline:3px solid ${ACCENT};outline-offset:2px}
`;

/**
 * The host element is within the page's reach (an outer `!important` rule beats `:host`), so everything
 * that matters (position, font, colour) is set on the inner `.fm` frame, which no page selector can match.
 */
export const CHAT_CSS = `${COMMON}
:host{all:initial}
.fm{all:initial;display:block;position:fixed;right:20px;bottom:20px;z-index:2147483647;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);text-align:left;direction:ltr;--fg:#1f2330;--bg:#fff;--soft:#eef0f5;--line:#e4e6ee;--field:#b3b8c7;--muted:#545a6c;--who:#3d4356;--warn:#fff7e0;--warn-fg:#6b4e00;--err:#b42318}
.t-dark{color-scheme:dark;--fg:#e9eaf0;--bg:#1d1f26;--soft:#2c2f39;--line:#393c48;--field:#5d6173;--muted:#b4b8c6;--who:#cfd2dc;--warn:#3a3010;--warn-fg:#f3d27a;--err:#ff8a80}
@media (prefers-color-scheme:dark){.t-auto{color-scheme:dark;--fg:#e9eaf0;--bg:#1d1f26;--soft:#2c2f39;--line:#393c48;--field:#5d6173;--muted:#b4b8c6;--who:#cfd2dc;--warn:#3a3010;--warn-fg:#f3d27a;--err:#ff8a80}}
.fm input,.fm textarea{background:var(--bg);color:var(--fg);border-color:var(--field);font-size:16px}
.bubble{position:relative;width:58px;height:58px;border:0;border-radius:50%;background:${ACCENT};color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center}
.bubble svg{width:28px;height:28px}
.badge{position:absolute;top:-3px;right:-3px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#d92d20;color:#fff;font-size:12px;font-weight:700;line-height:22px;text-align:center}
.panel{position:absolute;right:0;bottom:72px;width:370px;height:min(580px,calc(100vh - 110px));display:flex;flex-direction:column;background:var(--bg);border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.25);overflow:hidden}

.head{display:flex;align-items:center;gap:8px;padding:12px 12px 12px 16px;background:${ACCENT};color:#fff}
h2{flex:1;margin:0;font-size:16px;font-weight:600}
.close{width:36px;height:36px;border:0;border-radius:8px;background:transparent;color:#fff;font-size:24px;line-height:1;cursor:pointer}
.close:hover{background:rgba(255,255,255,.18)}
.status{margin:0;padding:6px 16px;background:var(--warn);color:var(--warn-fg);font-size:13px}
.status:empty{padding:0}
.empty{margin:0;padding:16px;color:var(--muted)}
.tickets{margin:0;padding:8px 14px;list-style:none;border-bottom:1px solid var(--line);font-size:13px}
.tickets li{display:flex;flex-direction:column}.tickets .title{color:var(--muted)}
.log{flex:1;overflow-y:auto;padding:12px 14px}
.list{margin:0;padding:0;list-style:none;display:flex;flex-direction:column;gap:6px}
.msg{max-width:82%;padding:8px 12px;border-radius:14px;background:var(--soft);align-self:flex-start}
.msg.visitor{align-self:flex-end;background:${ACCENT};color:#fff}
.msg p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.meta{display:block;margin-top:2px;font-size:11px;opacity:.85}
.visitor .meta,.visitor .size{opacity:1}
.pending{opacity:.7}
.who{display:block;margin-bottom:2px;font-size:12px;font-weight:600;color:var(--who)}
.thumb{display:block;margin:4px 0}
.thumb img{display:block;max-width:100%;max-height:220px;border-radius:8px;background:#fff}
.file{display:flex;align-items:center;gap:6px;margin:4px 0;color:inherit;text-decoration:none}
.file svg{width:20px;height:20px;flex:none}
.name{overflow-wrap:anywhere;text-decoration:underline}
.size{font-size:11px;opacity:.75;white-space:nowrap}
progress{display:block;width:100%;min-width:160px;height:6px;margin-top:4px;accent-color:#fff}
.typing{margin:0;padding:2px 16px 6px;font-size:13px;font-style:italic;color:var(--muted)}
.typing:empty{padding:0}
.attach{flex:none;width:38px;height:38px;border:0;border-radius:8px;background:transparent;color:var(--muted);cursor:pointer;display:grid;place-items:center}
.attach:hover{background:var(--soft)}
.attach svg{width:22px;height:22px}
.attach[aria-disabled=true]{opacity:.45;cursor:not-allowed}
.drop::after{content:"Drop files to send them";position:absolute;inset:0;display:grid;place-items:center;background:${ACCENT};opacity:.9;color:#fff;font-size:17px;font-weight:600;pointer-events:none}
.compose{border-top:1px solid var(--line);padding:10px 12px;display:flex;flex-direction:column;gap:8px}
.intro{display:grid;grid-template-columns:1fr 1fr;gap:6px}
.intro label{font-size:13px;color:var(--muted);display:flex;flex-direction:column;gap:2px}
.error{margin:0;color:var(--err);font-size:13px}
.error:empty{display:none}
.row{display:flex;gap:8px;align-items:flex-end}
textarea{resize:none;max-height:140px}
.send{border:0;border-radius:8px;padding:.55em 1em;background:${ACCENT};color:#fff;font-weight:600;cursor:pointer}
@media (max-width:480px){
.fm{right:14px;bottom:14px}
.panel{position:fixed;inset:0;width:auto;height:auto;border-radius:0}
.open .bubble{display:none}
}
`;

export const FORM_CSS = `${COMMON}
:host{display:block;font:inherit;color:inherit}
input,select,textarea{font-size:max(16px,1em)}
form{display:flex;flex-direction:column;gap:14px}
fieldset{border:0;margin:0;padding:0;min-width:0;display:flex;flex-direction:column;gap:14px}
legend{padding:0;margin-bottom:6px;font-weight:600;font-size:1.15em}
.field{display:flex;flex-direction:column;gap:4px}
.check{flex-direction:row;flex-wrap:wrap;align-items:center;gap:8px}
.check input{width:1.15em;height:1.15em;margin:0}
.check .err{flex-basis:100%}
.req,.err,.general{color:#b42318}
.err,.general{margin:0;font-size:.9em}
.general:empty{display:none}
[aria-invalid=true]{border-color:#b42318}
button{align-self:flex-start;border:0;border-radius:8px;padding:.6em 1.3em;background:${ACCENT};color:#fff;font-weight:600;cursor:pointer}
button:disabled{opacity:.6;cursor:progress}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.done{margin:0;padding:12px 0;font-weight:600}
.note{margin:0;color:#5a6072}
`;
