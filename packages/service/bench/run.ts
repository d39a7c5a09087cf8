/**
 * `npm run bench`: autocannon on 127.0.0.1 against the real server process (its own PostgreSQL, Redis and
 * S3 stand-in, 1,000 seeded posts) and, as the yardstick, a bare Fastify hello-world run the same way.
 * Prints req/s, p50 and p99 latency and each figure's ratio to the hello-world. BENCH_DURATION (seconds,
 * default 10) and BENCH_CONNECTIONS (default 10) tune it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { testEnv } from '../test/support/app.ts';
import { freePort, waitForPort } from '../test/support/ports.ts';
import { createDatabase, startLocalPostgres } from '../test/support/postgres.ts';
import { startLocalRedis } from '../test/support/redis.ts';
import { startS3 } from '../test/support/s3.ts';
import { startService } from '../test/support/service.ts';

const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface Figures {
  readonly name: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

async function measure(name: string, url: string): Promise<Figures> {
  // Unmeasured warm-up, so that the JIT, the pools and the caches are in their steady state for every target.
  await autocannon({ url, connections, duration: 2 });
  const result = await autocannon({ url, connections, duration });
  const errors = result.errors + result.timeouts + result.non2xx;
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors };
}

async function helloWorld(): Promise<Figures> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('hello.ts', import.meta.url))],
    {
      env: { PATH: process.env.PATH ?? '', PORT: String(port) },
      stdio: 'ignore',
    },
  );
  try {
    await waitForPort(port, 20_000);
    return await measure('Fastify hello-world (baseline)', `http://127.0.0.1:${port}/`);
  } finally {
    child.kill('SIGTERM');
  }
}

async function seed(databaseUrl: string, serviceUrl: string): Promise<void> {
  const res = await fetch(`${serviceUrl}/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.com', password: 'benchmark password' }),
  });
  const { user } = await res.json();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(
    "INSERT INTO posts (author_id, body) SELECT $1, 'Seeded post number ' || n || ', long enough to look like a real one.' FROM generate_series(1, 1000) n",
    [user.id],
  );
  await client.end();
}

const [postgres, redis, s3] = await Promise.all([startLocalPostgres(), startLocalRedis(), startS3()]);
try {
  const database = await createDatabase(postgres.url);
  // Warn level: the figures measure the service, not the harness parsing a log line per request.
  const service = await startService({ ...testEnv(database.url, redis.url, s3), LOG_LEVEL: 'warn' });
  try {
    await seed(database.url, service.url);
    console.log(`benchmark: ${duration} s per target, ${connections} connections, Node ${process.version}`);
    const baseline = await helloWorld();
    const results = [
      baseline,
      await measure('GET /health', `${service.url}/health`),
      await measure('GET /posts (20 of 1,000 posts)', `${service.url}/posts`),
    ];
    const rows = results.map((r) => ({
      target: r.name,
      'req/s': Math.round(r.rps),
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      'vs hello-world': `${((r.rps / baseline.rps) * 100).toFixed(0)} %`,
      errors: r.errors,
    }));
    console.table(rows);
  } finally {
    await service.stop('SIGTERM');
  }
} finally {
  await Promise.all([postgres.stop(), redis.stop(), s3.stop()]);
}
