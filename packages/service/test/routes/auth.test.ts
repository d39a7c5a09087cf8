import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createTestApp, signUp, type TestApp } from '../support/app.ts';

describe('sign-up, log-in, refresh and log-out', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ postgresUrl: inject('postgresUrl'), redisUrl: inject('redisUrl') });
  });
  afterAll(() => t.close());

  const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload });

  it('signs up and returns a 15-minute access token that opens protected routes', async () => {
    const res = await post('/auth/signup', { email: 'Ada@Example.com', password: 'analytical engine' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ expiresIn: 900, user: { email: 'ada@example.com' } });
    const created = await t.app.inject({
      method: 'POST',
      url: '/posts',
      headers: { authorization: `Bearer ${body.accessToken}` },
      payload: { body: 'hello' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().authorId).toBe(body.user.id);
  });

  it('stores a salted scrypt hash, never the password', async () => {
    const a = await signUp(t.app, undefined, 'same password 123');
    const b = await signUp(t.app, undefined, 'same password 123');
    const { rows } = await t.pool.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE id = ANY($1) ORDER BY email',
      [[a.userId, b.userId]],
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
      expect(row.password_hash).not.toContain('same password');
    }
    expect(rows[0]!.password_hash).not.toBe(rows[1]!.password_hash);
  });

  it('refuses a second account for the same e-mail, whatever its case', async () => {
    await signUp(t.app, 'grace@example.com');
    const res = await post('/auth/signup', { email: 'GRACE@example.com', password: 'another password' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'email_taken' });
  });

  it('rejects invalid sign-up bodies with 400 and details naming the field', async () => {
    const res = await post('/auth/signup', { email: 'not-an-email', password: 'short' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toBe('validation_failed');
    expect(body.details.map((d: { path: string }) => d.path).sort()).toEqual(['body/email', 'body/password']);

    const missing = await post('/auth/signup', { email: 'x@example.com' });
    expect(missing.json().details).toContainEqual(expect.objectContaining({ missing: 'password' }));
  });

  it('logs in with the right password, and answers a wrong one or an unknown e-mail alike', async () => {
    const user = await signUp(t.app);
    const ok = await post('/auth/login', { email: user.email.toUpperCase(), password: user.password });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.id).toBe(user.userId);

    const wrong = await post('/auth/login', { email: user.email, password: 'wrong password!' });
    const unknown = await post('/auth/login', { email: 'nobody@example.com', password: 'wrong password!' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('rotates the refresh token on every use', async () => {
    const user = await signUp(t.app);
    const first = await post('/auth/refresh', { refreshToken: user.refreshToken });
    expect(first.statusCode).toBe(200);
    const next = first.json().refreshToken;
    expect(next).not.toBe(user.refreshToken);
    expect(first.json().accessToken).toBeTruthy();
    const second = await post('/auth/refresh', { refreshToken: next });
    expect(second.statusCode).toBe(200);
  });

  it('revokes the whole family when a rotated refresh token is presented again', async () => {
    const user = await signUp(t.app);
    const rotated = (await post('/auth/refresh', { refreshToken: user.refreshToken })).json().refreshToken;

    const replay = await post('/auth/refresh', { refreshToken: user.refreshToken });
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ error: 'refresh_token_reused' });

    // The legitimate holder's newer token is dead too: both parties must log in again.
    const victim = await post('/auth/refresh', { refreshToken: rotated });
    expect(victim.statusCode).toBe(401);
    expect(victim.json()).toMatchObject({ error: 'invalid_refresh_token' });
  });

  it('keeps other log-ins of the same user alive when one family is revoked', async () => {
    const user = await signUp(t.app);
    const other = (await post('/auth/login', { email: user.email, password: user.password })).json()
      .refreshToken;
    await post('/auth/refresh', { refreshToken: user.refreshToken });
    await post('/auth/refresh', { refreshToken: user.refreshToken });
    expect((await post('/auth/refresh', { refreshToken: other })).statusCode).toBe(200);
  });

  it('keeps refresh tokens in Redis with a TTL, storing only a hash of the secret', async () => {
    const user = await signUp(t.app);
    const [family, secret] = user.refreshToken.split('.') as [string, string];
    const keys = await t.redis.keys(`refresh:{${family}}*`);
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).not.toContain(secret);
      const ttl = await t.redis.ttl(key);
      expect(ttl).toBeGreaterThan(29 * 24 * 3600);
      expect(ttl).toBeLessThanOrEqual(30 * 24 * 3600);
    }
  });

  it('logs out: the refresh token and its descendants stop working', async () => {
    const user = await signUp(t.app);
    const next = (await post('/auth/refresh', { refreshToken: user.refreshToken })).json().refreshToken;
    const out = await post('/auth/logout', { refreshToken: next });
    expect(out.statusCode).toBe(204);
    expect((await post('/auth/refresh', { refreshToken: next })).statusCode).toBe(401);
    expect((await post('/auth/logout', { refreshToken: next })).statusCode).toBe(204);
  });

  it('refuses malformed refresh tokens and bad access tokens with 401', async () => {
    expect((await post('/auth/refresh', { refreshToken: 'garbage' })).json()).toMatchObject({
      error: 'invalid_refresh_token',
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/posts',
      headers: { authorization: 'Bearer not.a.jwt' },
      payload: { body: 'x' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'invalid_token' });
  });
});

describe('rate limiting of auth routes', () => {
  it('answers 429 after AUTH_RATE_LIMIT_MAX attempts per minute from one address, others unaffected', async () => {
    const t = await createTestApp({
      postgresUrl: inject('postgresUrl'),
      redisUrl: inject('redisUrl'),
      env: { AUTH_RATE_LIMIT_MAX: '3' },
    });
    try {
      // A per-test address keeps this test's counter apart from other test files sharing the Redis.
      const attacker = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.1`;
      const attempt = (remoteAddress: string) =>
        t.app.inject({
          method: 'POST',
          url: '/auth/login',
          remoteAddress,
          payload: { email: 'victim@example.com', password: 'guess guess' },
        });
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await attempt(attacker)).statusCode);
      expect(codes).toEqual([401, 401, 401, 429]);
      const limited = await attempt(attacker);
      expect(limited.json()).toMatchObject({ error: 'rate_limited' });
      expect(limited.headers['retry-after']).toBeTruthy();
      expect((await attempt(`${attacker}0`)).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});
