import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './ports.ts';

const run = promisify(execFile);

export interface RunningServer {
  /** Connection URL of the server, on 127.0.0.1. */
  readonly url: string;
  /** Stops the server and removes its files; a no-op for a server this harness did not start. */
  stop(): Promise<void>;
}

export interface LocalPostgres extends RunningServer {
  readonly port: number;
  /** Kills PostgreSQL the way a crash or a failover does (`pg_ctl stop -m immediate`); data stays on disk. */
  halt(): Promise<void>;
  /** Starts the halted server again on the same port (crash recovery replays the WAL). */
  resume(): Promise<void>;
}

/** Debian installs the server binaries per major version outside PATH; PG_BIN overrides the choice. */
function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'no PostgreSQL server binaries under /usr/lib/postgresql/*/bin: `apt-get install postgresql`, set PG_BIN, or set DATABASE_URL',
    );
  }
  return join(root, versions[0]!, 'bin');
}

/** PostgreSQL refuses to run as root, so as root the data directory belongs to, and commands run as, `postgres`. */
function asServerUser(bin: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

const running = new Set<string>();
// A test run that dies half-way must not leave servers behind; exit handlers can only run synchronous code.
process.once('exit', () => {
  for (const dataDir of running) {
    const [cmd, args] = asServerUser(join(binDir(), 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate']);
    spawnSync(cmd, args, { stdio: 'ignore' });
  }
});

/**
 * Starts a throw-away PostgreSQL on 127.0.0.1 on a free port (initdb into a temp directory, trust auth,
 * fsync off: tests need speed, not durability across an OS crash).
 */
export async function startLocalPostgres(): Promise<LocalPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'wellstack-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const dataDir = join(dir, 'data');
  const pgCtl = (args: string[]) => {
    const [cmd, argv] = asServerUser(join(bin, 'pg_ctl'), args);
    return run(cmd, argv);
  };
  const [initCmd, initArgs] = asServerUser(join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  await run(initCmd, initArgs);

  const port = await freePort();
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c fsync=off',
    '-c full_page_writes=off',
  ].join(' ');
  const start = async () => {
    await pgCtl(['start', '-D', dataDir, '-w', '-t', '30', '-l', join(dir, 'server.log'), '-o', options]);
    running.add(dataDir);
  };
  const halt = async () => {
    await pgCtl(['stop', '-D', dataDir, '-m', 'immediate', '-w']);
    running.delete(dataDir);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    halt,
    resume: start,
    async stop() {
      if (running.has(dataDir)) await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The server named by DATABASE_URL if set (left running afterwards), else a throw-away local one. */
export async function startPostgres(): Promise<RunningServer> {
  const external = process.env.DATABASE_URL;
  if (external) return { url: external, stop: async () => {} };
  return startLocalPostgres();
}

/**
 * Creates an empty database on the server at adminUrl so that each test file gets its own schema and data;
 * `drop()` removes it again.
 */
export async function createDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `wellstack_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        // Give closed pools a moment to disconnect: forcing them off makes PostgreSQL send an error to a
        // client that is still saying goodbye, which surfaces as an uncaught exception in the test.
        for (let i = 0; i < 40; i++) {
          const { rows } = await client.query(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
            [name],
          );
          if (rows[0].n === 0) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
