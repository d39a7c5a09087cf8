import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  configJsonSchema,
  deepMerge,
  formatProblem,
  loadConfig,
  PRESET_NAMES,
  resolveConfig,
} from '../../src/config/index.ts';

const fixtures = fileURLToPath(new URL('../fixtures/configs/', import.meta.url));

/** The problem lines a bad config produces, formatted as the CLI prints them. */
function problems(input: unknown): string[] {
  try {
    resolveConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map(formatProblem);
  }
  throw new Error('expected the config to be rejected');
}

describe('bad configs name the field, the value and the fix', () => {
  const cases: [string, unknown, string][] = [
    ['a misspelt top-level field', { databse: {} }, 'databse: unknown field: did you mean "database"?'],
    [
      'a misspelt nested field',
      { network: { cdir: '10.1.0.0/16' } },
      'network.cdir: unknown field: did you mean "cidr"?',
    ],
    [
      'an unknown egress mode',
      { network: { egress: 'gatway' } },
      'network.egress: must be one of "none" | "instance" | "gateway" | "gateway-per-az" (got "gatway")',
    ],
    [
      'a CIDR with a bad prefix',
      { network: { cidr: '10.0.0.0/33' } },
      'network.cidr: must be an IPv4 CIDR such as 10.0.0.0/16 (got "10.0.0.0/33")',
    ],
    ['four AZs', { network: { maxAzs: 4 } }, 'network.maxAzs: must be 2 or 3 (got 4)'],
    [
      'one AZ',
      { network: { maxAzs: 1 } },
      'network.maxAzs: must be 2 or 3: a load balancer and a Multi-AZ database need two AZs (got 1)',
    ],
    [
      'min above max',
      { services: { app: { capacity: { min: 4, max: 2 } } } },
      'services.app.capacity.min: min (4) must be <= max (2): lower min or raise max (got 4)',
    ],
    [
      'desired outside min..max',
      { services: { app: { capacity: { min: 1, max: 3, desired: 5 } } } },
      'services.app.capacity.desired: desired (5) must be between min (1) and max (3) (got 5)',
    ],
    [
      'an upper-case service name',
      { services: { Api: {} } },
      'services.Api: the name "Api" must start with a lowercase letter and use only a-z, 0-9 and "-" (at most 24 characters)',
    ],
    [
      'a number for an instance type',
      { services: { app: { instanceType: 5 } } },
      'services.app.instanceType: must be a string, not a number (got 5)',
    ],
    [
      'a privileged port',
      { services: { app: { port: 80 } } },
      'services.app.port: must be at least 1024 (got 80)',
    ],
    [
      'the metrics port on the app port',
      { services: { app: { port: 9000, metricsPort: 9000 } } },
      'services.app.metricsPort: metricsPort (9000) must differ from port (9000) (got 9000)',
    ],
    [
      'a health path without a slash',
      { services: { app: { healthCheck: { path: 'health' } } } },
      'services.app.healthCheck.path: must start with "/" (got "health")',
    ],
    [
      'an unknown database engine',
      { database: { engine: 'oracle' } },
      'database.engine: must be one of "postgres" | "mysql" (got "oracle")',
    ],
    [
      'a number for the cache',
      { cache: 3 },
      'cache: must be false (off) or an object of settings, e.g. {} for the defaults (got 3)',
    ],
    [
      'a bastion without allowCidr',
      { access: { bastion: {} } },
      'access.bastion.allowCidr: is required (string): add it',
    ],
    [
      'a bastion open to the world',
      { access: { bastion: { allowCidr: '0.0.0.0/0' } } },
      'access.bastion.allowCidr: must not be the whole internet: use your own address, e.g. 203.0.113.7/32 (got "0.0.0.0/0")',
    ],
    [
      'host routing without a domain',
      { services: { app: { routing: { hosts: ['api'] } } } },
      'services.app.routing.hosts: host routing needs a domain: set domain.name (and its hosted zone) or remove routing.hosts',
    ],
    [
      'a host outside the domain',
      {
        preset: 'multi-service',
        domain: { name: 'shop.io' },
        services: { api: { routing: { hosts: ['api.example.com'] } } },
      },
      'services.api.routing.hosts.0: "api.example.com" is not under domain.name "shop.io": use a name ending in .shop.io (got "api.example.com")',
    ],
    [
      'an unsupported region',
      { region: 'eu-west-1' },
      'region: must be one of "ap-northeast-2" | "us-east-1" (got "eu-west-1")',
    ],
    [
      'an unknown preset',
      { preset: 'enterprise' },
      'preset: must be one of "free-tier" | "startup" | "multi-service" | "ha" | "serverless" | "hybrid" (got "enterprise")',
    ],
    [
      'a reserved preset',
      { preset: 'hybrid' },
      'preset: preset "hybrid" is reserved for a coming release: use free-tier, startup, multi-service or ha (got "hybrid")',
    ],
    [
      'storage autoscaling below the allocation',
      { database: { allocatedStorageGiB: 50, maxAllocatedStorageGiB: 40 } },
      'database.maxAllocatedStorageGiB: maxAllocatedStorageGiB (40) must be greater than allocatedStorageGiB (50) (got 40)',
    ],
    [
      'an upper-case domain',
      { domain: { name: 'Example.com' } },
      'domain.name: must be a lowercase DNS name such as api.example.com (got "Example.com")',
    ],
    [
      'a config that is not an object',
      5,
      '(config): must be an object: export default defineConfig({ ... }) (got 5)',
    ],
    [
      'a second service next to a single instance',
      { preset: 'free-tier', services: { worker: {} } },
      'services.app.compute: compute: "instance" is the single-box shape and allows only one service: use compute: "asg" (got "instance")',
    ],
  ];

  it.each(cases)('rejects %s', (_name, input, expected) => {
    expect(problems(input)).toContain(expected);
  });
});

