import { S3Client } from '@aws-sdk/client-s3';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { buildApp } from '../../src/app.ts';
import { createRedis } from '../../src/clients.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createPool } from '../../src/db/pool.ts';
import type { SlackNotifier } from '../../src/slack.ts';
import { createDatabase } from './postgres.ts';
import { type LocalS3, startS3 } from './s3.ts';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly config: Config;
  readonly pool: pg.Pool;
  /** Set when the app was given a redisUrl. */
  readonly redis?: Redis;
  /** Set unless the app was built with uploads: false. */
  readonly s3?: LocalS3;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly postgresUrl: string;
  /** Without it the app runs without Redis: refresh tokens in PostgreSQL, rate limits in memory. */
  readonly redisUrl?: string;
  /** false: no S3 stand-in and no MEDIA_* variables, so uploads are disabled. Default true. */
  readonly uploads?: boolean;
  /** Extra or overriding environment variables, as the server would read them. */
  readonly env?: Record<string, string>;
  readonly slack?: SlackNotifier;
}

export const TEST_JWT_SECRET = 'test-signing-key-that-is-at-least-32-characters-long';

/**
 * The environment a test app reads: a fresh database, the shared Redis and a local S3 as media bucket (each
 * left out when not given, as in a deployment without a cache or media bucket), silent logs.
 */
export function testEnv(
  databaseUrl: string,
  redisUrl: string | undefined,
  s3: LocalS3 | undefined,
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    AUTH_RATE_LIMIT_MAX: '1000',
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...(s3
      ? {
          MEDIA_BUCKET: s3.bucket,
          MEDIA_BASE_URL: s3.publicBaseUrl,
          AWS_REGION: s3.region,
          S3_ENDPOINT: s3.url,
          AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
        }
      : {}),
  };
}

/**
 * Builds the real app (real config parsing, migrations, pool, Redis client and S3 presigning) against a
 * database of its own, for `app.inject()` tests. close() releases everything it created.
 */
export async function createTestApp(options: TestAppOptions): Promise<TestApp> {
  const [database, s3] = await Promise.all([
    createDatabase(options.postgresUrl),
    options.uploads === false ? undefined : startS3(),
  ]);
  const config = await loadConfig({ ...testEnv(database.url, options.redisUrl, s3), ...options.env });
  const pool = createPool(config.database);
  await migrate(pool);
  const redis = config.redisUrl ? createRedis(config.redisUrl) : undefined;
  const s3Client =
    s3 &&
    new S3Client({ region: s3.region, endpoint: s3.url, forcePathStyle: true, credentials: s3.credentials });
  const app = await buildApp(config, {
    pool,
    redis,
    s3: s3Client,
    ...(options.slack ? { slack: options.slack } : {}),
  });
  await redis?.connect();
  await app.ready();
  return {
    app,
    config,
    pool,
    redis,
    s3,
    async close() {
      await app.close();
      await pool.end();
      redis?.disconnect();
      s3Client?.destroy();
      await Promise.all([s3?.stop(), database.drop()]);
    },
  };
}

/** Signs up a fresh user through the API and returns its tokens. */
export async function signUp(
  app: FastifyInstance,
  email = `user-${Math.random().toString(36).slice(2)}@example.com`,
  password = 'correct horse battery staple',
): Promise<{ accessToken: string; refreshToken: string; userId: string; email: string; password: string }> {
  const res = await app.inject({ method: 'POST', url: '/auth/signup', payload: { email, password } });
  if (res.statusCode !== 201) throw new Error(`sign-up failed: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return {
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    userId: body.user.id,
    email,
    password,
  };
}
