import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import pino from 'pino';
import { AccessTokens } from './auth/access-tokens.ts';
import { createAuthenticate } from './auth/authenticate.ts';
import { PostgresRefreshTokens } from './auth/postgres-refresh-tokens.ts';
import { RedisRefreshTokens } from './auth/redis-refresh-tokens.ts';
import type { Config } from './config.ts';
import { DependencyUnavailableError, HttpError } from './errors.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import authRoutes from './routes/auth.ts';
import configRoutes from './routes/config.ts';
import healthRoutes from './routes/health.ts';
import postsRoutes from './routes/posts.ts';
import uploadsRoutes from './routes/uploads.ts';
import { type SlackNotifier, slackLogStream } from './slack.ts';

/**
 * Clients owned by whoever calls buildApp (the server entry or a test), which also closes them. `redis` is
 * required when config.redisUrl is set and `s3` when config.media is, and ignored otherwise.
 */
export interface AppDeps {
  readonly pool: pg.Pool;
  readonly redis?: Redis;
  readonly s3?: S3Client;
  readonly slack?: SlackNotifier;
}

/** The client a configured dependency needs; a missing one is a wiring bug, so fail at start-up. */
function required<T>(client: T | undefined, name: string, setting: string): T {
  if (client === undefined)
    throw new Error(`buildApp: ${setting} is configured, so deps.${name} is required`);
  return client;
}

declare module 'fastify' {
  interface FastifyInstance {
    readonly metrics: Metrics;
    /** Makes /ready answer 503 from now on; called on SIGTERM before the server stops accepting. */
    startDraining(): void;
  }
  interface FastifyRequest {
    /** The authenticated user, set by the authenticate pre-handler on protected routes. */
    userId: string | null;
  }
}

function loggerOptions(config: Config, slack: SlackNotifier | undefined): FastifyServerOptions['logger'] {
  const options = {
    level: config.logLevel,
    // Tokens and passwords travel in headers and bodies; never let a debug log or serializer print them.
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken'],
  };
  if (!slack) return options;
  return {
    ...options,
    stream: pino.multistream([
      { level: config.logLevel === 'silent' ? 'fatal' : config.logLevel, stream: process.stdout },
      { level: 'error', stream: slackLogStream(slack) },
    ]),
  };
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const redis = config.redisUrl === undefined ? undefined : required(deps.redis, 'redis', 'REDIS_URL');
  const media = config.media && {
    s3: required(deps.s3, 's3', 'MEDIA_BUCKET'),
    bucket: config.media.bucket,
    baseUrl: config.media.baseUrl,
  };
  const app = Fastify({
    logger: loggerOptions(config, deps.slack),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    },
    // Behind an ALB the client address is the last X-Forwarded-For entry; trusting more would let clients
    // spoof their address past the rate limiter.
    trustProxy: (_address, hop) => hop < config.trustProxyHops,
    // Longer than the ALB's 60 s idle timeout, or Node closes connections the ALB still uses (502s).
    keepAliveTimeout: 65_000,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  });

  let draining = false;
  app.decorate('startDraining', () => {
    draining = true;
  });
  const metrics = createMetrics(deps.pool);
  app.decorate('metrics', metrics);
  app.decorateRequest('userId', null);

  // The pool reports errors of idle connections (database restarted) here; unhandled, they crash the process.
  const onPoolError = (err: Error) =>
    app.log.warn({ err }, 'idle database connection lost; the pool reconnects');
  const onRedisError = (err: Error) =>
    app.log.warn({ err: { message: err.message } }, 'redis connection error');
  deps.pool.on('error', onPoolError);
  redis?.on('error', onRedisError);
  app.addHook('onClose', async () => {
    deps.pool.off('error', onPoolError);
    redis?.off('error', onRedisError);
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: reply.statusCode,
      },
      reply.elapsedTime / 1000,
    );
  });

  app.setErrorHandler((err: FastifyError | HttpError | DependencyUnavailableError, request, reply) => {
    if ('validation' in err && err.validation) {
      return reply.code(400).send({
        error: 'validation_failed',
        message: err.message,
        details: err.validation.map((issue) => ({
          path: `${err.validationContext ?? ''}${issue.instancePath}`,
          message: issue.message,
          ...(issue.keyword === 'required' ? { missing: issue.params.missingProperty } : {}),
        })),
      });
    }
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).send({
        error: err.code,
        message: err.message,
        ...(err.details === undefined ? {} : { details: err.details }),
      });
    }
    if (err instanceof DependencyUnavailableError) {
      request.log.error({ err }, `${err.dependency} unavailable`);
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({
          error: `${err.dependency}_unavailable`,
          message:
            err.dependency === 'database'
              ? 'The database is unreachable right now; try again in a few seconds.'
              : 'The session store is unreachable right now; try again in a few seconds.',
        });
    }
    const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status < 500) {
      return reply.code(status).send({ error: STATUS_CODES[status] ?? 'bad_request', message: err.message });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ error: 'internal_error', message: 'Something went wrong on our side.' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `No route for ${request.method} ${request.url}.` }),
  );

  await app.register(rateLimit, {
    global: false,
    // In Redis the counts are shared by all instances, and if Redis is down the limiter lets requests through
    // (they fail on Redis anyway). Without Redis they are counted in this process's memory, per instance.
    ...(redis ? { redis, nameSpace: 'ratelimit:', skipOnError: true } : {}),
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'rate_limited', `Too many attempts; try again in ${context.after}.`),
  });

  const accessTokens = new AccessTokens(config.jwtSecret);
  const refreshTokens = redis ? new RedisRefreshTokens(redis) : new PostgresRefreshTokens(deps.pool);
  const authenticate = createAuthenticate(accessTokens);

  await app.register(healthRoutes, { pool: deps.pool, redis, isDraining: () => draining });
  await app.register(authRoutes, {
    pool: deps.pool,
    accessTokens,
    refreshTokens,
    rateLimit: { max: config.authRateLimitMax, timeWindow: 60_000 },
  });
  await app.register(postsRoutes, { pool: deps.pool, authenticate, mediaBaseUrl: media?.baseUrl });
  await app.register(uploadsRoutes, { media, authenticate });
  await app.register(configRoutes, { uploads: media !== undefined });
  return app;
}
