import { S3Client } from '@aws-sdk/client-s3';
import { Redis } from 'ioredis';
import type { Config } from './config.ts';

/**
 * Commands fail at once while Redis is unreachable (no offline queue, one retry, 1 s command timeout), so
 * log-in and refresh answer 503 quickly instead of hanging; the client keeps reconnecting in the background
 * (backing off up to 2 s) and recovers by itself. Call connect() once the error listener is attached.
 */
export function createRedis(url: string): Redis {
  return new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}

/** Regional S3 in AWS (credentials from the instance role); a path-style custom endpoint for test servers. */
export function createS3Client(media: NonNullable<Config['media']>): S3Client {
  return new S3Client({
    region: media.region,
    ...(media.endpoint ? { endpoint: media.endpoint, forcePathStyle: true } : {}),
  });
}
