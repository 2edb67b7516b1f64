// `npm run dev`: the API (ts-node, port 4000 unless PORT) and the portal's Vite dev server
// (http://localhost:5173, proxying /graphql and /exports to the API). Ctrl-C stops both.
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const children = [
  spawn(npm, ['run', 'dev:api'], { stdio: 'inherit' }),
  spawn(npm, ['run', 'dev', '-w', 'web'], {
    stdio: 'inherit',
    env: { ...process.env, VTF_API_URL: process.env.VTF_API_URL ?? `http://localhost:${process.env.PORT ?? 4000}` },
  }),
];
let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exitCode = code;
};
for (const c of children) c.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
