import { z } from 'zod';
import { DEFAULT_REGION, HEALTH_PATH, METRICS_PORT, SERVICE_PORT, SUPPORTED_REGIONS } from './defaults.ts';

/**
 * The one schema of `wellstack.config.ts`: it is the source of the config's types (`defineConfig`), its
 * defaults, its error messages and the JSON schema for editors (`wellstack schema`).
 *
 * Every field has a default, so the input type is the deep-partial that presets and users write; the
 * output type is the resolved config that constructs read. Objects are strict: an unknown key is a typo.
 */

const name = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,23}$/,
    'must start with a lowercase letter and use only a-z, 0-9 and "-" (at most 24 characters)',
  );

const ipv4Cidr = (what: string) =>
  z
    .string()
    .regex(
      /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/,
      `must be an IPv4 CIDR such as ${what}`,
    );

const hostName = z
  .string()
  .regex(
    /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a lowercase DNS name such as api.example.com',
  );

/** A host under `domain.name`: `@` (the apex), a label (`api` → api.example.com) or a full name. */
const hostUnderDomain = z
  .string()
  .regex(
    /^(@|(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*)$/,
    'must be "@" (the apex), a label such as "api", or a full name such as api.example.com',
  );

/** EC2 instance type (`t4g.small`); Graviton families (a `g` after the generation digit) run arm64. */
const instanceType = z
  .string()
  .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'must be an EC2 instance type such as t4g.small');

export const StageSchema = z
  .enum(['dev', 'staging', 'prod'])
  .describe('Deployment stage: `prod` turns on deletion protection and snapshot-on-delete for data.');

export const EgressSchema = z
  .enum(['none', 'instance', 'gateway', 'gateway-per-az'])
  .describe(
    'Outbound internet for private subnets. `instance`: one NAT instance (Graviton nano, ~USD 4/month). ' +
      '`gateway`: one NAT gateway (USD 0.059/h + 0.059/GB in Seoul). `gateway-per-az`: one per AZ (no SPOF, costs ×AZs). ' +
      '`none`: no NAT; only the S3 gateway endpoint.',
  );

export const NetworkSchema = z
  .strictObject({
    cidr: ipv4Cidr('10.0.0.0/16').default('10.0.0.0/16').describe('VPC IPv4 CIDR (/16 to /24).'),
    maxAzs: z
      .number()
      .int()
      .min(2, 'must be 2 or 3: a load balancer and a Multi-AZ database need two AZs')
      .max(3, 'must be 2 or 3')
      .default(2)
      .describe('Availability zones the VPC spans: 2 or 3.'),
    egress: EgressSchema.default('instance'),
    natInstanceType: instanceType
      .default('t4g.nano')
      .describe('Instance type of the NAT instance when `egress` is `instance` (costs money by the hour).'),
    flowLogs: z
      .boolean()
      .default(false)
      .describe('VPC flow logs to CloudWatch Logs (ingestion costs USD 0.76/GB in Seoul).'),
  })
  .describe('The VPC: public, private-with-egress and isolated subnets in each AZ.');

export const BastionSchema = z
  .strictObject({
    allowCidr: ipv4Cidr('203.0.113.7/32')
      .refine(
        (c) => !c.endsWith('/0'),
        'must not be the whole internet: use your own address, e.g. 203.0.113.7/32',
      )
      .describe('The only IPv4 range allowed to reach the bastion over SSH (required).'),
    instanceType: instanceType.default('t4g.nano'),
    spot: z.boolean().default(true).describe('Run the bastion on spot capacity.'),
  })
  .describe('An SSH bastion in a public subnet. Costs an instance hour and a public IPv4 (USD 0.005/h).');

export const AccessSchema = z
  .strictObject({
    bastion: z
      .union([z.literal(false), BastionSchema])
      .default(false)
      .describe('`false` (default): access only through SSM Session Manager, no port 22 anywhere.'),
  })
  .describe('How operators reach instances. SSM Session Manager is always on.');

export const HealthCheckSchema = z.strictObject({
  path: z.string().startsWith('/', 'must start with "/"').default(HEALTH_PATH),
  healthyThreshold: z.number().int().min(2).max(10).default(2),
  unhealthyThreshold: z.number().int().min(2).max(10).default(3),
  intervalSeconds: z.number().int().min(5).max(300).default(15),
  timeoutSeconds: z.number().int().min(2).max(120).default(5),
});

