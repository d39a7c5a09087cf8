/**
 * The web front end, built by Vite and served by `vite preview` with /api proxied (prefix stripped, as
 * CloudFront does) to the real API on real PostgreSQL and Redis, driven in headless Chromium: sign up,
 * post an image through a presigned S3 POST, see it listed with the image loaded from MEDIA_BASE_URL,
 * survive a reload (refresh token), log out and log in again. Then the same page in front of an API without
 * Redis and without a media bucket (the free-tier and startup presets): no image picker, text posts, and the
 * session kept on reload through refresh tokens in PostgreSQL.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { freePort } from '../support/ports.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const webDir = resolve(import.meta.dirname, '../../web');

/** A solid-colour RGB PNG, so the test can check that the browser decoded the very image it uploaded. */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, default compression, filter and no interlace
  const row = Buffer.concat([Buffer.from([0]), ...Array.from({ length: width }, () => Buffer.from(rgb))]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (!hasChromium) {
  console.warn(`web.e2e: SKIPPED, ${CHROMIUM} is absent (apt-get install -y chromium); CI installs it.`);
}

describe.skipIf(!hasChromium)('web front end in headless Chromium', () => {
  let outDir: string;
  let testApp: TestApp;
  let bareApp: TestApp;
  const webs: PreviewServer[] = [];
  let browser: Browser;
  let webUrl: string;
  let bareWebUrl: string;

  /** Serves the built page with /api proxied to the given app, as CloudFront does; returns the page's URL. */
  async function serve(api: TestApp): Promise<string> {
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    const { port: apiPort } = api.app.server.address() as AddressInfo;
    vi.stubEnv('WELLSTACK_API_URL', `http://127.0.0.1:${apiPort}`);
    const web = await preview({
      root: webDir,
      logLevel: 'warn',
      build: { outDir },
      preview: { port: await freePort(), strictPort: true },
    });
    webs.push(web);
    const url = web.resolvedUrls?.local[0] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    return url;
  }

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'wellstack-web-'));
    [testApp, bareApp] = await Promise.all([
      createTestApp({ postgresUrl: inject('postgresUrl'), redisUrl: inject('redisUrl') }),
      // The free-tier and startup presets: no Redis, no media bucket.
      createTestApp({ postgresUrl: inject('postgresUrl'), uploads: false }),
    ]);
    await build({ root: webDir, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    webUrl = await serve(testApp);
    bareWebUrl = await serve(bareApp);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(webs.map((web) => web.close()));
    await Promise.all([testApp?.close(), bareApp?.close()]);
    vi.unstubAllEnvs();
    rmSync(outDir, { recursive: true, force: true });
  });

  /** Fails the test on any error the page logs or any request that fails, instead of a vague timeout. */
  function watch(page: Page): string[] {
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
    });
    page.on('requestfailed', (request) =>
      problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`),
    );
    return problems;
  }

  it('signs up, posts an image through S3, lists it, keeps the session on reload, logs out and in', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    const problems = watch(page);
    const email = `e2e-${Date.now()}@example.com`;
    const password = 'correct horse battery staple';
    const image = png(64, 48, [220, 40, 40]);

    await page.goto(webUrl);
    await expect.poll(() => page.locator('h1').textContent()).toBe('wellstack');

    // Sign up.
    const signup = page.locator('#signup-form');
    await signup.getByLabel('E-mail').fill(email);
    await signup.getByLabel('Password').fill(password);
    await signup.getByRole('button', { name: 'Create account' }).click();
    await page.locator('#status', { hasText: `Welcome, ${email}.` }).waitFor();
    expect(await page.locator('#whoami').textContent()).toBe(email);
    expect(await page.locator('#auth').isHidden()).toBe(true);

    // Post with an image: POST /api/uploads, the file to S3, then POST /api/posts with the key.
    const compose = page.locator('#post-form');
    await compose.getByLabel('Image').waitFor(); // shown once GET /api/config says uploads work
    await compose.getByLabel('Text').fill('Hello from the end-to-end test');
    await compose
      .getByLabel('Image')
      .setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: image });
    await compose.getByRole('button', { name: 'Publish' }).click();
    await page.locator('#status', { hasText: 'Posted.' }).waitFor();

    // Listed, newest first, with the image decoded from the S3 stand-in behind MEDIA_BASE_URL.
    const post = page.locator('#posts > li.post').first();
    expect(await post.locator('.body').textContent()).toBe('Hello from the end-to-end test');
    expect(await post.locator('.meta').textContent()).toMatch(/^you · /);
    const img = post.locator('img');
    const src = (await img.getAttribute('src')) ?? '';
    const mediaBaseUrl = testApp.config.media?.baseUrl ?? '';
    expect(src.startsWith(`${mediaBaseUrl}/uploads/`)).toBe(true);
    await expect
      .poll(() =>
        img.evaluate((el: HTMLImageElement) => (el.complete ? [el.naturalWidth, el.naturalHeight] : [])),
      )
      .toEqual([64, 48]);
    await img.scrollIntoViewIfNeeded();
    expect(await img.isVisible()).toBe(true);
    const key = src.slice(mediaBaseUrl.length + 1);
    expect(testApp.s3?.getObject(key)).toEqual({ contentType: 'image/png', body: image });

    const screenshot = join(outDir, 'posts.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(1000);

    // A reload loses the in-memory access token; the next write refreshes it from the refresh token.
    await page.reload();
    await page.locator('#whoami', { hasText: email }).waitFor();
    await compose.getByLabel('Text').fill('Second post, after a reload');
    await compose.getByRole('button', { name: 'Publish' }).click();
    await page.locator('#status', { hasText: 'Posted.' }).waitFor();
    expect(await page.locator('#posts > li.post .body').allTextContents()).toEqual([
      'Second post, after a reload',
      'Hello from the end-to-end test',
    ]);

    // Log out: the forms come back, the public list stays.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.locator('#status', { hasText: 'Logged out.' }).waitFor();
    expect(await page.locator('#signup-form').isVisible()).toBe(true);
    expect(await page.locator('#compose').isHidden()).toBe(true);
    expect(await page.locator('#posts > li.post').count()).toBe(2);

    // Log in again with the same account.
    const login = page.locator('#login-form');
    await login.getByLabel('E-mail').fill(email);
    await login.getByLabel('Password').fill(password);
    await login.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#status', { hasText: `Logged in as ${email}.` }).waitFor();
    expect(await page.locator('#posts .meta').first().textContent()).toMatch(/^you · /);

    expect(problems).toEqual([]);
    await page.close();
  });

  it('without Redis and a media bucket: no image picker, text posts, the session kept on reload', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    const problems = watch(page);
    const email = `e2e-bare-${Date.now()}@example.com`;
    const configLoaded = page.waitForResponse((res) => res.url().endsWith('/api/config'));
    await page.goto(bareWebUrl);
    expect(await (await configLoaded).json()).toEqual({ uploads: false });

    const signup = page.locator('#signup-form');
    await signup.getByLabel('E-mail').fill(email);
    await signup.getByLabel('Password').fill('correct horse battery staple');
    await signup.getByRole('button', { name: 'Create account' }).click();
    await page.locator('#status', { hasText: `Welcome, ${email}.` }).waitFor();
    expect(await page.locator('#image-field').isHidden()).toBe(true);

    // A reload drops the access token; publishing refreshes it from the refresh token kept in PostgreSQL.
    await page.reload();
    await page.locator('#whoami', { hasText: email }).waitFor();
    const compose = page.locator('#post-form');
    await compose.getByLabel('Text').fill('Text only, no bucket here');
    await compose.getByRole('button', { name: 'Publish' }).click();
    await page.locator('#status', { hasText: 'Posted.' }).waitFor();
    const post = page.locator('#posts > li.post').first();
    expect(await post.locator('.body').textContent()).toBe('Text only, no bucket here');
    expect(await post.locator('img').count()).toBe(0);
    expect(await page.locator('#image-field').isHidden()).toBe(true);

    expect(problems).toEqual([]);
    await page.close();
  });
});