describe('presets and merging', () => {
  it('resolves every available preset with its services', () => {
    const services = Object.fromEntries(
      PRESET_NAMES.map((p) => [p, Object.keys(resolveConfig({ preset: p }).services)]),
    );
    expect(services).toEqual({
      'free-tier': ['app'],
      startup: ['app'],
      'multi-service': ['web', 'api'],
      ha: ['web', 'app'],
    });
  });

  it('deep-merges the user fields over the preset and keeps the rest of the preset', () => {
    const config = resolveConfig({ preset: 'ha', services: { app: { capacity: { max: 10 } } } });
    expect(config.services.app?.capacity).toMatchObject({ min: 2, max: 10 });
    expect(config.services.app?.internal).toBe(true);
    expect(config.database && config.database.multiAz).toBe(true);
  });

  it('lets false switch off a part the preset turns on', () => {
    expect(resolveConfig({ preset: 'startup', database: false }).database).toBe(false);
  });

  it('replaces arrays instead of concatenating them', () => {
    expect(deepMerge({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
  });

  it('expands hosts relative to the domain', () => {
    const config = resolveConfig({ preset: 'multi-service', domain: { name: 'moco.kr' } });
    expect(config.services.web?.routing.hosts).toEqual(['moco.kr', 'www.moco.kr']);
    expect(config.services.api?.routing.hosts).toEqual(['api.moco.kr']);
    expect(config.web && config.web.hosts).toEqual(['cdn.moco.kr']);
  });

  it('applies secure and cheap defaults', () => {
    const config = resolveConfig({ preset: 'startup' });
    expect(config.network).toEqual({
      cidr: '10.0.0.0/16',
      maxAzs: 2,
      egress: 'instance',
      natInstanceType: 't4g.nano',
      flowLogs: false,
    });
    expect(config.access.bastion).toBe(false);
    expect(config.services.app).toMatchObject({ instanceType: 't4g.small', port: 8080, metricsPort: 9464 });
  });
});

describe('loadConfig', () => {
  it('loads a TypeScript config without a build step and applies the preset', async () => {
    const { config, file } = await loadConfig({ file: `${fixtures}valid.config.ts` });
    expect(file).toMatch(/valid\.config\.ts$/);
    expect(config.name).toBe('shop');
    expect(config.services.app?.capacity).toMatchObject({ min: 2, max: 4 });
  });

  it('lets --preset and --region override the file', async () => {
    const { config } = await loadConfig({
      file: `${fixtures}valid.config.ts`,
      preset: 'ha',
      region: 'us-east-1',
    });
    expect(config.preset).toBe('ha');
    expect(config.region).toBe('us-east-1');
  });

  it('plans a bare preset when no file is given', async () => {
    const { config, file } = await loadConfig({ preset: 'free-tier', cwd: fixtures });
    expect(file).toBeUndefined();
    expect(config.services.app?.compute).toBe('instance');
  });

  it.each([
    ['typo.config.ts', 'databse: unknown field: did you mean "database"?'],
    ['no-export.config.ts', 'exports no config: add `export default defineConfig({ ... })`'],
    ['broken.config.ts', 'could not be loaded'],
    ['missing.config.ts', 'does not exist'],
  ])('rejects %s with a message', async (name, expected) => {
    const error = await loadConfig({ file: `${fixtures}${name}` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(expected);
  });

  it('rejects an unknown --preset', async () => {
    const error = await loadConfig({ preset: 'tiny' }).catch((e: unknown) => e);
    expect((error as ConfigError).message).toContain(
      'preset: must be one of free-tier | startup | multi-service | ha',
    );
  });
});

describe('JSON schema for editors', () => {
  it('describes fields, rejects unknown keys and carries defaults', () => {
    const schema = configJsonSchema() as {
      additionalProperties: boolean;
      properties: Record<
        string,
        { description?: string; default?: unknown; properties?: Record<string, { default?: unknown }> }
      >;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.preset?.description).toContain('deep-merged');
    expect(schema.properties.network?.properties?.egress?.default).toBe('instance');
  });
});
