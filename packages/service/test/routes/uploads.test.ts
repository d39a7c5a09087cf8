import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, signUp, type TestApp } from '../support/app.ts';

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
  let token: string;
  let userId: string;
  beforeAll(async () => {
    t = await createTestApp({ postgresUrl: inject('postgresUrl'), redisUrl: inject('redisUrl') });
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
    expect(body.url).toBe(`${t.s3.url}/${t.s3.bucket}`);
    expect(body.maxBytes).toBe(5 * 1024 * 1024);

    const png = new Blob([Buffer.from('89504e470d0a1a0a', 'hex'), new Uint8Array(1000)], {
      type: 'image/png',
    });
    const res = await upload(body, png);
    expect(res.status, await res.clone().text()).toBe(204);
    expect(t.s3.getObject(body.key)).toMatchObject({ contentType: 'image/png' });

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
    expect(t.s3.getObject(body.key)).toBeUndefined();
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
    expect(t.s3.getObject('uploads/other.webp')).toBeUndefined();
  });
});
