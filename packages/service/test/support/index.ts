export { freePort, waitForPort } from './ports.ts';
export {
  createDatabase,
  type LocalPostgres,
  type RunningServer,
  startLocalPostgres,
  startPostgres,
} from './postgres.ts';
export { type LocalRedis, startLocalRedis, startRedis } from './redis.ts';
export { type LocalS3, type S3Options, type StoredObject, startS3 } from './s3.ts';
export { type ServiceProcess, startService } from './service.ts';
export { createTestApp, signUp, type TestApp, type TestAppOptions, testEnv } from './app.ts';
