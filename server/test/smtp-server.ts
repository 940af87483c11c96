import net from 'node:net';
import tls from 'node:tls';

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
  from: string;
  to: string[];
  /** The raw DATA section, without the terminating dot. */
  data: string;
  /** Credentials the client presented, decoded. */
  auth: { username: string; password: string } | null;
  /** Whether the mail travelled over TLS (STARTTLS or implicit). */
  secure: boolean;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  /** Every command line seen, in order (credentials included: test data only). */
  commands: string[];
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** TLS from the first byte (smtps://). */
  implicitTls?: boolean;
  /** Offer STARTTLS after EHLO. */
  startTls?: boolean;
  /** AUTH mechanisms to offer (none: no AUTH line). */
  auth?: ('PLAIN' | 'LOGIN')[];
  /** Answer RCPT TO with 550 for this address. */
  rejectRecipient?: string;
}

/**
 * A small but real SMTP server on 127.0.0.1 (RFC 5321 subset: EHLO, STARTTLS, AUTH PLAIN/LOGIN,
 * MAIL, RCPT, DATA with dot-unstuffing, RSET, QUIT) that keeps what it receives, for tests.
 */
export async function startTestSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const commands: string[] = [];
  const context = tls.createSecureContext({ cert: TEST_TLS_CERT, key: TEST_TLS_KEY });
  const sockets = new Set<net.Socket>();

  const serve = (socket: net.Socket, secure: boolean, greet: boolean) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffer = '';
    let mail: ReceivedMail = { from: '', to: [], data: '', auth: null, secure };
    let mode: 'command' | 'data' | 'login-user' | 'login-pass' = 'command';
    let loginUser = '';
    const reply = (line: string) => socket.write(`${line}\r\n`);
    const onLine = (line: string) => {
      if (mode === 'data') {
        if (line === '.') {
          received.push(mail);
          mail = { from: '', to: [], data: '', auth: mail.auth, secure };
          mode = 'command';
          return reply('250 2.0.0 queued');
        }
        mail.data += `${line.startsWith('..') ? line.slice(1) : line}\r\n`;
        return;
      }
      commands.push(line);
      const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
      if (mode === 'login-user') {
        loginUser = decode(line);
        mode = 'login-pass';
        return reply('334 UGFzc3dvcmQ6');
      }
      if (mode === 'login-pass') {
        mail.auth = { username: loginUser, password: decode(line) };
        mode = 'command';
        return reply('235 2.7.0 accepted');
      }
      const [verb = '', ...rest] = line.split(' ');
      switch (verb.toUpperCase()) {
        case 'EHLO': {
          const features = [
            ...(options.startTls && !secure ? ['STARTTLS'] : []),
            ...(options.auth?.length ? [`AUTH ${options.auth.join(' ')}`] : []),
            '8BITMIME',
          ];
          reply(`250${features.length ? '-' : ' '}localhost greets you`);
          features.forEach((feature, i) => reply(`250${i === features.length - 1 ? ' ' : '-'}${feature}`));
          return;
        }
        case 'STARTTLS': {
          reply('220 2.0.0 ready to start TLS');
          socket.removeAllListeners('data');
          const upgraded = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
          upgraded.once('secure', () => serve(upgraded, true, false));
          upgraded.on('error', () => socket.destroy());
          return;
        }
        case 'AUTH':
          if (rest[0]?.toUpperCase() === 'PLAIN' && rest[1]) {
            const [, username = '', password = ''] = decode(rest[1]).split('\u0000');
            mail.auth = { username, password };
            return reply('235 2.7.0 accepted');
          }
          if (rest[0]?.toUpperCase() === 'LOGIN') {
            mode = 'login-user';
            return reply('334 VXNlcm5hbWU6');
          }
          return reply('504 5.5.4 unrecognized mechanism');
        case 'MAIL':
          mail.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          return reply('250 2.1.0 ok');
        case 'RCPT': {
          const to = /<([^>]*)>/.exec(line)?.[1] ?? '';
          if (to === options.rejectRecipient) return reply('550 5.1.1 no such user');
          mail.to.push(to);
          return reply('250 2.1.5 ok');
        }
        case 'DATA':
          mode = 'data';
          return reply('354 end data with <CR><LF>.<CR><LF>');
        case 'RSET':
          mail = { from: '', to: [], data: '', auth: mail.auth, secure };
          return reply('250 2.0.0 ok');
        case 'QUIT':
          reply('221 2.0.0 bye');
          return socket.end();
        default:
          return reply('502 5.5.2 command not recognized');
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        onLine(line);
        // STARTTLS hands the socket over; the rest of this buffer (nothing, per RFC 3207) is dropped.
        if (socket.listenerCount('data') === 0) return;
      }
    });
    if (greet) reply('220 localhost ESMTP test server');
  };

  const server = options.implicitTls
    ? tls.createServer({ cert: TEST_TLS_CERT, key: TEST_TLS_KEY }, (socket) => serve(socket, true, true))
    : net.createServer((socket) => serve(socket, false, true));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    received,
    commands,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
