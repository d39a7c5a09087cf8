import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLEAN_UP } from '../../src/auth/postgres-refresh-tokens.ts';
import { createTestApp, signUp, type TestApp } from '../support/app.ts';

type Store = 'redis' | 'postgres';
const STORES: Store[] = ['redis', 'postgres'];
const TTL_SECONDS = 30 * 24 * 3600;

/** Redis when REDIS_URL is set, else PostgreSQL: the same app, configured as with and without a cache. */
const appWith = (store: Store, env?: Record<string, string>) =>
  createTestApp({
    postgresUrl: inject('postgresUrl'),
    redisUrl: store === 'redis' ? inject('redisUrl') : undefined,
    uploads: false,
    env,
  });

/** What each store holds for one refresh-token family, with seconds to live and whether the secret is there. */
async function stored(t: TestApp, store: Store, refreshToken: string) {
  const [family, secret] = refreshToken.split('.') as [string, string];
  if (store === 'redis') {
    const keys = await t.redis!.keys(`refresh:{${family}}*`);
    return Promise.all(
      keys.map(async (key) => ({ ttl: await t.redis!.ttl(key), holdsSecret: key.includes(secret) })),
    );
  }
  const { rows } = await t.pool.query<{ ttl: number; row: string }>(
    `SELECT extract(epoch FROM f.expires_at - now())::int AS ttl, row_to_json(f)::text AS row
       FROM refresh_token_families f WHERE f.id = $1
     UNION ALL
     SELECT extract(epoch FROM t.expires_at - now())::int, row_to_json(t)::text
       FROM refresh_tokens t WHERE t.family_id = $1`,
    [family],
  );
  return rows.map(({ ttl, row }) => ({ ttl, holdsSecret: row.includes(secret) }));
}

/** Moves a family past its expiry the way each store notices it: Redis expires the keys, PostgreSQL's clock passes expires_at. */
async function expire(t: TestApp, store: Store, refreshToken: string): Promise<void> {
  const family = refreshToken.split('.')[0]!;
  if (store === 'redis') {
    const keys = await t.redis!.keys(`refresh:{${family}}*`);
    await Promise.all(keys.map((key) => t.redis!.pexpire(key, 1)));
    await new Promise((r) => setTimeout(r, 10));
    return;
  }
  await t.pool.query(
    `WITH tokens AS (UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE family_id = $1)
     UPDATE refresh_token_families SET expires_at = now() - interval '1 second' WHERE id = $1`,
    [family],
  );
}