export const CapacitySchema = z.strictObject({
  min: z.number().int().min(0).max(100).default(1),
  max: z.number().int().min(1).max(100).default(6),
  desired: z
    .number()
    .int()
    .min(0)
    .max(100)
    .optional()
    .describe('Initial desired capacity; defaults to `min`. The cost estimate prices this many instances.'),
  targetCpuPercent: z.number().min(10).max(90).default(50).describe('CPU target-tracking set point.'),
  spotPercent: z
    .number()
    .int()
    .min(0)
    .max(100)
    .default(0)
    .describe(
      'Share of capacity above one on-demand instance that runs on spot (cheaper, can be reclaimed).',
    ),
});

export const RoutingSchema = z.strictObject({
  hosts: z
    .array(hostUnderDomain)
    .max(5)
    .default([])
    .describe(
      'Hosts routed to this service (ALB host-header condition): "@" for the apex, "api" for api.<domain>, or full names.',
    ),
  paths: z
    .array(z.string().regex(/^\/[A-Za-z0-9_\-./*?]*$/, 'must be a URL path pattern such as /api/*'))
    .max(5)
    .default([])
    .describe('Path patterns routed to this service (ALB path-pattern condition).'),
  priority: z
    .number()
    .int()
    .min(1)
    .max(50000)
    .optional()
    .describe(
      'Listener rule priority. Default: derived from the rule kind and the service name, so it does not change when other services change.',
    ),
});

export const ServiceSchema = z
  .strictObject({
    compute: z
      .enum(['asg', 'instance'])
      .default('asg')
      .describe(
        '`asg`: Auto Scaling group in private subnets behind the ALB. `instance`: one instance in a public subnet ' +
          'behind a local reverse proxy (free-tier shape; a single point of failure).',
      ),
    internal: z
      .boolean()
      .default(false)
      .describe(
        'An app tier reached only by the other services through an internal ALB, never from the internet.',
      ),
    port: z.number().int().min(1024).max(65535).default(SERVICE_PORT),
    metricsPort: z
      .number()
      .int()
      .min(1024)
      .max(65535)
      .default(METRICS_PORT)
      .describe('Prometheus metrics port; only the monitoring security group may reach it.'),
    healthCheck: HealthCheckSchema.prefault({}),
    deregistrationDelaySeconds: z.number().int().min(0).max(3600).default(30),
    instanceType: instanceType
      .default('t4g.small')
      .describe('EC2 instance type; Graviton (t4g, m7g, …) is cheaper per vCPU.'),
    rootVolumeGiB: z.number().int().min(8).max(1024).default(8).describe('Encrypted gp3 root volume size.'),
    capacity: CapacitySchema.prefault({}),
    healthCheckGraceSeconds: z.number().int().min(0).max(3600).default(300),
    routing: RoutingSchema.prefault({}),
    environment: z
      .record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name'), z.string())
      .default({})
      .describe('Plain environment variables written to the service env file. Never put secrets here.'),
  })
  .describe('A service: one target group, launch template and Auto Scaling group.');

export const DatabaseSchema = z
  .strictObject({
    engine: z.enum(['postgres', 'mysql']).default('postgres'),
    instanceType: z
      .string()
      .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an RDS instance class such as db.t4g.micro')
      .default('db.t4g.micro'),
    multiAz: z
      .boolean()
      .default(false)
      .describe('Synchronous standby in a second AZ with automatic failover (doubles the instance price).'),
    allocatedStorageGiB: z.number().int().min(20).max(65536).default(20),
    maxAllocatedStorageGiB: z
      .number()
      .int()
      .min(21)
      .max(65536)
      .default(100)
      .describe('Storage autoscaling ceiling.'),
    backupRetentionDays: z.number().int().min(1).max(35).default(7),
    databaseName: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a lowercase identifier')
      .default('app'),
  })
  .describe('RDS in isolated subnets, never public, credentials in Secrets Manager.');

export const CacheSchema = z
  .strictObject({
    engine: z.enum(['valkey', 'redis']).default('valkey'),
    nodeType: z
      .string()
      .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an ElastiCache node type such as cache.t4g.micro')
      .default('cache.t4g.micro'),
    replicas: z
      .number()
      .int()
      .min(0)
      .max(5)
      .default(0)
      .describe('Read replicas; one or more turns on automatic failover and Multi-AZ (each costs a node).'),
  })
  .describe('ElastiCache (Valkey or Redis) in isolated subnets, TLS in transit, encrypted at rest.');

export const WebSchema = z
  .strictObject({
    dist: z
      .string()
      .optional()
      .describe(
        'Local build folder (e.g. ./web/dist) deployed to the web bucket; relative to the config file.',
      ),
    spaFallback: z.boolean().default(true).describe('Serve /index.html for unknown paths (403/404).'),
    apiBehavior: z
      .boolean()
      .default(true)
      .describe('Route /api/* through CloudFront to the ALB, uncached (when the ALB exists).'),
    hosts: z
      .array(hostUnderDomain)
      .max(5)
      .optional()
      .describe(
        'Names of the CloudFront distribution ("@", a label or a full name). Default with a domain: the apex and www, unless a service claims them.',
      ),
  })
  .describe('Static front end: private S3 bucket + CloudFront with OAC.');

export const MediaSchema = z
  .strictObject({
    corsOrigins: z
      .array(z.string().regex(/^https?:\/\/[^\s/]+$/, 'must be an origin such as https://example.com'))
      .default([])
      .describe(
        'Origins allowed to POST uploads (presigned). Default: the web hosts, or * without a domain.',
      ),
  })
  .describe('Media bucket for uploads (presigned POST), served through CloudFront under /media/*.');

export const HostedZoneSchema = z.strictObject({
  id: z
    .string()
    .regex(/^Z[A-Z0-9]{4,32}$/, 'must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ'),
  name: hostName,
});

export const DomainSchema = z
  .strictObject({
    name: hostName.describe('The apex domain, e.g. example.com.'),
    hostedZone: HostedZoneSchema.optional().describe(
      'An existing hosted zone (id + name; no lookup). Default: a new hosted zone (USD 0.50/month).',
    ),
  })
  .describe('DNS and certificates: Route 53 records and ACM certificates with DNS validation.');

export const MonitoringSchema = z
  .strictObject({
    prometheus: z
      .boolean()
      .default(false)
      .describe('Prometheus + Grafana on a private instance scraping the metrics ports (reached via SSM).'),
    instanceType: instanceType.default('t4g.small'),
    alarmEmail: z
      .string()
      .email('must be an e-mail address')
      .optional()
      .describe('E-mail subscribed to the alarm topic.'),
    slack: z
      .strictObject({
        workspaceId: z
          .string()
          .regex(/^[0-9A-Z]{1,255}$/, 'must be a Slack workspace id such as T0123ABCDE')
          .describe('Slack workspace (team) id, authorized once in the AWS Chatbot console.'),
        channelId: z
          .string()
          .regex(/^[A-Za-z0-9]{1,255}$/, 'must be a Slack channel id such as C0123ABCDE')
          .describe('Slack channel id (channel details → About).'),
      })
      .optional()
      .describe('Slack channel that receives alarms and deployment notifications through AWS Chatbot.'),
    alarms: z
      .boolean()
      .default(true)
      .describe('CloudWatch alarms (USD 0.10 per alarm-month) and an SNS topic.'),
  })
  .describe('Alarms and metrics.');

export const DeliverySchema = z
  .strictObject({
    codeDeploy: z
      .enum(['off', 'in-place'])
      .default('off')
      .describe(
        'CodeDeploy deployments to the Auto Scaling groups, one instance at a time with ALB draining.',
      ),
    ecr: z.boolean().default(false).describe('One ECR repository per service (USD 0.10 per GB-month).'),
    githubRepository: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be owner/name')
      .optional()
      .describe('GitHub repository allowed to deploy through an OIDC role (no long-lived keys).'),
  })
  .describe('Artifacts and deployments.');

export const PresetNameSchema = z.enum([
  'free-tier',
  'startup',
  'multi-service',
  'ha',
  'serverless',
  'hybrid',
]);

/** Presets that are not built yet: the schema reserves their names so configs stay forward-compatible. */
export const PLANNED_PRESETS = ['serverless', 'hybrid'] as const;

export const ConfigSchema = z
  .strictObject({
    name: name.default('app').describe('Application name: prefix of stack names and resource names.'),
    preset: PresetNameSchema.default('startup').describe(
      'Named starting point; the other fields are deep-merged over it.',
    ),
    region: z
      .enum(SUPPORTED_REGIONS)
      .default(DEFAULT_REGION)
      .describe('AWS region of the main stack (CloudFront certificates always live in us-east-1).'),
    stage: StageSchema.default('dev'),
    network: NetworkSchema.prefault({}),
    access: AccessSchema.prefault({}),
    services: z
      .record(name, ServiceSchema)
      .default({})
      .describe('Services keyed by name. The key is part of construct ids: renaming one replaces it.'),
    database: z.union([z.literal(false), DatabaseSchema]).default(false),
    cache: z.union([z.literal(false), CacheSchema]).default(false),
    web: z.union([z.literal(false), WebSchema]).default(false),
    media: z.union([z.literal(false), MediaSchema]).default(false),
    domain: z.union([z.literal(false), DomainSchema]).default(false),
    monitoring: MonitoringSchema.prefault({}),
    delivery: DeliverySchema.prefault({}),
    usage: z
      .record(z.string(), z.number().nonnegative())
      .default({})
      .describe(
        'Usage assumptions for the cost estimate (see `wellstack plan --help`), e.g. { dataOutGb: 50 }.',
      ),
    tags: z.record(z.string(), z.string()).default({}).describe('Tags on every resource.'),
  })
  .superRefine((config, ctx) => {
    if ((PLANNED_PRESETS as readonly string[]).includes(config.preset)) {
      ctx.addIssue({
        code: 'custom',
        path: ['preset'],
        message: `preset "${config.preset}" is reserved for a coming release: use free-tier, startup, multi-service or ha`,
      });
      return;
    }
    for (const [id, service] of Object.entries(config.services)) {
      const at = (...path: (string | number)[]) => ['services', id, ...path];
      const { min, max, desired } = service.capacity;
      if (min > max) {
        ctx.addIssue({
          code: 'custom',
          path: at('capacity', 'min'),
          message: `min (${min}) must be <= max (${max}): lower min or raise max`,
        });
      }
      if (desired !== undefined && (desired < min || desired > max)) {
        ctx.addIssue({
          code: 'custom',
          path: at('capacity', 'desired'),
          message: `desired (${desired}) must be between min (${min}) and max (${max})`,
        });
      }
      if (service.compute === 'instance' && (service.routing.hosts.length > 0 || service.internal)) {
        ctx.addIssue({
          code: 'custom',
          path: at('compute'),
          message:
            'a single-instance service has no load balancer, so it cannot have routing.hosts or be internal: use compute: "asg"',
        });
      }
      if (service.port === service.metricsPort) {
        ctx.addIssue({
          code: 'custom',
          path: at('metricsPort'),
          message: `metricsPort (${service.metricsPort}) must differ from port (${service.port})`,
        });
      }
      if (config.domain) {
        for (const [i, host] of service.routing.hosts.entries()) {
          if (host.includes('.') && !isUnder(host, config.domain.name)) {
            ctx.addIssue({
              code: 'custom',
              path: at('routing', 'hosts', i),
              message: `"${host}" is not under domain.name "${config.domain.name}": use a name ending in .${config.domain.name}`,
            });
          }
        }
      } else if (service.routing.hosts.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: at('routing', 'hosts'),
          message:
            'host routing needs a domain: set domain.name (and its hosted zone) or remove routing.hosts',
        });
      }
    }
    const services = Object.entries(config.services);
    const instances = services.filter(([, s]) => s.compute === 'instance');
    if (instances.length > 0 && services.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['services', instances[0]![0], 'compute'],
        message:
          'compute: "instance" is the single-box shape and allows only one service: use compute: "asg"',
      });
    }
    const publicServices = services.filter(([, s]) => !s.internal && s.compute === 'asg');
    if (services.some(([, s]) => s.internal) && publicServices.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['services'],
        message:
          'internal services are reached through the other services: add a service with internal: false',
      });
    }
    const routed = publicServices.filter(([, s]) => s.routing.hosts.length > 0 || s.routing.paths.length > 0);
    if (publicServices.length > 1 && routed.length < publicServices.length - 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['services'],
        message:
          'with several public services, all but one need routing.hosts or routing.paths (the other one is the default)',
      });
    }
    const priorities = new Map<number, string>();
    for (const [id, s] of services) {
      const p = s.routing.priority;
      if (p === undefined) continue;
      const other = priorities.get(p);
      if (other) {
        ctx.addIssue({
          code: 'custom',
          path: ['services', id, 'routing', 'priority'],
          message: `priority ${p} is already used by service "${other}": choose another`,
        });
      }
      priorities.set(p, id);
    }
    if (config.delivery.codeDeploy === 'off' && (config.delivery.ecr || config.delivery.githubRepository)) {
      ctx.addIssue({
        code: 'custom',
        path: ['delivery', config.delivery.ecr ? 'ecr' : 'githubRepository'],
        message: 'belongs to the CodeDeploy pipeline: set delivery.codeDeploy to "in-place" as well',
      });
    }
    if (config.delivery.codeDeploy !== 'off' && !services.some(([, s]) => s.compute === 'asg')) {
      ctx.addIssue({
        code: 'custom',
        path: ['delivery', 'codeDeploy'],
        message: 'CodeDeploy deploys to Auto Scaling groups and this config has none: set it to "off"',
      });
    }
    if (config.database && config.database.maxAllocatedStorageGiB <= config.database.allocatedStorageGiB) {
      ctx.addIssue({
        code: 'custom',
        path: ['database', 'maxAllocatedStorageGiB'],
        message: `maxAllocatedStorageGiB (${config.database.maxAllocatedStorageGiB}) must be greater than allocatedStorageGiB (${config.database.allocatedStorageGiB})`,
      });
    }
    const zone = config.domain ? config.domain.hostedZone : undefined;
    if (config.domain && zone && !isUnder(config.domain.name, zone.name)) {
      ctx.addIssue({
        code: 'custom',
        path: ['domain', 'hostedZone', 'name'],
        message: `hosted zone "${zone.name}" does not contain domain "${config.domain.name}"`,
      });
    }
    const webHosts = config.web ? config.web.hosts : undefined;
    if (webHosts && !config.domain) {
      ctx.addIssue({
        code: 'custom',
        path: ['web', 'hosts'],
        message: 'web.hosts needs a domain: set domain.name or remove web.hosts',
      });
    }
    if (services.length === 0 && config.preset !== 'serverless') {
      ctx.addIssue({
        code: 'custom',
        path: ['services'],
        message: 'at least one service is needed: add services: { app: {} } or pick a preset that has one',
      });
    }
  })
  .transform((config) => {
    // Hosts are written relative to the domain; constructs read full names.
    const domain = config.domain;
    if (!domain) return config;
    const full = (host: string) => fullHost(host, domain.name);
    return {
      ...config,
      services: Object.fromEntries(
        Object.entries(config.services).map(([id, s]) => [
          id,
          { ...s, routing: { ...s.routing, hosts: s.routing.hosts.map(full) } },
        ]),
      ),
      web: withFullHosts(config.web, full),
    };
  });

