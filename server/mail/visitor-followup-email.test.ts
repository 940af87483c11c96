import { describe, expect, it } from 'vitest';
import { visitorFollowupEmail } from './visitor-followup-email.js';

const base = {
  to: { name: 'Vera <script>', address: 'vera@example.org' },
  teamName: 'Acme & Co',
  pageUrl: 'https://chat.example.com/c/abc?t=fmr_x',
  unsubscribeUrl: 'https://chat.example.com/c/abc/unsubscribe?u=fmu_y',
};

describe('the visitor follow-up mail', () => {
  it('escapes everything in the HTML part and keeps line breaks of replies in both parts', () => {
    const mail = visitorFollowupEmail({
      ...base,
      replies: [{ authorName: 'Mia "M" <b>', body: 'Line one\n<img src=x onerror=alert(1)>', fileNames: ['invoice<1>.pdf'] }],
      tickets: [],
    });
    expect(mail.subject).toBe('Acme & Co replied to your message');
    expect(mail.html).not.toMatch(/<img|<script|<b>/);
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).toContain('Mia &quot;M&quot; &lt;b&gt;');
    expect(mail.html).toContain('[File: invoice&lt;1&gt;.pdf]');
    expect(mail.text).toContain('Mia "M" <b>:\n> Line one\n> <img src=x onerror=alert(1)>\n> [File: invoice<1>.pdf]');
    expect(mail.text).toContain('Hello Vera <script>,');
    expect(mail.unsubscribeUrl).toBe(base.unsubscribeUrl);
  });

  it('names the team for a reply without a teammate name, and says what changed for tickets alone', () => {
    const reply = visitorFollowupEmail({ ...base, to: { name: null, address: 'x@example.org' }, replies: [{ authorName: null, body: 'Hi', fileNames: [] }], tickets: [] });
    expect(reply.text).toContain('Hello,');
    expect(reply.text).toContain('Acme & Co:\n> Hi');
    expect(reply.to).toEqual({ address: 'x@example.org' });
    const two = visitorFollowupEmail({ ...base, replies: [], tickets: [{ number: 3, title: 'A', status: 'new' }, { number: 4, title: 'B', status: 'closed' }] });
    expect(two.subject).toBe('Updates on your requests with Acme & Co');
    expect(two.text).toContain('Your request #3 — Received: A');
    expect(two.text).toContain('Your request #4 — Resolved: B');
  });
});
