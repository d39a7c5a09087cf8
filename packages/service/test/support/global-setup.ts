import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres.ts';
import { startRedis } from './redis.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the run's PostgreSQL; test files create their own database on it (createDatabase). */
    postgresUrl: string;
    redisUrl: string;
  }
}

/** Starts PostgreSQL and Redis once per `vitest run` (or uses DATABASE_URL / REDIS_URL) and stops them after. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  project.provide('postgresUrl', postgres.url);
  project.provide('redisUrl', redis.url);
  return async () => {
    await Promise.all([postgres.stop(), redis.stop()]);
  };
}
