import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, signUp, type TestApp } from '../support/app.ts';
import type { LocalS3 } from '../support/s3.ts';

/** What a browser does with the presigned POST: a multipart form with the fields, then the file. */
async function upload(presigned: { url: string; fields: Record<string, string> }, file: Blob, type?: string) {
  const form = new FormData();
  for (const [name, value] of Object.entries(presigned.fields)) form.append(name, value);
  if (type) form.set('Content-Type', type);
  form.append('file', file);
  return fetch(presigned.url, { method: 'POST', body: form });
}

describe('image upload by presigned S3 POST', () => {
  let t: TestApp;
  let s3: LocalS3;
  let token: string;
  let userId: string;
  beforeAll(async () => {
    t = await createTestApp({ postgresUrl: inject('postgresUrl'), redisUrl: inject('redisUrl') });
    s3 = t.s3!;
    ({ accessToken: token, userId } = await signUp(t.app));
  });
  afterAll(() => t.close());

  const presign = async (contentType: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/uploads',
      headers: { authorization: `Bearer ${token}` },
      payload: { contentType },
    });
    return { status: res.statusCode, body: res.json() };
  };

  it('GET /config tells clients that uploads work here', async () => {
    expect((await t.app.inject('/config')).json()).toEqual({ uploads: true });
  });

  it('requires an access token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/uploads',
      payload: { contentType: 'image/png' },
    });
    expect(res.statusCode).toBe(401);
  });

  it('refuses content types other than JPEG, PNG, WebP and GIF', async () => {
    const res = await presign('image/svg+xml');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
  });

  it('uploads an image straight to S3; the post then shows it under MEDIA_BASE_URL', async () => {
    const { status, body } = await presign('image/png');
    expect(status).toBe(200);
    expect(body.key).toMatch(new RegExp(`^uploads/${userId}/[0-9a-f-]{36}\\.png$`));
    expect(body.url).toBe(`${s3.url}/${s3.bucket}`);
    expect(body.maxBytes).toBe(5 * 1024 * 1024);

    const png = new Blob([Buffer.from('89504e470d0a1a0a', 'hex'), new Uint8Array(1000)], {
      type: 'image/png',
    });
    const res = await upload(body, png);
    expect(res.status, await res.clone().text()).toBe(204);
    expect(s3.getObject(body.key)).toMatchObject({ contentType: 'image/png' });

    const post = await t.app.inject({
      method: 'POST',
      url: '/posts',
      headers: { authorization: `Bearer ${token}` },
      payload: { body: 'look', imageKey: body.key },
    });
    const served = await fetch(post.json().imageUrl);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect((await served.arrayBuffer()).byteLength).toBe(1008);
  });

  it('S3 rejects a file over 5 MiB', async () => {
    const { body } = await presign('image/jpeg');
    const res = await upload(body, new Blob([new Uint8Array(5 * 1024 * 1024 + 1)]));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('EntityTooLarge');
    expect(s3.getObject(body.key)).toBeUndefined();
  });

  it('S3 rejects a content type other than the one signed', async () => {
    const { body } = await presign('image/gif');
    const res = await upload(body, new Blob([new Uint8Array(10)]), 'text/html');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Policy Condition failed');
  });

  it('S3 rejects a different key than the one signed', async () => {
    const { body } = await presign('image/webp');
    const res = await upload(
      { url: body.url, fields: { ...body.fields, key: 'uploads/other.webp' } },
      new Blob(['x']),
    );
    expect(res.status).toBe(403);
    expect(s3.getObject('uploads/other.webp')).toBeUndefined();
  });
});

describe('without a media bucket (MEDIA_BUCKET and MEDIA_BASE_URL unset)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp({ postgresUrl: inject('postgresUrl'), uploads: false });
    ({ accessToken: token } = await signUp(t.app));
  });
  afterAll(() => t.close());

  const createPost = (payload: object) =>
    t.app.inject({ method: 'POST', url: '/posts', headers: { authorization: `Bearer ${token}` }, payload });

  it('says so in GET /config, which the web front end reads to hide the image picker', async () => {
    const res = await t.app.inject('/config');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ uploads: false });
  });

  it('POST /uploads answers 404 uploads_disabled', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/uploads',
      headers: { authorization: `Bearer ${token}` },
      payload: { contentType: 'image/png' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: 'uploads_disabled',
      message: expect.stringContaining('no media bucket'),
    });
  });

  it('posts without an image work; a post with an imageKey is refused with 400', async () => {
    const plain = await createPost({ body: 'just text' });
    expect(plain.statusCode).toBe(201);
    expect(plain.json()).toMatchObject({ body: 'just text', imageUrl: null });

    const withImage = await createPost({
      body: 'with a picture',
      imageKey: `uploads/${plain.json().authorId}/00000000-0000-4000-8000-000000000000.png`,
    });
    expect(withImage.statusCode).toBe(400);
    expect(withImage.json()).toMatchObject({
      error: 'uploads_disabled',
      message: expect.stringContaining('send the post without imageKey'),
    });
  });

  it('shows no image URL for a post stored with an image before the bucket was removed', async () => {
    const { rows } = await t.pool.query<{ id: string }>(
      `INSERT INTO posts (author_id, body, image_key) SELECT id, 'old', 'uploads/x/y.png' FROM users LIMIT 1
       RETURNING id`,
    );
    const res = await t.app.inject(`/posts/${rows[0]!.id}`);
    expect(res.json()).toMatchObject({ body: 'old', imageUrl: null });
  });
});
