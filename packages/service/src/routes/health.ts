import type { FastifyPluginAsync } from 'fastify';
import type { Redis } from 'ioredis';
import type pg from 'pg';

export interface HealthOptions {
  readonly pool: pg.Pool;
  readonly redis: Redis;
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
      const [database, redis] = await Promise.all([
        check(() => options.pool.query('SELECT 1')),
        check(() => options.redis.ping()),
      ]);
      const ok = database === 'ok' && redis === 'ok';
      return reply
        .code(ok ? 200 : 503)
        .send({ status: ok ? 'ok' : 'unavailable', checks: { database, redis } });
    },
  );
};

export default healthRoutes;
