/**
 * The process entry: configuration, clients, migrations, the API on PORT, metrics on METRICS_PORT, and
 * graceful shutdown on SIGTERM (systemd stop, CodeDeploy ApplicationStop).
 */
import { buildApp } from './app.ts';
import { createRedis, createS3Client } from './clients.ts';
import { ConfigError, type Config, loadConfig } from './config.ts';
import { migrate } from './db/migrate.ts';
import { createPool } from './db/pool.ts';
import { startMetricsServer } from './metrics.ts';
import { SlackNotifier } from './slack.ts';

/** Start-up problems are the operator's to fix: print what and how, without a stack trace, and exit 1. */
function fail(message: string): never {
  process.stderr.write(`wellstack: ${message}\n`);
  process.exit(1);
}

async function loadOrFail(): Promise<Config> {
  try {
    return await loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
}

async function main(): Promise<void> {
  const config = await loadOrFail();
  const pool = createPool(config.database);
  const redis = config.redisUrl ? createRedis(config.redisUrl) : undefined;
  const s3 = config.media ? createS3Client(config.media) : undefined;
  const slack = config.slackWebhookUrl ? new SlackNotifier(config.slackWebhookUrl) : undefined;
  const app = await buildApp(config, {
    pool,
    ...(redis ? { redis } : {}),
    ...(s3 ? { s3 } : {}),
    ...(slack ? { slack } : {}),
  });
  app.log.info(
    { refreshTokens: redis ? 'redis' : 'postgres', uploads: s3 !== undefined },
    redis
      ? 'refresh tokens and rate limits in Redis'
      : 'no REDIS_URL: refresh tokens in PostgreSQL, rate limits per instance',
  );

  // Redis being down at boot is not fatal: /ready says 503 and the client keeps reconnecting.
  await redis?.connect().catch((err: Error) => app.log.warn({ err }, 'redis not reachable at start-up'));
  try {
    const applied = await migrate(pool);
    app.log.info({ applied }, applied.length ? 'database migrations applied' : 'database schema up to date');
  } catch (err) {
    fail(
      `database migrations failed: ${(err as Error).message}. Check DATABASE_URL / DATABASE_SECRET_ARN, ` +
        'that the database accepts connections from this host, and the migration named above.',
    );
  }

  await app.listen({ host: config.host, port: config.port });
  const metricsServer = await startMetricsServer(app.metrics.registry, config.host, config.metricsPort);
  app.log.info({ port: config.metricsPort }, 'metrics listening');

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: draining in-flight requests');
    app.startDraining();
    const deadline = setTimeout(() => {
      app.log.error(
        `in-flight requests did not finish within SHUTDOWN_TIMEOUT_MS (${config.shutdownTimeoutMs} ms)`,
      );
      process.exit(1);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    try {
      // Stops accepting connections, answers requests arriving on kept-alive ones with 503, and resolves
      // once every in-flight request has been answered.
      await app.close();
      metricsServer.closeAllConnections();
      await new Promise((resolve) => metricsServer.close(resolve));
      await pool.end();
      await redis?.quit().catch(() => redis.disconnect());
      await slack?.flush();
      app.log.info('shutdown complete');
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((err: Error) => fail(err.message));
