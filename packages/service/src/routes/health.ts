import type { FastifyPluginAsync } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';

export interface HealthOptions {
  readonly pool: pg.Pool;
  /** Checked only when the service uses Redis (REDIS_URL set). */
  readonly redis?: Redis;
  readonly isDraining: () => boolean;
}

type CheckResult = 'ok' | 'unavailable';

async function check(probe: () => Promise<unknown>): Promise<CheckResult> {
  try {
    await probe();
    return 'ok';
  } catch {
    return 'unavailable';
  }
}

const readySchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable', 'draining'] },
    checks: {
      type: 'object',
      properties: { database: { type: 'string' }, redis: { type: 'string' } },
    },
  },
} as const;

/**
 * /health is shallow on purpose: the ALB replaces instances that fail it, and a database outage must not
 * make it replace every healthy instance. /ready is deep: CodeDeploy waits for it before shifting traffic.
 */
const healthRoutes: FastifyPluginAsync<HealthOptions> = async (app, options) => {
  app.get(
    '/health',
    { schema: { response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/ready',
    { schema: { response: { 200: readySchema, 503: readySchema } } },
    async (_request, reply) => {
      if (options.isDraining()) return reply.code(503).send({ status: 'draining', checks: {} });
      const { redis } = options;
      const [database, cache] = await Promise.all([
        check(() => options.pool.query('SELECT 1')),
        redis && check(() => redis.ping()),
      ]);
      const checks = { database, ...(cache ? { redis: cache } : {}) };
      const ok = Object.values(checks).every((result) => result === 'ok');
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
    },
  );
};

export default healthRoutes;
