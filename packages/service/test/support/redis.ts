import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort, waitForPort } from './ports.ts';
import type { RunningServer } from './postgres.ts';

export interface LocalRedis extends RunningServer {
  readonly port: number;
  /** Stops the server (SIGTERM); clients see their connection drop. Nothing is persisted. */
  halt(): Promise<void>;
  /** Starts an empty server on the same port again. */
  resume(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts a throw-away redis-server on 127.0.0.1 on a free port, without persistence. */
export async function startLocalRedis(): Promise<LocalRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    running.add(proc);
    child = proc;
    let failure: Error | undefined;
    proc.once('exit', (code) => {
      running.delete(proc);
      failure = new Error(`redis-server on port ${port} exited with code ${code}`);
    });
    proc.once('error', (err) => {
      failure = new Error(
        `could not run redis-server (apt-get install redis-server, or set REDIS_URL): ${err}`,
      );
    });
    await waitForPort(port, 10_000, () => failure);
  };
  const halt = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null) return;
    const exited = once(proc, 'exit');
    proc.kill('SIGTERM');
    await exited;
    child = undefined;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, halt, resume: start, stop: halt };
}

/** The server named by REDIS_URL if set (left running afterwards), else a throw-away local one. */
export async function startRedis(): Promise<RunningServer> {
  const external = process.env.REDIS_URL;
  if (external) return { url: external, stop: async () => {} };
  return startLocalRedis();
}
