/**
 * The service's whole configuration, read from the environment in one place (docs/service-contract.md).
 * `loadConfig` either returns a complete, resolved Config or throws a ConfigError whose message names each
 * wrong variable and how to fix it; the server entry prints that message and exits non-zero.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';

export interface DatabaseConfig {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** `require` encrypts without verifying the certificate, like libpq's sslmode=require. */
  readonly ssl: boolean;
}

export interface Config {
  readonly nodeEnv: 'production' | 'development' | 'test';
  readonly host: string;
  readonly port: number;
  readonly metricsPort: number;
  readonly database: DatabaseConfig;
  /** Unset: refresh tokens live in PostgreSQL and rate limits are counted in memory, per instance. */
  readonly redisUrl?: string;
  readonly jwtSecret: string;
  /** Unset: POST /uploads answers 404 uploads_disabled and posts cannot have images. */
  readonly media?: {
    readonly bucket: string;
    readonly baseUrl: string;
    readonly region: string;
    /** Only for S3-compatible servers outside AWS (tests); AWS uses the regional endpoint. */
    readonly endpoint?: string;
  };
  readonly slackWebhookUrl?: string;
  readonly shutdownTimeoutMs: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Requests per minute and client IP on each auth route. */
  readonly authRateLimitMax: number;
  /** Proxies in front of the service whose X-Forwarded-For entries are trusted (ALB = 1). */
  readonly trustProxyHops: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads a Secrets Manager secret's string by ARN. */
export type SecretReader = (arn: string) => Promise<string>;

/** How to fix each variable; shown next to the problem so nobody has to open the docs at 3 a.m. */
const FIX: Record<string, string> = {
  NODE_ENV: 'use production, development or test',
  HOST: 'use the address to listen on, e.g. 0.0.0.0 (all interfaces) or 127.0.0.1',
  PORT: 'use a TCP port number, e.g. 8080',
  METRICS_PORT: 'use a TCP port number different from PORT, e.g. 9464',
  DATABASE_URL: 'use postgres://user:password@host:5432/dbname, or set DATABASE_SECRET_ARN instead',
  DATABASE_SECRET_ARN:
    'use the ARN of the RDS-generated secret (arn:aws:secretsmanager:...), or set DATABASE_URL',
  DATABASE_SSL: 'use require or disable',
  REDIS_URL: 'use redis://host:6379, or rediss://host:6379 for TLS in transit, or leave unset',
  JWT_SECRET:
    'use a random string of at least 32 characters (openssl rand -base64 48), or set JWT_SECRET_ARN',
  JWT_SECRET_ARN: 'use the ARN of a Secrets Manager secret holding the signing key, or set JWT_SECRET',
  MEDIA_BUCKET:
    'use the name of the S3 bucket that receives uploads together with MEDIA_BASE_URL, or leave both unset',
  MEDIA_BASE_URL:
    'use the public base URL of the media, e.g. https://d111111abcdef8.cloudfront.net/media, together with ' +
    'MEDIA_BUCKET, or leave both unset',
  AWS_REGION: 'use the region of the bucket and secrets, e.g. eu-west-1',
  S3_ENDPOINT: 'leave unset in AWS; for an S3-compatible test server use its URL, e.g. http://127.0.0.1:9000',
  SLACK_WEBHOOK_URL: 'use an https://hooks.slack.com/services/... URL, or leave unset',
  SHUTDOWN_TIMEOUT_MS: 'use milliseconds below the target group deregistration delay, e.g. 20000',
  LOG_LEVEL: 'use fatal, error, warn, info, debug, trace or silent',
  AUTH_RATE_LIMIT_MAX: 'use a whole number of requests per minute, e.g. 10',
  TRUST_PROXY_HOPS:
    'use the number of proxies in front of the service: 1 behind an ALB, 2 with CloudFront too',
};

/** Values never echoed in error messages. */
const SECRET = new Set(['DATABASE_URL', 'JWT_SECRET', 'SLACK_WEBHOOK_URL']);

const port = z.coerce.number().int().min(1).max(65535);
const count = (min: number) => z.coerce.number().int().min(min);

const envSchema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: port.default(8080),
  METRICS_PORT: port.default(9464),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  DATABASE_SECRET_ARN: z.string().startsWith('arn:', 'must be an ARN').optional(),
  DATABASE_SSL: z.enum(['require', 'disable']).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_SECRET_ARN: z.string().startsWith('arn:', 'must be an ARN').optional(),
  MEDIA_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
    .optional(),
  MEDIA_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region name')
    .optional(),
  S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  SLACK_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  SHUTDOWN_TIMEOUT_MS: count(0).default(20_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AUTH_RATE_LIMIT_MAX: count(1).default(10),
  TRUST_PROXY_HOPS: count(0).default(1),
});

