/**
 * The CodeDeploy revision (scripts/bundle.ts): the zip's layout, what CodeDeploy reads from it (appspec,
 * hooks, unit) and the ValidateService hook against real HTTP servers.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import yauzl from 'yauzl';
import { buildBundle } from '../../scripts/bundle.ts';
import { testEnv } from '../support/app.ts';
import { freePort } from '../support/ports.ts';
import { createDatabase } from '../support/postgres.ts';
import { startS3 } from '../support/s3.ts';

const packageDir = resolve(import.meta.dirname, '../..');
const validateScript = join(packageDir, 'bundle/hooks/validate.sh');
const HOOKS = {
  ApplicationStop: 'hooks/stop.sh',
  AfterInstall: 'hooks/install.sh',
  ApplicationStart: 'hooks/start.sh',
  ValidateService: 'hooks/validate.sh',
};

interface Entry {
  readonly mode: number;
  readonly data: Buffer;
}

async function readZip(file: string): Promise<Map<string, Entry>> {
  const zip = await promisify<string, yauzl.Options, yauzl.ZipFile>(yauzl.open)(file, { lazyEntries: true });
  const entries = new Map<string, Entry>();
  await new Promise<void>((done, fail) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return fail(err);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          entries.set(entry.fileName, {
            mode: entry.externalFileAttributes >>> 16,
            data: Buffer.concat(chunks),
          });
          zip.readEntry();
        });
        stream.on('error', fail);
      });
    });
    zip.on('end', done);
    zip.on('error', fail);
    zip.readEntry();
  });
  return entries;
}

interface HookRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runValidate(env: Record<string, string>, script = validateScript): Promise<HookRun> {
  return new Promise((done) => {
    execFile('bash', [script], { env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      done({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

/** An HTTP server on 127.0.0.1 whose /ready answers each request with the next status of `statuses` (the last repeats). */
async function readyServer(
  statuses: number[],
): Promise<{ url: string; requests: () => number; server: Server }> {
  let requests = 0;
  const server = createServer((req, res) => {
    const status = statuses[Math.min(requests, statuses.length - 1)]!;
    if (req.url === '/ready') requests += 1;
    res.writeHead(req.url === '/ready' ? status : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: status === 200 ? 'ok' : 'unavailable' }));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/ready`, requests: () => requests, server };
}

describe('hooks/validate.sh (ValidateService)', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((closed) => server.close(closed))));
  });

  it('succeeds once /ready turns from 503 to 200', async () => {
    const ready = await readyServer([503, 503, 200]);
    servers.push(ready.server);
    const run = await runValidate({
      READY_URL: ready.url,
      VALIDATE_TIMEOUT_SECONDS: '10',
      VALIDATE_INTERVAL_SECONDS: '0.1',
    });
    expect(run).toMatchObject({ code: 0 });
    expect(run.stdout).toContain('answered 200 after 3 attempt(s)');
    expect(ready.requests()).toBe(3);
  });

  it('fails when /ready keeps answering 503 past the timeout', async () => {
    const ready = await readyServer([503]);
    servers.push(ready.server);
    const started = Date.now();
    const run = await runValidate({
      READY_URL: ready.url,
      VALIDATE_TIMEOUT_SECONDS: '1',
      VALIDATE_INTERVAL_SECONDS: '0.1',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`not ready: ${ready.url} last answered '503' after 1s`);
    expect(ready.requests()).toBeGreaterThan(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails when nothing listens on the port', async () => {
    const url = `http://127.0.0.1:${await freePort()}/ready`;
    const run = await runValidate({
      READY_URL: url,
      VALIDATE_TIMEOUT_SECONDS: '1',
      VALIDATE_INTERVAL_SECONDS: '0.1',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`not ready: ${url} last answered '000'`);
  });

  it('defaults to the contract: http://127.0.0.1:8080/ready within 60 s', () => {
    const script = readFileSync(validateScript, 'utf8');
    expect(script).toMatch(/^READY_URL="\$\{READY_URL:-http:\/\/127\.0\.0\.1:8080\/ready\}"$/m);
    expect(script).toMatch(/^TIMEOUT="\$\{VALIDATE_TIMEOUT_SECONDS:-60\}"$/m);
  });
});

