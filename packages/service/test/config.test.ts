import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const valid = {
  DATABASE_URL: 'postgres://app:s3cret@db.internal:5433/wellstack',
  REDIS_URL: 'rediss://cache.internal:6379',
  JWT_SECRET: 'k'.repeat(32),
  MEDIA_BUCKET: 'wellstack-media',
  MEDIA_BASE_URL: 'https://d111111abcdef8.cloudfront.net/media/',
  AWS_REGION: 'eu-west-1',
};

const failure = async (env: Record<string, string>): Promise<string> => {
  const err = await loadConfig(env, async () => '').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  return (err as ConfigError).message;
};

describe('configuration from the environment', () => {
  it('applies the contract defaults (ports 8080/9464, 20 s drain, production)', async () => {
    const config = await loadConfig(valid);
    expect(config).toMatchObject({
      nodeEnv: 'production',
      port: 8080,
      metricsPort: 9464,
      shutdownTimeoutMs: 20_000,
      database: {
        host: 'db.internal',
        port: 5433,
        user: 'app',
        password: 's3cret',
        database: 'wellstack',
        ssl: false,
      },
      media: {
        bucket: 'wellstack-media',
        baseUrl: 'https://d111111abcdef8.cloudfront.net/media',
        region: 'eu-west-1',
      },
    });
  });

  it('names every missing variable and how to fix it', async () => {
    const message = await failure({});
    for (const name of ['DATABASE_URL', 'JWT_SECRET']) {
      expect(message).toMatch(new RegExp(`- ${name} is missing.*Fix: `));
    }
  });

  it('needs only a database and a signing key: no Redis, no media bucket, no region', async () => {
    const config = await loadConfig({ DATABASE_URL: valid.DATABASE_URL, JWT_SECRET: valid.JWT_SECRET });
    expect(config.redisUrl).toBeUndefined();
    expect(config.media).toBeUndefined();
    expect(config.database.host).toBe('db.internal');
  });

  it('wants MEDIA_BUCKET and MEDIA_BASE_URL both or neither', async () => {
    const { MEDIA_BUCKET: _, ...noBucket } = valid;
    expect(await failure(noBucket)).toMatch(
      /- MEDIA_BUCKET is missing while MEDIA_BASE_URL is set \(set both to enable uploads, or neither\)\. Fix: /,
    );
    const { MEDIA_BASE_URL: __, ...noBaseUrl } = valid;
    const message = await failure(noBaseUrl);
    expect(message).toContain('- MEDIA_BASE_URL is missing while MEDIA_BUCKET is set');
    expect(message.split('\n')).toHaveLength(2); // the heading and this one line
    const { MEDIA_BUCKET: ___, MEDIA_BASE_URL: ____, ...neither } = valid;
    expect((await loadConfig(neither)).media).toBeUndefined();
  });

  it('wants AWS_REGION only with a media bucket or a secret ARN', async () => {
    const { AWS_REGION: _, ...noRegion } = valid;
    expect(await failure(noRegion)).toContain('- AWS_REGION is missing (needed by MEDIA_BUCKET). Fix: ');
    const { AWS_REGION: __, MEDIA_BUCKET: ___, MEDIA_BASE_URL: ____, JWT_SECRET: _____, ...rest } = valid;
    expect(
      await failure({ ...rest, JWT_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:jwt' }),
    ).toContain('- AWS_REGION is missing (needed by JWT_SECRET_ARN)');
  });

  it('treats an empty value as missing', async () => {
    expect(await failure({ ...valid, JWT_SECRET: '' })).toContain('JWT_SECRET is missing');
    expect((await loadConfig({ ...valid, REDIS_URL: '' })).redisUrl).toBeUndefined();
  });

  it('shows a wrong value, but never a secret one', async () => {
    expect(await failure({ ...valid, PORT: 'eighty' })).toContain('PORT');
    expect(await failure({ ...valid, REDIS_URL: 'http://x:1' })).toContain(
      'must be a redis:// or rediss:// URL (got "http://x:1")',
    );
    const short = await failure({ ...valid, JWT_SECRET: 'tooshort-secret' });
    expect(short).toContain('JWT_SECRET must be at least 32 characters');
    expect(short).not.toContain('tooshort-secret');
  });

  it('requires exactly one of DATABASE_URL and DATABASE_SECRET_ARN', async () => {
    const { DATABASE_URL: _, ...noDatabase } = valid;
    expect(await failure(noDatabase)).toContain('DATABASE_URL is missing (or set DATABASE_SECRET_ARN)');
    expect(
      await failure({ ...valid, DATABASE_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:db' }),
    ).toContain('both set');
  });

  it('reads RDS credentials and the signing key from Secrets Manager, with TLS on by default', async () => {
    const { DATABASE_URL: _, JWT_SECRET: __, ...rest } = valid;
    const secrets: Record<string, string> = {
      'arn:db': JSON.stringify({
        host: 'rds.internal',
        port: 5432,
        username: 'wellstack',
        password: 'pw',
        dbname: 'app',
      }),
      'arn:jwt': 's'.repeat(48),
    };
    const config = await loadConfig(
      { ...rest, DATABASE_SECRET_ARN: 'arn:db', JWT_SECRET_ARN: 'arn:jwt' },
      async (arn) => {
        const value = secrets[arn];
        if (value === undefined) throw new Error('ResourceNotFoundException');
        return value;
      },
    );
    expect(config.database).toEqual({
      host: 'rds.internal',
      port: 5432,
      user: 'wellstack',
      password: 'pw',
      database: 'app',
      ssl: true,
    });
    expect(config.jwtSecret).toBe('s'.repeat(48));
  });

  it('explains an unreadable or malformed secret', async () => {
    const { DATABASE_URL: _, ...rest } = valid;
    const env = { ...rest, DATABASE_SECRET_ARN: 'arn:db' };
    const denied = await loadConfig(env, async () => {
      throw new Error('AccessDeniedException');
    }).catch((e: Error) => e.message);
    expect(denied).toContain('DATABASE_SECRET_ARN (arn:db) could not be read: AccessDeniedException');
    expect(denied).toContain('secretsmanager:GetSecretValue');
    const malformed = await loadConfig(env, async () => '{"host":"x"}').catch((e: Error) => e.message);
    expect(malformed).toContain('problem with: username, password');
  });

  it('the server exits non-zero with the message and no stack trace when configuration is wrong', () => {
    const server = fileURLToPath(new URL('../src/server.ts', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', 'tsx', server], {
      env: { PATH: process.env.PATH, REDIS_URL: 'redis://127.0.0.1:1' },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('wellstack: Invalid configuration');
    expect(result.stderr).toContain('- DATABASE_URL is missing (or set DATABASE_SECRET_ARN). Fix:');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
