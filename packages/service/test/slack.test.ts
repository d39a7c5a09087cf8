import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { SlackNotifier } from '../src/slack.ts';
import { createTestApp } from './support/app.ts';
import { freePort } from './support/ports.ts';

/** A local stand-in for Slack's webhook endpoint; `respond` decides what it does with each call. */
async function webhook(respond: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => respond(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

let servers: Server[] = [];
afterEach(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
  servers = [];
});

describe('error logs to Slack', () => {
  it('posts error-level logs of a failing request, with the request id', async () => {
    const received: string[] = [];
    const hook = await webhook((_req, res, body) => {
      received.push(JSON.parse(body).text);
      res.end('ok');
    });
    servers.push(hook.server);
    const slack = new SlackNotifier(hook.url);
    const t = await createTestApp({ postgresUrl: inject('postgresUrl'), uploads: false });
    // The app under test talks to a database that is down, so reading posts logs an error.
    const pool = new pg.Pool({ host: '127.0.0.1', port: await freePort(), connectionTimeoutMillis: 300 });
    const app = await buildApp({ ...t.config, logLevel: 'error' }, { pool, slack });
    try {
      const res = await app.inject({ url: '/posts', headers: { 'x-request-id': 'req-slack-1' } });
      expect(res.statusCode).toBe(503);
      await slack.flush();
      expect(received).toHaveLength(1);
      expect(received[0]).toContain('database unavailable');
      expect(received[0]).toContain('request id: req-slack-1');
    } finally {
      await app.close();
      await pool.end();
      await t.close();
    }
  });

  it('never delays the caller, even when Slack hangs, and drops what does not fit the queue', async () => {
    const hook = await webhook(() => {
      // Never answers.
    });
    servers.push(hook.server);
    const slack = new SlackNotifier(hook.url, { maxQueue: 5, timeoutMs: 100 });
    const started = performance.now();
    for (let i = 0; i < 1_000; i++) slack.notify(`error ${i}`);
    expect(performance.now() - started).toBeLessThan(50);
    // One message is in flight, five wait, the rest were dropped rather than held in memory.
    expect(slack.dropped).toBe(994);
    await slack.flush();
    expect(slack.failed).toBe(6);
  });
});