describe('hooks/stop.sh and hooks/start.sh (with a recording systemctl on PATH)', () => {
  let binDir: string;
  beforeAll(() => {
    binDir = mkdtempSync(join(tmpdir(), 'wellstack-fake-systemctl-'));
    // Records its arguments; `list-unit-files` lists the unit only when UNIT_INSTALLED=1, like systemd would.
    writeFileSync(
      join(binDir, 'systemctl'),
      [
        '#!/usr/bin/env bash',
        'echo "$*" >> "$SYSTEMCTL_LOG"',
        'if [ "$1" = list-unit-files ] && [ "$UNIT_INSTALLED" = 1 ]; then',
        '  echo "wellstack-app.service enabled enabled"',
        'fi',
      ].join('\n'),
      { mode: 0o755 },
    );
  });
  afterAll(() => {
    rmSync(binDir, { recursive: true, force: true });
  });

  function runHook(hook: string, env: Record<string, string>): { status: number | null; calls: string[] } {
    const log = join(binDir, `${basename(hook)}-${Math.random().toString(36).slice(2)}.log`);
    writeFileSync(log, '');
    const result = spawnSync('bash', [join(packageDir, 'bundle', hook)], {
      env: { ...process.env, PATH: `${binDir}:${process.env.PATH}`, SYSTEMCTL_LOG: log, ...env },
      encoding: 'utf8',
    });
    return { status: result.status, calls: readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) };
  }

  it('stop.sh stops the unit when it is installed', () => {
    const run = runHook('hooks/stop.sh', { UNIT_INSTALLED: '1' });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      'list-unit-files --no-legend wellstack-app.service',
      'stop wellstack-app.service',
    ]);
  });

  it('stop.sh succeeds without stopping anything on a host that never ran the app', () => {
    const run = runHook('hooks/stop.sh', { UNIT_INSTALLED: '0' });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual(['list-unit-files --no-legend wellstack-app.service']);
  });

  it('start.sh enables the unit and restarts it, so the new revision runs', () => {
    const run = runHook('hooks/start.sh', { UNIT_INSTALLED: '0' });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual(['enable wellstack-app.service', 'restart wellstack-app.service']);
  });
});

