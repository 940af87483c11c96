import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface TestS3 {
  /** STORAGE_URL for this server, e.g. s3://bucket/prefix?endpoint=…&forcePathStyle=true */
  storageUrl(prefix?: string): string;
  /** Env overrides that point an app at this server (URL + credentials). */
  env(prefix?: string): Record<string, string>;
  endpoint: string;
  bucket: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The directory s3rver keeps its objects in (to prove what was or was not written). */
  directory: string;
  close(): Promise<void>;
}

/** A real S3-protocol server (s3rver) on an ephemeral loopback port, with one bucket, in a temp dir. */
export async function startTestS3(bucket = 'fm-test'): Promise<TestS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  // s3rver checks signatures against its fixed key pair.
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const storageUrl = (prefix = '') =>
    `s3://${bucket}/${prefix}?endpoint=${encodeURIComponent(endpoint)}&forcePathStyle=true&region=us-east-1`;
  return {
    storageUrl,
    env: (prefix = '') => ({ STORAGE_URL: storageUrl(prefix), S3_ACCESS_KEY_ID: credentials.accessKeyId, S3_SECRET_ACCESS_KEY: credentials.secretAccessKey }),
    endpoint,
    bucket,
    credentials,
    directory,
    async close() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface TestS3Process extends TestS3 {
  /** SIGSTOP: the server keeps its sockets open but answers nothing (a hung S3). */
  pause(): void;
  /** SIGCONT: answers again. */
  resume(): void;
}

/** The same server in its own process, so a test can freeze it with SIGSTOP (an in-process one would freeze the test). */
export async function startTestS3Process(bucket = 'fm-test'): Promise<TestS3Process> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-s3-'));
  const script = `import S3rver from 's3rver';
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.argv[1], configureBuckets: [{ name: process.argv[2] }] });
const { port } = await server.run();
console.log(String(port));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, directory, bucket], { cwd: path.resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
    child.stdout!.once('data', (chunk) => resolve(Number(String(chunk).trim())));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const storageUrl = (prefix = '') =>
    `s3://${bucket}/${prefix}?endpoint=${encodeURIComponent(endpoint)}&forcePathStyle=true&region=us-east-1`;
  return {
    storageUrl,
    env: (prefix = '') => ({ STORAGE_URL: storageUrl(prefix), S3_ACCESS_KEY_ID: credentials.accessKeyId, S3_SECRET_ACCESS_KEY: credentials.secretAccessKey }),
    endpoint,
    bucket,
    credentials,
    directory,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    async close() {
      child.kill('SIGCONT');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
