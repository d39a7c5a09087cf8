/**
 * Fault tests against the real server process and real PostgreSQL / Redis servers that these tests break
 * on purpose. Run with `npm run test:slow -w packages/service`; each prints what it measured.
 */
import { request } from 'node:http';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../support/app.ts';
import { createDatabase, type LocalPostgres, startLocalPostgres } from '../support/postgres.ts';
import { type LocalRedis, startLocalRedis } from '../support/redis.ts';
import { type LocalS3, startS3 } from '../support/s3.ts';
import { type ServiceProcess, startService } from '../support/service.ts';

/** How long the service may take to serve writes again once the database is back. */
const RECOVERY_BOUND_MS = 5_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let postgres: LocalPostgres;
let redis: LocalRedis;
let s3: LocalS3;
let database: { url: string; drop(): Promise<void> };
let service: ServiceProcess | undefined;

beforeAll(async () => {
  [postgres, redis, s3] = await Promise.all([startLocalPostgres(), startLocalRedis(), startS3()]);
  database = await createDatabase(postgres.url);
});
afterEach(async () => {
  await service?.stop('SIGKILL');
  service = undefined;
});
afterAll(async () => {
  await Promise.all([postgres.stop(), redis.stop(), s3.stop()]);
});

async function startApp(): Promise<ServiceProcess> {
  service = await startService({ ...testEnv(database.url, redis.url, s3), LOG_LEVEL: 'info' });
  return service;
}

async function signUp(url: string): Promise<{ accessToken: string; refreshToken: string; email: string }> {
  const email = `fault-${Math.random().toString(36).slice(2)}@example.com`;
  const res = await fetch(`${url}/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'fault tolerant' }),
  });
  expect(res.status).toBe(201);
  return { ...(await res.json()), email };
}

const createPost = (url: string, token: string, body: string) =>
  fetch(`${url}/posts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ body }),
  });

async function postIdsInDatabase(): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM posts');
    return new Set(rows.map((r) => r.id));
  } finally {
    await client.end();
  }
}

describe('PostgreSQL restarts while requests keep coming', () => {
  it('never crashes, answers 503 while down, recovers by itself, and loses no acknowledged write', async () => {
    const app = await startApp();
    const { accessToken } = await signUp(app.url);
    const acknowledged: string[] = [];
    const statuses = new Map<number, number>();
    const unexpected: string[] = [];
    let firstSuccessAfter = Number.POSITIVE_INFINITY;
    let backAt = Number.POSITIVE_INFINITY;
    let running = true;
    let n = 0;

    const worker = async () => {
      while (running) {
        const res = await createPost(app.url, accessToken, `write ${n++}`).catch((err: Error) => err);
        if (res instanceof Error) {
          unexpected.push(`socket: ${res.message}`);
          continue;
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const body = await res.json();
        if (res.status === 201) {
          acknowledged.push(body.id);
          if (Date.now() >= backAt) firstSuccessAfter = Math.min(firstSuccessAfter, Date.now());
        } else if (res.status === 503 && body.error === 'database_unavailable') {
          await sleep(20);
        } else {
          unexpected.push(`${res.status} ${JSON.stringify(body)}`);
        }
      }
    };
    const workers = Array.from({ length: 4 }, worker);

    await sleep(1_000);
    const downAt = Date.now();
    await postgres.halt();
    await sleep(2_000);
    await postgres.resume();
    backAt = Date.now();
    while (firstSuccessAfter === Number.POSITIVE_INFINITY && Date.now() - backAt < RECOVERY_BOUND_MS * 2) {
      await sleep(50);
    }
    await sleep(1_000);
    running = false;
    await Promise.all(workers);

    const recoveryMs = firstSuccessAfter - backAt;
    console.log(
      `[fault] PostgreSQL down ${backAt - downAt} ms (immediate shutdown + restart); first acknowledged write ` +
        `${recoveryMs} ms after it was back; responses: ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(app.child.exitCode).toBeNull();
    expect(unexpected).toEqual([]);
    expect(statuses.get(503)).toBeGreaterThan(0);
    expect(recoveryMs).toBeLessThan(RECOVERY_BOUND_MS);
    const stored = await postIdsInDatabase();
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect((await fetch(`${app.url}/ready`)).status).toBe(200);
  });
});

describe('Redis stops', () => {
  it('log-in and refresh answer 503 at once while posts keep working; both recover when Redis is back', async () => {
    const app = await startApp();
    const user = await signUp(app.url);
    const login = () =>
      fetch(`${app.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: 'fault tolerant' }),
      });

    await redis.halt();
    const started = Date.now();
    const refresh = await fetch(`${app.url}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: user.refreshToken }),
    });
    const refreshMs = Date.now() - started;
    expect(refresh.status).toBe(503);
    expect(await refresh.json()).toMatchObject({ error: 'redis_unavailable' });
    const denied = await login();
    expect(denied.status).toBe(503);
    expect(refresh.headers.get('retry-after')).toBe('5');

    expect((await fetch(`${app.url}/posts`)).status).toBe(200);
    expect((await createPost(app.url, user.accessToken, 'written while Redis is down')).status).toBe(201);
    const ready = await fetch(`${app.url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: 'unavailable',
      checks: { database: 'ok', redis: 'unavailable' },
    });

    await redis.resume();
    const backAt = Date.now();
    let status = 0;
    while (status !== 200 && Date.now() - backAt < RECOVERY_BOUND_MS * 2) {
      status = (await login()).status;
      if (status !== 200) await sleep(50);
    }
    const recoveryMs = Date.now() - backAt;
    console.log(
      `[fault] Redis down: refresh answered 503 in ${refreshMs} ms; log-in worked again ${recoveryMs} ms after ` +
        'Redis was back',
    );
    expect(refreshMs).toBeLessThan(1_500);
    expect(status).toBe(200);
    expect(recoveryMs).toBeLessThan(RECOVERY_BOUND_MS);
    expect(app.child.exitCode).toBeNull();
  });
});