type Env = z.infer<typeof envSchema>;

function line(name: string, problem: string): string {
  const fix = FIX[name];
  return `  - ${name} ${problem}${fix ? `. Fix: ${fix}.` : '.'}`;
}

function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string>): string {
  const name = String(issue.path[0] ?? '');
  const raw = env[name];
  if (raw === undefined) return line(name, 'is missing');
  return line(name, `${issue.message}${SECRET.has(name) ? '' : ` (got "${raw}")`}`);
}

/** Rules across variables, checked on the raw values so they are reported together with the others. */
function crossChecks(env: Record<string, string>): string[] {
  const lines: string[] = [];
  for (const [direct, viaSecret] of [
    ['DATABASE_URL', 'DATABASE_SECRET_ARN'],
    ['JWT_SECRET', 'JWT_SECRET_ARN'],
  ] as const) {
    if (env[direct] === undefined && env[viaSecret] === undefined) {
      lines.push(line(direct, `is missing (or set ${viaSecret})`));
    } else if (env[direct] !== undefined && env[viaSecret] !== undefined) {
      lines.push(line(direct, `and ${viaSecret} are both set; set only one`));
    }
  }
  if ((env.MEDIA_BUCKET === undefined) !== (env.MEDIA_BASE_URL === undefined)) {
    const [set, unset] =
      env.MEDIA_BUCKET === undefined
        ? ['MEDIA_BASE_URL', 'MEDIA_BUCKET']
        : ['MEDIA_BUCKET', 'MEDIA_BASE_URL'];
    lines.push(line(unset, `is missing while ${set} is set (set both to enable uploads, or neither)`));
  }
  const needRegion = ['MEDIA_BUCKET', 'DATABASE_SECRET_ARN', 'JWT_SECRET_ARN'].filter((name) => name in env);
  if (env.AWS_REGION === undefined && needRegion.length > 0) {
    lines.push(line('AWS_REGION', `is missing (needed by ${needRegion.join(', ')})`));
  }
  if ((env.PORT ?? '8080') === (env.METRICS_PORT ?? '9464')) {
    lines.push(line('METRICS_PORT', `equals PORT (${env.PORT ?? '8080'})`));
  }
  return lines;
}

/** Validates the environment; empty strings count as unset (a blank line in app.env must not pass). */
export function parseEnv(env: Record<string, string | undefined>): Env {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name in FIX && value !== undefined && value.trim() !== '') present[name] = value;
  }
  const result = envSchema.safeParse(present);
  const lines = [
    ...(result.success ? [] : result.error.issues.map((issue) => describeIssue(issue, present))),
    ...crossChecks(present),
  ];
  if (!result.success || lines.length > 0) {
    throw new ConfigError(
      `Invalid configuration (environment, /etc/wellstack/app.env in AWS):\n${lines.join('\n')}`,
    );
  }
  return result.data;
}

/** The JSON document RDS writes into a generated secret. */
const rdsSecretSchema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(1).max(65535).default(5432),
  username: z.string().min(1),
  password: z.string().min(1),
  dbname: z.string().min(1).default('postgres'),
});

async function readSecret(read: SecretReader, variable: string, arn: string): Promise<string> {
  try {
    return await read(arn);
  } catch (err) {
    throw new ConfigError(
      `Invalid configuration: ${variable} (${arn}) could not be read: ${(err as Error).message}. Fix: check the ARN ` +
        'and that the instance role may call secretsmanager:GetSecretValue on it (and kms:Decrypt on its key).',
    );
  }
}

