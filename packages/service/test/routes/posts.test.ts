import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, signUp, type TestApp } from '../support/app.ts';

describe('posts', () => {
  let t: TestApp;
  let token: string;
  let userId: string;
  beforeAll(async () => {
    t = await createTestApp({ postgresUrl: inject('postgresUrl'), redisUrl: inject('redisUrl') });
    ({ accessToken: token, userId } = await signUp(t.app));
  });
  afterAll(() => t.close());

  const create = (payload: object, accessToken = token) =>
    t.app.inject({
      method: 'POST',
      url: '/posts',
      headers: { authorization: `Bearer ${accessToken}` },
      payload,
    });

  it('requires an access token to create a post', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/posts', payload: { body: 'anonymous' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'unauthorized' });
  });

  it('creates a post and reads it back by id', async () => {
    const created = await create({ body: 'first light' });
    expect(created.statusCode).toBe(201);
    const post = created.json();
    expect(post).toMatchObject({ body: 'first light', authorId: userId, imageUrl: null });
    expect(new Date(post.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const read = await t.app.inject(`/posts/${post.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(post);
  });

  it('answers 404 for a missing post and 400 for a malformed id', async () => {
    expect((await t.app.inject('/posts/999999999')).json()).toMatchObject({ error: 'post_not_found' });
    expect((await t.app.inject('/posts/abc')).statusCode).toBe(400);
  });

  it('validates the body: empty, too long and unknown fields are 400s', async () => {
    for (const payload of [{ body: '' }, { body: 'x'.repeat(2001) }, { body: 'ok', extra: 1 }, {}]) {
      const res = await create(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error).toBe('validation_failed');
    }
  });

  it('accepts only image keys that POST /uploads issued to the same user', async () => {
    const own = (
      await t.app.inject({
        method: 'POST',
        url: '/uploads',
        headers: { authorization: `Bearer ${token}` },
        payload: { contentType: 'image/png' },
      })
    ).json();
    const withImage = await create({ body: 'with a picture', imageKey: own.key });
    expect(withImage.statusCode).toBe(201);
    expect(withImage.json().imageUrl).toBe(`${t.config.media?.baseUrl}/${own.key}`);

    const other = await signUp(t.app);
    const stolen = await create({ body: 'not mine', imageKey: own.key }, other.accessToken);
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json()).toMatchObject({ error: 'invalid_image_key' });
    expect((await create({ body: 'traversal', imageKey: '../../etc/passwd' })).statusCode).toBe(400);
  });

  it('lists newest first with an opaque cursor: every post exactly once, even while new ones arrive', async () => {
    const mine = [];
    for (let i = 0; i < 7; i++) mine.push((await create({ body: `page test ${i}` })).json().id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = cursor ? `/posts?limit=3&cursor=${cursor}` : '/posts?limit=3';
      const res = await t.app.inject(url);
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((p: { id: string }) => p.id));
      cursor = page.nextCursor;
      if (pages++ === 0) await create({ body: 'arrives while paging' });
    } while (cursor);

    const { rows } = await t.pool.query<{ id: string }>('SELECT id FROM posts ORDER BY id DESC');
    // Everything that existed when paging began, once each, newest first; the late post is not mixed in.
    expect(seen).toEqual(rows.map((r) => r.id).slice(1));
    expect(seen).toEqual(expect.arrayContaining(mine));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a cursor it did not issue and limits outside 1..100', async () => {
    expect((await t.app.inject('/posts?cursor=bm9wZQ')).json()).toMatchObject({ error: 'invalid_cursor' });
    // Well-formed but beyond PostgreSQL's bigint: still the client's mistake, not a 500.
    for (const id of ['9223372036854775808', '9999999999999999999']) {
      const res = await t.app.inject(`/posts?cursor=${Buffer.from(`p:${id}`).toString('base64url')}`);
      expect(res.statusCode, id).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid_cursor' });
    }
    const largest = Buffer.from('p:9223372036854775807').toString('base64url');
    expect((await t.app.inject(`/posts?cursor=${largest}`)).statusCode).toBe(200);
    expect((await t.app.inject('/posts?limit=0')).statusCode).toBe(400);
    expect((await t.app.inject('/posts?limit=101')).statusCode).toBe(400);
  });
});
