import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMetricsServer } from '../src/metrics.ts';
import { createTestApp, type TestApp } from './support/app.ts';

describe('Prometheus metrics on their own port', () => {
  let t: TestApp;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    t = await createTestApp({ postgresUrl: inject('postgresUrl'), redisUrl: inject('redisUrl') });
    server = await startMetricsServer(t.app.metrics.registry, '127.0.0.1', 0);
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it('exposes request durations labelled by route pattern, method and status', async () => {
    await t.app.inject('/posts/1');
    await t.app.inject('/posts/2');
    await t.app.inject('/definitely/not/here');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/posts\/:id",status_code="404"\} 2/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} 1/,
    );
    expect(text).not.toContain('/posts/1"');
  });

  it('exposes PostgreSQL pool gauges and default process metrics', async () => {
    const text = await (await fetch(url)).text();
    expect(text).toMatch(/pg_pool_connections\{state="total"\} [1-9]/);
    expect(text).toMatch(/pg_pool_connections\{state="waiting"\} 0/);
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('serves nothing but /metrics', async () => {
    expect((await fetch(url.replace('/metrics', '/posts'))).status).toBe(404);
  });

  it('is not reachable through the public API port', async () => {
    expect((await t.app.inject('/metrics')).statusCode).toBe(404);
  });
});
