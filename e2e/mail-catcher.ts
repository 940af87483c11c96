import fs from 'node:fs';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { inject } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../server/test/smtp-server.js';

/**
 * Global-setup side: a real SMTP server (the `smtp-server` package) on loopback for the e2e server's
 * SMTP_URL. Test files run in other processes, so every message received is written to `dir` as
 * `<n>.eml` (written whole, then renamed, so a reader never sees half a message).
 */
export async function startMailCatcher(dir: string): Promise<TestSmtpServer> {
  fs.mkdirSync(dir, { recursive: true });
  let count = 0;
  return startTestSmtpServer({
    onReceive: (mail) => {
      const name = `${String(++count).padStart(5, '0')}.eml`;
      fs.writeFileSync(path.join(dir, `.${name}.tmp`), mail.raw);
      fs.renameSync(path.join(dir, `.${name}.tmp`), path.join(dir, name));
    },
  });
}

/** Test side: the first mail the e2e server sent to `to` (waits for it: mail goes out in the background). */
export async function waitForMail(to: string, timeoutMs = 15_000): Promise<ParsedMail> {
  const dir = inject('mailDir');
  const deadline = Date.now() + timeoutMs;
  const seen = new Set<string>();
  while (Date.now() < deadline) {
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.eml')).sort()) {
      if (seen.has(name)) continue;
      seen.add(name);
      const mail = await simpleParser(fs.readFileSync(path.join(dir, name)));
      const recipients = [mail.to].flat().flatMap((field) => field?.value.map((v) => v.address) ?? []);
      if (recipients.includes(to)) return mail;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
}
