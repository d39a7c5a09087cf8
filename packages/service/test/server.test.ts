import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_JWT_SECRET, testEnv } from './support/app.ts';
import { createDatabase } from './support/postgres.ts';
import { type LocalS3, startS3 } from './support/s3.ts';
import { startService } from './support/service.ts';

describe('the server process', () => {
  let database: { url: string; drop(): Promise<void> };
  let s3: LocalS3;
  beforeAll(async () => {
    [database, s3] = await Promise.all([createDatabase(inject('postgresUrl')), startS3()]);
  });
  afterAll(async () => {
    await s3.stop();
    await database.drop();
  });

  it('migrates, serves the API and metrics on separate ports, and exits 0 on SIGTERM', async () => {
    const service = await startService({
      ...testEnv(database.url, inject('redisUrl'), s3),
      LOG_LEVEL: 'info',
    });
    try {
      expect((await fetch(`${service.url}/ready`)).status).toBe(200);
      const posts = await fetch(`${service.url}/posts`);
      expect(await posts.json()).toEqual({ items: [], nextCursor: null });
      expect((await fetch(service.metricsUrl)).status).toBe(200);
      expect((await fetch(`${service.url}/metrics`)).status).toBe(404);
    } finally {
      expect(await service.stop('SIGTERM')).toBe(0);
    }
    const messages = service.logs.map((l) => l.msg);
    expect(messages).toContain('database migrations applied');
    expect(messages).toContain('shutdown complete');
    const request = service.logs.find((l) => l.msg === 'request completed');
    expect(request).toMatchObject({ level: 30, reqId: expect.any(String), res: { statusCode: 200 } });
  });

  it('starts with only DATABASE_URL and JWT_SECRET (no Redis, no media bucket) and is ready', async () => {
    const bare = await createDatabase(inject('postgresUrl'));
    const service = await startService({ DATABASE_URL: bare.url, JWT_SECRET: TEST_JWT_SECRET });
    try {
      const ready = await fetch(`${service.url}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
      expect(await (await fetch(`${service.url}/config`)).json()).toEqual({ uploads: false });

      // Sessions work from PostgreSQL alone: sign up, rotate the refresh token, post.
      const json = { 'content-type': 'application/json' };
      const signup = await fetch(`${service.url}/auth/signup`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email: 'bare@example.com', password: 'no redis needed' }),
      });
      expect(signup.status).toBe(201);
      const { refreshToken } = await signup.json();
      const refreshed = await fetch(`${service.url}/auth/refresh`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ refreshToken }),
      });
      expect(refreshed.status).toBe(200);
      const posted = await fetch(`${service.url}/posts`, {
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${(await refreshed.json()).accessToken}` },
        body: JSON.stringify({ body: 'text only' }),
      });
      expect(posted.status).toBe(201);
    } finally {
      expect(await service.stop('SIGTERM')).toBe(0);
      await bare.drop();
    }
    expect(service.logs.map((l) => l.msg)).toContain(
      'no REDIS_URL: refresh tokens in PostgreSQL, rate limits per instance',
    );
  });
});
