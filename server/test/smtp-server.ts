import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/**
 * A self-signed certificate for localhost / 127.0.0.1 (valid until 2125), only for the loopback
 * SMTP server below: tests trust it explicitly with `ca`.
 */
export const TEST_TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIBmjCCAUGgAwIBAgIUHGIxsJmFsBPKj6jYLu80hzuUzUEwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyNjExNDAwOVoYDzIxMjYxMTAy
MTE0MDA5WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAARnUuoZGIsQDf5lESMypEOedq3fTkgBeCUW6+gE12dF17RzHMM8XUqp
I/k9RQDh5ZjCOy5HKADGpzjIZCNTX22io28wbTAdBgNVHQ4EFgQUS9FJmcsB216S
E2sQRS+WimpcojUwHwYDVR0jBBgwFoAUS9FJmcsB216SE2sQRS+WimpcojUwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDRwAwRAIgOpTTPGdnwVnrZwwd+CqAfUWVh4sz8tWC7iyNxsEde4cCIEm7
5vkj6p9jsiIHppL9oG/sr4tPsiqq/xnBTqdMqONd
-----END CERTIFICATE-----
`;
const TEST_TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPLt9pN8g4juu+NAn
EXj00mB6CzLEwOWq11bAcFtbbtmhRANCAARnUuoZGIsQDf5lESMypEOedq3fTkgB
eCUW6+gE12dF17RzHMM8XUqpI/k9RQDh5ZjCOy5HKADGpzjIZCNTX22i
-----END PRIVATE KEY-----
`;

export interface ReceivedMail {
  /** Envelope sender and recipients (MAIL FROM / RCPT TO). */
  from: string;
  to: string[];
  /** The message as it arrived, and as mailparser reads it. */
  raw: string;
  parsed: ParsedMail;
  /** Credentials the client presented (test data only). */
  auth: { username: string; password: string } | null;
  /** Whether the mail travelled over TLS (STARTTLS or implicit). */
  secure: boolean;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Every AUTH attempt, with whether the connection was encrypted at that moment. */
  authAttempts: { username: string; secure: boolean }[];
  /** Resolves with the first received mail matching `predicate` (mail is sent in the background). */
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** TLS from the first byte (smtps://). */
  implicitTls?: boolean;
  /** Offer STARTTLS after EHLO. */
  startTls?: boolean;
  /** AUTH mechanisms to offer (none: no AUTH). */
  auth?: ('PLAIN' | 'LOGIN')[];
  /** Answer RCPT TO with 550 for this address. */
  rejectRecipient?: string;
  /** Answer the first N messages' DATA with 451 (a temporary failure), to exercise retries. */
  failFirst?: number;
  /** Called with each message kept (the browser tests' global setup writes them to files). */
  onReceive?: (mail: ReceivedMail) => void;
}

/** The `smtp-server` package on 127.0.0.1, keeping and parsing (with `mailparser`) what it receives. */
export async function startTestSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const authAttempts: TestSmtpServer['authAttempts'] = [];
  const waiters = new Set<() => void>();
  let failuresLeft = options.failFirst ?? 0;
  const disabledCommands = [...(options.startTls || options.implicitTls ? [] : ['STARTTLS']), ...(options.auth?.length ? [] : ['AUTH'])];

  const serverOptions: SMTPServerOptions = {
    secure: options.implicitTls ?? false,
    key: TEST_TLS_KEY,
    cert: TEST_TLS_CERT,
    disabledCommands,
    authMethods: options.auth ?? [],
    authOptional: true,
    // The client decides whether to send credentials in the clear; the tests check that it refuses.
    allowInsecureAuth: true,
    logger: false,
    closeTimeout: 1000,
    onAuth(auth, session, callback) {
      authAttempts.push({ username: auth.username ?? '', secure: session.secure });
      callback(null, { user: { username: auth.username, password: auth.password } });
    },
    onRcptTo(address, _session, callback) {
      if (address.address === options.rejectRecipient) {
        return callback(Object.assign(new Error('5.1.1 no such user'), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          return callback(Object.assign(new Error('4.3.0 try again later'), { responseCode: 451 }));
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((parsed) => {
          const envelope = session.envelope;
          const mail: ReceivedMail = {
            from: envelope.mailFrom ? envelope.mailFrom.address : '',
            to: envelope.rcptTo.map((r) => r.address),
            raw: raw.toString('utf8'),
            parsed,
            auth: (session.user as ReceivedMail['auth'] | undefined) ?? null,
            secure: session.secure,
          };
          received.push(mail);
          options.onReceive?.(mail);
          for (const wake of [...waiters]) wake();
          callback();
        }, callback);
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    received,
    authAttempts,
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const mail = received.find(predicate);
          if (!mail) return;
          cleanup();
          resolve(mail);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching mail within ${timeoutMs} ms (received ${received.length})`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The plain addresses of a parsed address header (To, Cc, …). */
export function addressesOf(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = Array.isArray(field) ? field : field ? [field] : [];
  return objects.flatMap((o) => o.value.map((v) => v.address ?? ''));
}

/** Every http(s) link in a text part. */
export function linksIn(text: string | undefined): string[] {
  return [...(text ?? '').matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]);
}