describe.each(STORES)('sign-up, log-in, refresh and log-out (refresh tokens in %s)', (store) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith(store);
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

  it(`keeps refresh tokens in ${store} for 30 days, storing only a hash of the secret`, async () => {
    const user = await signUp(t.app);
    const entries = await stored(t, store, user.refreshToken);
    expect(entries).toHaveLength(2); // the family and its token
    for (const entry of entries) {
      expect(entry.holdsSecret).toBe(false);
      expect(entry.ttl).toBeGreaterThan(TTL_SECONDS - 60);
      expect(entry.ttl).toBeLessThanOrEqual(TTL_SECONDS);
    }
  });

  it('refuses a refresh token once its family has expired', async () => {
    const user = await signUp(t.app);
    await expire(t, store, user.refreshToken);
    const res = await post('/auth/refresh', { refreshToken: user.refreshToken });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'invalid_refresh_token' });
  });

  it('counts concurrent uses of one token as reuse: one wins, then the family is revoked', async () => {
    const user = await signUp(t.app);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => post('/auth/refresh', { refreshToken: user.refreshToken })),
    );
    const winners = results.filter((res) => res.statusCode === 200);
    expect(winners).toHaveLength(1);
    for (const res of results.filter((r) => r.statusCode !== 200)) {
      expect(res.statusCode).toBe(401);
      expect(['refresh_token_reused', 'invalid_refresh_token']).toContain(res.json().error);
    }
    expect(results.some((res) => res.json().error === 'refresh_token_reused')).toBe(true);
    expect((await post('/auth/refresh', { refreshToken: winners[0]!.json().refreshToken })).statusCode).toBe(
      401,
    );
  });

  it('refuses a valid secret presented with another family id', async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const forged = `${b.refreshToken.split('.')[0]}.${a.refreshToken.split('.')[1]}`;
    expect((await post('/auth/refresh', { refreshToken: forged })).statusCode).toBe(401);
    expect((await post('/auth/refresh', { refreshToken: a.refreshToken })).statusCode).toBe(200);
    expect((await post('/auth/refresh', { refreshToken: b.refreshToken })).statusCode).toBe(200);
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

describe.each([
  ['Redis', 'redis'],
  ['memory, without Redis', 'postgres'],
] as const)('rate limiting of auth routes (counted in %s)', (_counter, store) => {
  it('answers 429 after AUTH_RATE_LIMIT_MAX attempts per minute from one address, others unaffected', async () => {
    const t = await appWith(store, { AUTH_RATE_LIMIT_MAX: '3' });
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

describe('refresh tokens in PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith('postgres');
  });
  afterAll(() => t.close());

  const rowsOf = async (refreshToken: string) => {
    const { rows } = await t.pool.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM refresh_token_families WHERE id = $1)
            + (SELECT count(*) FROM refresh_tokens WHERE family_id = $1) AS n`,
      [refreshToken.split('.')[0]],
    );
    return Number(rows[0]!.n);
  };

  it('ignores expired rows until the next token written deletes them', async () => {
    const user = await signUp(t.app);
    const next = (
      await t.app.inject({
        method: 'POST',
        url: '/auth/refresh',
        payload: { refreshToken: user.refreshToken },
      })
    ).json().refreshToken;
    expect(await rowsOf(next)).toBe(3); // the family, the used token and the current one
    await expire(t, 'postgres', next);
    expect(await rowsOf(next)).toBe(3);

    const login = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: user.email, password: user.password },
    });
    expect(login.statusCode).toBe(200);
    expect(await rowsOf(next)).toBe(0);
    expect(await rowsOf(login.json().refreshToken)).toBe(2);
  });

  it('rotations of one token released at the same instant take turns: exactly one wins', async () => {
    const user = await signUp(t.app);
    // Hold every rotation at the token table until all of them are waiting, then let them go together.
    const { host, port, user: dbUser, database } = t.config.database;
    const gate = new pg.Client({ host, port, user: dbUser, database });
    await gate.connect();
    try {
      await gate.query('BEGIN');
      await gate.query('LOCK TABLE refresh_tokens IN ACCESS EXCLUSIVE MODE');
      // Promise.all dispatches them now (inject() only sends once awaited).
      const pending = Promise.all(
        Array.from({ length: 5 }, () =>
          t.app.inject({
            method: 'POST',
            url: '/auth/refresh',
            payload: { refreshToken: user.refreshToken },
          }),
        ),
      );
      await expect
        .poll(async () => {
          // Not on the gate: inside its transaction pg_stat_activity would stay as first read.
          const { rows } = await t.pool.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          return rows[0]!.n;
        })
        .toBe(5);
      await gate.query('COMMIT');
      const codes = (await pending).map((res) => res.statusCode).sort();
      expect(codes).toEqual([200, 401, 401, 401, 401]);
    } finally {
      await gate.end();
    }
  });

  it('two clean-ups in step with each other never deadlock, whatever the expired rows', async () => {
    // 150 expired families of one token each, the tokens in the opposite order to their families, so that the
    // rows each transaction claims first (SKIP LOCKED, 100 at a time) belong to the other's share of the rest.
    const { rows } = await t.pool.query<{ id: string }>(
      "INSERT INTO users (email, password_hash) VALUES ('expired-backlog@example.com', 'x') RETURNING id",
    );
    await t.pool.query(
      `INSERT INTO refresh_token_families (id, user_id, expires_at)
         SELECT gen_random_uuid(), $1, now() - make_interval(secs => 1000 - i) FROM generate_series(1, 150) i`,
      [rows[0]!.id],
    );
    await t.pool.query(
      `INSERT INTO refresh_tokens (token_hash, family_id, expires_at)
         SELECT md5(f.id::text), f.id, now() - make_interval(secs => 1000 - (151 - f.n))
           FROM (SELECT id, row_number() OVER (ORDER BY expires_at) AS n
                   FROM refresh_token_families WHERE user_id = $1) f
          ORDER BY f.n DESC`,
      [rows[0]!.id],
    );
    const { host, port, user, database } = t.config.database;
    const [a, b] = [
      new pg.Client({ host, port, user, database }),
      new pg.Client({ host, port, user, database }),
    ];
    await Promise.all([a.connect(), b.connect()]);
    try {
      // The statements of one clean-up, one after the other in each transaction, as two requests may run them.
      const statements = CLEAN_UP.split(';').map((sql) => sql.trim());
      expect(statements).toHaveLength(2);
      await Promise.all([a.query('BEGIN'), b.query('BEGIN')]);
      await a.query(statements[0]!);
      await b.query(statements[0]!);
      const second = [a.query(statements[1]!), b.query(statements[1]!)];
      await Promise.all(second.map((step) => step.then(() => 'ok')));
      await Promise.all([a.query('COMMIT'), b.query('COMMIT')]);
      const left = await t.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM refresh_token_families WHERE expires_at <= now()',
      );
      expect(left.rows[0]!.n).toBe(0);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('a log-out revokes the family, and with it every token row', async () => {
    const user = await signUp(t.app);
    await t.app.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken: user.refreshToken } });
    expect(await rowsOf(user.refreshToken)).toBe(0);
  });
});