async function resolveDatabase(env: Env, read: SecretReader): Promise<DatabaseConfig> {
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    return {
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: decodeURIComponent(url.pathname.slice(1)) || 'postgres',
      ssl: env.DATABASE_SSL === 'require',
    };
  }
  const arn = env.DATABASE_SECRET_ARN!;
  const text = await readSecret(read, 'DATABASE_SECRET_ARN', arn);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const secret = rdsSecretSchema.safeParse(json);
  if (!secret.success) {
    const fields = secret.error.issues.map((issue) => issue.path.join('.') || 'document').join(', ');
    throw new ConfigError(
      `Invalid configuration: the secret named by DATABASE_SECRET_ARN (${arn}) is not an RDS credentials JSON ` +
        `document (problem with: ${fields}). Fix: point it at the RDS-generated secret, whose JSON has host, port, ` +
        'username, password and dbname.',
    );
  }
  return {
    host: secret.data.host,
    port: secret.data.port,
    user: secret.data.username,
    password: secret.data.password,
    database: secret.data.dbname,
    ssl: env.DATABASE_SSL !== 'disable',
  };
}

async function resolveJwtSecret(env: Env, read: SecretReader): Promise<string> {
  if (env.JWT_SECRET) return env.JWT_SECRET;
  const arn = env.JWT_SECRET_ARN!;
  const secret = await readSecret(read, 'JWT_SECRET_ARN', arn);
  if (secret.length < 32) {
    throw new ConfigError(
      `Invalid configuration: the secret named by JWT_SECRET_ARN (${arn}) is shorter than 32 characters. ` +
        'Fix: store a random string of at least 32 characters in it.',
    );
  }
  return secret;
}

/** Secrets Manager in the configured region, with the default credential chain (the instance role in AWS). */
export function secretsManagerReader(region: string): SecretReader {
  const client = new SecretsManagerClient({ region });
  return async (arn) => {
    const out = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    if (out.SecretString === undefined) throw new Error('the secret has no string value');
    return out.SecretString;
  };
}

/** Parses the environment and resolves the secrets it points at. */
export async function loadConfig(
  env: Record<string, string | undefined>,
  readSecretString?: SecretReader,
): Promise<Config> {
  const parsed = parseEnv(env);
  // Only called for a *_SECRET_ARN, and parseEnv insists on AWS_REGION when one is set.
  const read = readSecretString ?? ((arn) => secretsManagerReader(parsed.AWS_REGION!)(arn));
  const [database, jwtSecret] = await Promise.all([
    resolveDatabase(parsed, read),
    resolveJwtSecret(parsed, read),
  ]);
  return {
    nodeEnv: parsed.NODE_ENV,
    host: parsed.HOST,
    port: parsed.PORT,
    metricsPort: parsed.METRICS_PORT,
    database,
    ...(parsed.REDIS_URL ? { redisUrl: parsed.REDIS_URL } : {}),
    jwtSecret,
    // parseEnv guarantees MEDIA_BASE_URL and AWS_REGION with MEDIA_BUCKET.
    ...(parsed.MEDIA_BUCKET
      ? {
          media: {
            bucket: parsed.MEDIA_BUCKET,
            baseUrl: parsed.MEDIA_BASE_URL!.replace(/\/+$/, ''),
            region: parsed.AWS_REGION!,
            ...(parsed.S3_ENDPOINT ? { endpoint: parsed.S3_ENDPOINT } : {}),
          },
        }
      : {}),
    ...(parsed.SLACK_WEBHOOK_URL ? { slackWebhookUrl: parsed.SLACK_WEBHOOK_URL } : {}),
    shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS,
    logLevel: parsed.LOG_LEVEL,
    authRateLimitMax: parsed.AUTH_RATE_LIMIT_MAX,
    trustProxyHops: parsed.TRUST_PROXY_HOPS,
  };
}
