import { spawn, type ChildProcess } from 'node:child_process';

/**
 * `npm run dev`: the API server with reload (tsx watch, PORT or 3000) and the dashboard on Vite's
 * dev server with hot reload (VITE_PORT or 5173), which proxies /api — WebSockets included — to it.
 * Open the Vite URL. Ctrl-C stops both.
 */
const children: ChildProcess[] = [
  spawn('npm', ['run', '--silent', 'dev:server'], { stdio: 'inherit' }),
  spawn('npm', ['run', '--silent', 'dev:app'], { stdio: 'inherit' }),
];

let stopping = false;
function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}

for (const child of children) child.on('exit', (code) => stopAll(code ?? 0));
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
