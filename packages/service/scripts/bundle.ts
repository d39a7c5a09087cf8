/**
 * Builds the CodeDeploy revision of the reference service (docs/service-contract.md, "Deploy bundle"):
 *
 *   appspec.yml                      from bundle/
 *   hooks/{stop,install,start,validate}.sh   (mode 0755)
 *   systemd/wellstack-app.service
 *   app/dist/**                      `npm run build` output
 *   app/migrations/*.sql             applied by the server at start-up
 *   app/package.json, app/package-lock.json, app/node_modules/**   production dependencies only
 *
 * Usage: tsx scripts/bundle.ts [--out FILE]   (default FILE: artifacts/service-bundle.zip)
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  createWriteStream,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { ZipFile } from 'yazl';

const packageDir = resolve(import.meta.dirname, '..');

/** One fixed timestamp for every entry, so the same inputs give a byte-identical zip. */
const ENTRY_MTIME = new Date('2000-01-01T00:00:00Z');

interface PackageJson {
  name: string;
  version: string;
  type?: string;
  engines?: Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw result.error;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

/** The version Node would load from packageDir: its own node_modules first, then each parent's (workspace hoisting). */
function installedVersion(name: string): string {
  for (let dir = packageDir; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as PackageJson).version;
    if (dirname(dir) === dir) throw new Error(`dependency ${name} is not installed; run npm install first`);
  }
}

/**
 * package.json for the host: runtime dependencies pinned to the versions the workspace was built and tested
 * with, no devDependencies and no scripts but `start`.
 */
function productionManifest(source: PackageJson): PackageJson {
  const dependencies = Object.fromEntries(
    Object.keys(source.dependencies ?? {})
      .sort()
      .map((name) => [name, installedVersion(name)]),
  );
  return {
    name: source.name,
    version: source.version,
    type: source.type,
    engines: source.engines,
    scripts: { start: 'node dist/server.js' },
    dependencies,
  };
}

/** npm run from a workspace passes its own settings down as npm_config_*; the staging install must not see them. */
function cleanNpmEnv(): NodeJS.ProcessEnv {
  const keep = new Set([
    'npm_config_cache',
    'npm_config_userconfig',
    'npm_config_globalconfig',
    'npm_config_registry',
  ]);
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.toLowerCase().startsWith('npm_config_') || keep.has(key.toLowerCase()),
    ),
  );
}

/** Type declarations and source maps of dependencies: never loaded at run time, and half the files. */
const DEV_ONLY_FILE = /\.(?:d\.[cm]?ts|map)$/;

function listFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        if (!(path.includes(`${sep}node_modules${sep}`) && DEV_ONLY_FILE.test(entry.name))) files.push(path);
      } else
        throw new Error(`${path}: only regular files can go into the bundle (symbolic link or special file)`);
    }
  };
  walk(root);
  return files.sort();
}

async function writeZip(stagingDir: string, outFile: string): Promise<number> {
  const zip = new ZipFile();
  const files = listFiles(stagingDir);
  for (const file of files) {
    const name = relative(stagingDir, file).split(sep).join('/');
    const executable = name.startsWith('hooks/') || (lstatSync(file).mode & 0o111) !== 0;
    zip.addFile(file, name, { mtime: ENTRY_MTIME, mode: executable ? 0o100755 : 0o100644 });
  }
  zip.end();
  mkdirSync(dirname(outFile), { recursive: true });
  await pipeline(zip.outputStream, createWriteStream(outFile));
  return files.length;
}

export async function buildBundle(outFile: string): Promise<{ files: number; bytes: number }> {
  run('npm', ['run', 'build'], packageDir);
  const distDir = join(packageDir, 'dist');
  if (!existsSync(join(distDir, 'server.js')))
    throw new Error(`${distDir}/server.js is missing: run npm run build`);

  const stagingDir = mkdtempSync(join(tmpdir(), 'wellstack-bundle-'));
  try {
    const bundleSources = join(packageDir, 'bundle');
    for (const entry of ['appspec.yml', 'hooks', 'systemd'])
      cpSync(join(bundleSources, entry), join(stagingDir, entry), { recursive: true });

    const appDir = join(stagingDir, 'app');
    cpSync(distDir, join(appDir, 'dist'), { recursive: true });
    // The server applies these at start-up, from migrations/ beside dist/ (src/db/migrate.ts).
    cpSync(join(packageDir, 'migrations'), join(appDir, 'migrations'), { recursive: true });

    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as PackageJson;
    writeFileSync(join(appDir, 'package.json'), `${JSON.stringify(productionManifest(manifest), null, 2)}\n`);
    // --no-bin-links: the app needs no executables from its dependencies, and a zip has no portable symlinks.
    run(
      'npm',
      [
        'install',
        '--omit=dev',
        '--no-bin-links',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--loglevel=error',
      ],
      appDir,
      cleanNpmEnv(),
    );

    const files = await writeZip(stagingDir, outFile);
    return { files, bytes: lstatSync(outFile).size };
  } finally {
    rmSync(stagingDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const { values } = parseArgs({
    options: { out: { type: 'string' } },
  });
  const outFile = resolve(values.out ?? join(packageDir, 'artifacts', 'service-bundle.zip'));
  const { files, bytes } = await buildBundle(outFile);
  const shown = relative(process.cwd(), outFile);
  console.log(
    `${shown.startsWith('..') ? outFile : shown}: ${files} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB`,
  );
}