describe('artifacts/service-bundle.zip', () => {
  let workDir: string;
  let zip: Map<string, Entry>;
  let built: { files: number; bytes: number };
  const text = (name: string) => {
    const entry = zip.get(name);
    if (!entry) throw new Error(`${name} is not in the bundle`);
    return entry.data.toString('utf8');
  };

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'wellstack-bundle-test-'));
    const outFile = join(workDir, 'service-bundle.zip');
    built = await buildBundle(outFile);
    zip = await readZip(outFile);
  }, 180_000);

  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
  });

  it('holds appspec.yml, hooks/, systemd/ and app/ at its root, and nothing else', () => {
    const roots = new Set([...zip.keys()].map((name) => name.split('/')[0]));
    expect([...roots].sort()).toEqual(['app', 'appspec.yml', 'hooks', 'systemd']);
    expect(zip.size).toBe(built.files);
    expect(built.bytes).toBeGreaterThan(0);
  });

  it('ships the built app and its migrations, not its sources, tests or web front end', () => {
    expect(zip.has('app/dist/server.js')).toBe(true);
    expect(zip.has('app/dist/app.js')).toBe(true);
    expect([...zip.keys()].some((name) => /^app\/migrations\/\d{4}_\w+\.sql$/.test(name))).toBe(true);
    const misplaced = [...zip.keys()].filter((name) => /^app\/(src|test|web|scripts|bundle)\//.test(name));
    expect(misplaced).toEqual([]);
  });

  it('has production dependencies only, pinned, without native addons (x64 build, Graviton hosts)', () => {
    const manifest = JSON.parse(text('app/package.json')) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
      devDependencies?: unknown;
    };
    const source = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(manifest.devDependencies).toBeUndefined();
    expect(manifest.scripts).toEqual({ start: 'node dist/server.js' });
    expect(Object.keys(manifest.dependencies).sort()).toEqual(Object.keys(source.dependencies).sort());
    for (const [name, version] of Object.entries(manifest.dependencies)) {
      expect(version, name).toMatch(/^\d+\.\d+\.\d+/);
      expect(zip.has(`app/node_modules/${name}/package.json`), name).toBe(true);
    }
    for (const name of [...Object.keys(source.devDependencies), 'vitest', 'typescript', '@biomejs/biome']) {
      expect(zip.has(`app/node_modules/${name}/package.json`), name).toBe(false);
    }
    expect(zip.has('app/package-lock.json')).toBe(true);
    expect([...zip.keys()].filter((name) => name.endsWith('.node'))).toEqual([]);
    expect([...zip.keys()].filter((name) => name.startsWith('app/node_modules/.bin/'))).toEqual([]);
  });

  it('marks the hooks executable', () => {
    for (const hook of Object.values(HOOKS)) expect(zip.get(hook)?.mode.toString(8), hook).toBe('100755');
    expect(zip.get('appspec.yml')?.mode.toString(8)).toBe('100644');
  });

  it('has hooks that parse (bash -n)', () => {
    const hooks = [...zip.keys()].filter((name) => name.startsWith('hooks/'));
    expect(hooks.sort()).toEqual(Object.values(HOOKS).sort());
    for (const hook of hooks) {
      const file = join(workDir, hook);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, zip.get(hook)!.data);
      const check = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
      expect(check.stderr, hook).toBe('');
      expect(check.status, hook).toBe(0);
    }
  });

  it('has an appspec that copies app/ to /opt/wellstack/app and runs each hook from the bundle, with a timeout', () => {
    const appspec = parse(text('appspec.yml')) as {
      version: number;
      os: string;
      files: { source: string; destination: string }[];
      hooks: Record<string, { location: string; timeout: number; runas: string }[]>;
    };
    expect(appspec.version).toBe(0);
    expect(text('appspec.yml')).toMatch(/^version: 0\.0$/m);
    expect(appspec.os).toBe('linux');
    expect(appspec.files).toEqual([{ source: 'app', destination: '/opt/wellstack/app' }]);
    expect(Object.keys(appspec.hooks).sort()).toEqual(Object.keys(HOOKS).sort());
    for (const [event, scripts] of Object.entries(appspec.hooks)) {
      expect(
        scripts.map((script) => script.location),
        event,
      ).toEqual([HOOKS[event as keyof typeof HOOKS]]);
      for (const script of scripts) {
        expect(zip.has(script.location), script.location).toBe(true);
        expect(script.runas).toBe('root');
        expect(script.timeout).toBeGreaterThan(0);
        expect(script.timeout).toBeLessThanOrEqual(3600);
      }
    }
    // ValidateService must outlast validate.sh's own 60 s budget, or CodeDeploy kills it first.
    expect(appspec.hooks.ValidateService![0]!.timeout).toBeGreaterThan(60);
  });

  it('has a hardened unit that runs the app as wellstack and outwaits its drain on SIGTERM', () => {
    const unit = text('systemd/wellstack-app.service');
    const settings = new Map(
      unit
        .split('\n')
        .filter((line) => /^\w+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(Object.fromEntries(settings)).toMatchObject({
      User: 'wellstack',
      EnvironmentFile: '/etc/wellstack/app.env',
      WorkingDirectory: '/opt/wellstack/app',
      ExecStart: '/usr/bin/node /opt/wellstack/app/dist/server.js',
      KillSignal: 'SIGTERM',
      Restart: 'on-failure',
      NoNewPrivileges: 'true',
      ProtectSystem: 'strict',
      PrivateTmp: 'true',
      WantedBy: 'multi-user.target',
    });
    // A start fails while the database is unreachable (host up before RDS); systemd must keep retrying, not
    // give up after a burst of failed starts and leave the service down once the database is back.
    expect(settings.get('StartLimitIntervalSec')).toBe('0');
    expect(Number(settings.get('RestartSec'))).toBeGreaterThan(0);
    // SHUTDOWN_TIMEOUT_MS defaults to 20 s (docs/service-contract.md); systemd must not SIGKILL before that.
    expect(Number(settings.get('TimeoutStopSec'))).toBeGreaterThan(20);
    expect(zip.has(settings.get('ExecStart')!.split(' ')[1]!.replace('/opt/wellstack/', ''))).toBe(true);
    const install = text('hooks/install.sh');
    expect(install).toContain('"$BUNDLE_ROOT/systemd/$UNIT" "/etc/systemd/system/$UNIT"');
    expect(install).toContain('UNIT=wellstack-app.service');
  });

  it('runs from the unpacked bundle alone: the app starts, validate.sh passes, SIGTERM drains and exits 0', async () => {
    const root = join(workDir, 'unpacked');
    for (const [name, entry] of zip) {
      const file = join(root, name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, entry.data, { mode: entry.mode & 0o777 });
    }
    const [database, s3, port, metricsPort] = await Promise.all([
      createDatabase(inject('postgresUrl')),
      startS3(),
      freePort(),
      freePort(),
    ]);
    // Under /tmp no parent node_modules exists: every import must resolve inside app/node_modules.
    const child = spawn(process.execPath, ['dist/server.js'], {
      cwd: join(root, 'app'),
      env: {
        PATH: process.env.PATH ?? '',
        ...testEnv(database.url, inject('redisUrl'), s3),
        NODE_ENV: 'production',
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const exited = once(child, 'exit');
    try {
      const validate = await runValidate(
        {
          READY_URL: `http://127.0.0.1:${port}/ready`,
          VALIDATE_TIMEOUT_SECONDS: '30',
          VALIDATE_INTERVAL_SECONDS: '0.2',
        },
        join(root, 'hooks/validate.sh'),
      );
      expect(validate.code, `${validate.stderr}\n${stderr}`).toBe(0);
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code, stderr).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await Promise.all([s3.stop(), database.drop()]);
    }
  }, 60_000);
});