function withFullHosts<T extends { hosts?: string[] }>(
  web: T | false,
  full: (h: string) => string,
): T | false {
  return web && web.hosts ? { ...web, hosts: web.hosts.map(full) } : web;
}

/** `@` → the apex, `api` → api.example.com, a full name stays as it is. */
export function fullHost(host: string, domain: string): string {
  if (host === '@') return domain;
  return host.includes('.') ? host : `${host}.${domain}`;
}

function isUnder(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** What a user writes: every field optional. */
export type WellstackConfigInput = z.input<typeof ConfigSchema>;
/** What constructs read: every default applied. */
export type ResolvedConfig = z.output<typeof ConfigSchema>;
export type ServiceConfig = z.output<typeof ServiceSchema>;
export type DatabaseConfig = z.output<typeof DatabaseSchema>;
export type CacheConfig = z.output<typeof CacheSchema>;
export type NetworkConfig = z.output<typeof NetworkSchema>;
export type WebConfig = z.output<typeof WebSchema>;
export type MediaConfig = z.output<typeof MediaSchema>;
export type DomainConfig = z.output<typeof DomainSchema>;
export type MonitoringConfig = z.output<typeof MonitoringSchema>;
export type DeliveryConfig = z.output<typeof DeliverySchema>;
export type Stage = z.output<typeof StageSchema>;
export type PresetName = z.output<typeof PresetNameSchema>;