interface Outcome {
  readonly requestId: string;
  readonly sentAt: number;
  readonly status?: number;
  readonly id?: string;
  readonly error?: string;
}

/**
 * One request on its own connection (no keep-alive), so each outcome is about exactly one request; its
 * x-request-id becomes the server's request id, so the outcome can be matched with the server's logs.
 */
function postOnce(url: string, token: string, requestId: string): Promise<Outcome> {
  const sentAt = Date.now();
  return new Promise((resolve) => {
    const req = request(
      `${url}/posts`,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-request-id': requestId,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () =>
          resolve({ requestId, sentAt, status: res.statusCode ?? 0, id: JSON.parse(text).id }),
        );
        res.on('error', (err) => resolve({ requestId, sentAt, error: `response: ${err.message}` }));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve({ requestId, sentAt, error: err.code ?? err.message }),
    );
    req.end(JSON.stringify({ body: requestId }));
  });
}

describe('SIGTERM under load', () => {
  it('finishes every in-flight request, refuses new connections, and exits 0', async () => {
    const app = await startApp();
    const { accessToken } = await signUp(app.url);
    const outcomes: Outcome[] = [];
    let refused = false;
    let n = 0;
    const worker = async () => {
      while (!refused) {
        const outcome = await postOnce(app.url, accessToken, `load-${n++}`);
        outcomes.push(outcome);
        if (outcome.error === 'ECONNREFUSED') refused = true;
      }
    };
    const workers = Array.from({ length: 32 }, worker);
    await sleep(1_500);
    const signalledAt = Date.now();
    const exit = app.stop('SIGTERM');
    await Promise.all(workers);
    const code = await exit;
    const exitedAfterMs = Date.now() - signalledAt;

    // The server's view: every request it began to read was answered, and with success.
    const received = new Set(app.logs.filter((l) => l.msg === 'incoming request').map((l) => l.reqId));
    const completed = app.logs.filter((l) => l.msg === 'request completed');
    const answered = new Map(completed.map((l) => [l.reqId, (l.res as { statusCode: number }).statusCode]));
    const unanswered = [...received].filter((id) => !answered.has(id));
    const finishedAfterSignal = completed.filter((l) => (l.time as number) >= signalledAt).length;

    // The clients' view. A request that arrived once closing had begun is refused before any work: on a
    // connection the server had not read yet (in the accept queue at the instant of close) with a reset,
    // on one it had read with Fastify's 503. Either way it had no effect, so it is safe to retry.
    const served = outcomes.filter((o) => o.status === 201);
    const refusedWhileClosing = outcomes.filter((o) => o.status === 503);
    const notRead = outcomes.filter((o) => o.error !== undefined && !received.has(o.requestId));
    const failed = outcomes.filter(
      (o) =>
        (o.status !== undefined && o.status !== 201 && o.status !== 503) ||
        (o.error !== undefined && received.has(o.requestId)),
    );
    console.log(
      `[fault] SIGTERM with 32 concurrent writers: ${served.length} answered 201, ${finishedAfterSignal} of them ` +
        `finished after the signal; refused without effect: ${refusedWhileClosing.length} with 503 while closing, ` +
        `${notRead.length} never read (connection refused or reset in the accept queue); ${failed.length} failed; ` +
        `exit code ${code} after ${exitedAfterMs} ms`,
    );
    expect(code).toBe(0);
    expect(unanswered).toEqual([]);
    expect(failed).toEqual([]);
    expect(finishedAfterSignal).toBeGreaterThan(0);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string; body: string }>(
        "SELECT id, body FROM posts WHERE body LIKE 'load-%'",
      );
      const bodies = new Set(rows.map((r) => r.body));
      const ids = new Set(rows.map((r) => r.id));
      expect(served.filter((o) => !ids.has(o.id!))).toEqual([]);
      expect([...notRead, ...refusedWhileClosing].filter((o) => bodies.has(o.requestId))).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
