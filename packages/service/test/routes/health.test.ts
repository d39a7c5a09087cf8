import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createRedis } from '../../src/clients.ts';
import { freePort } from '../support/ports.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

describe('health and readiness', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ postgresUrl: inject('postgresUrl'), redisUrl: inject('redisUrl') });
  });
  afterAll(() => t.close());

  it('GET /health answers 200 while the process is up', async () => {
    const res = await t.app.inject('/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('GET /ready answers 200 when PostgreSQL and Redis answer', async () => {
    const res = await t.app.inject('/ready');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
  });

  it('GET /ready checks only PostgreSQL when the service runs without Redis', async () => {
    const bare = await createTestApp({ postgresUrl: inject('postgresUrl'), uploads: false });
    try {
      const res = await bare.app.inject('/ready');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
    } finally {
      await bare.close();
    }
  });

  it('echoes a caller-supplied request id so logs can be correlated across services', async () => {
    const res = await t.app.inject({ url: '/health', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await t.app.inject('/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not_found' });
  });
});

describe('readiness when a dependency is down', () => {
  it('GET /ready answers 503 naming the dependency, and reads fail fast with a clear 503 body', async () => {
    const t = await createTestApp({
      postgresUrl: inject('postgresUrl'),
      redisUrl: inject('redisUrl'),
      uploads: false,
    });
    // The same app wiring, but pointed at a port where no database listens.
    const deadPort = await freePort();
    const pool = new pg.Pool({ host: '127.0.0.1', port: deadPort, connectionTimeoutMillis: 500 });
    const redis = createRedis(inject('redisUrl'));
    const app = await buildApp(t.config, { pool, redis });
    await redis.connect();
    try {
      const ready = await app.inject('/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({
        status: 'unavailable',
        checks: { database: 'unavailable', redis: 'ok' },
      });

      const started = Date.now();
      const posts = await app.inject('/posts');
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(posts.statusCode).toBe(503);
      expect(posts.headers['retry-after']).toBe('5');
      expect(posts.json()).toEqual({
        error: 'database_unavailable',
        message: 'The database is unreachable right now; try again in a few seconds.',
      });
    } finally {
      await app.close();
      await pool.end();
      redis.disconnect();
      await t.close();
    }
  });

  it('refuses to build with a configured dependency but no client for it', async () => {
    const t = await createTestApp({ postgresUrl: inject('postgresUrl'), redisUrl: inject('redisUrl') });
    try {
      await expect(buildApp(t.config, { pool: t.pool })).rejects.toThrow(
        'REDIS_URL is configured, so deps.redis is required',
      );
      await expect(buildApp(t.config, { pool: t.pool, redis: t.redis! })).rejects.toThrow(
        'MEDIA_BUCKET is configured, so deps.s3 is required',
      );
    } finally {
      await t.close();
    }
  });

  it('GET /ready answers 503 while draining, even though everything is up', async () => {
    const t = await createTestApp({ postgresUrl: inject('postgresUrl'), redisUrl: inject('redisUrl') });
    try {
      t.app.startDraining();
      const res = await t.app.inject('/ready');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'draining', checks: {} });
      expect((await t.app.inject('/health')).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
