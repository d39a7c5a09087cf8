import type { ResourceRef } from '../template/index.ts';

/**
 * Words that name a kind of resource or a grouping construct rather than a role: `Services/Web/Asg/ASG`
 * says "Web", and the kind ("ASG") is added back by the caller.
 */
const GENERIC = new Set(
  [
    'resource',
    'resources',
    'default',
    'asg',
    'auto',
    'scaling',
    'autoscaling',
    'group',
    'lb',
    'alb',
    'nlb',
    'load',
    'balancer',
    'loadbalancer',
    'target',
    'tg',
    'instance',
    'instances',
    'bucket',
    'distribution',
    'cdn',
    'cloudfront',
    'database',
    'db',
    'rds',
    'cluster',
    'cache',
    'redis',
    'replication',
    'elasticache',
    'nat',
    'gateway',
    'vpc',
    'hosted',
    'zone',
    'certificate',
    'cert',
    'function',
    'fn',
    'lambda',
    'handler',
    'table',
    'dynamodb',
    'queue',
    'sqs',
    'services',
    'service',
    'data',
    'edge',
    'network',
    'networking',
    'dns',
    'delivery',
    'compute',
    'access',
    'listener',
    'launch',
    'template',
    'ec2',
    's3',
    'record',
    'alias',
    'primary',
    'main',
  ].map((w) => w.toLowerCase()),
);

/** CDK appends 8 hex digits to logical ids built from construct paths. */
const CDK_HASH = /[0-9A-F]{8}$/;

function words(segment: string): string[] {
  return segment.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? [];
}

/**
 * The role a resource plays, read from its CDK construct path (`Stack/Services/Web/Asg/ASG` → `Web`);
 * undefined when the path only names kinds (`Stack/Data/Database/Resource`) or the template has no CDK
 * metadata.
 */
export function roleOf(ref: ResourceRef): string | undefined {
  const path = ref.resource.Metadata?.['aws:cdk:path'];
  if (typeof path !== 'string') return undefined;
  const segments = path.split('/').slice(1);
  for (let i = segments.length - 1; i >= 0; i--) {
    const kept = words(segments[i] ?? '').filter((w) => !GENERIC.has(w.toLowerCase()) && !/^\d+$/.test(w));
    if (kept.length > 0) return kept.join(' ');
  }
  return undefined;
}

/**
 * A node's label: `<role> <kind>` for CDK templates, the logical id for templates without CDK metadata
 * (people recognise their own ids). Trailing digits are dropped so that `WebServer1` and `WebServer2`
 * are drawn as one repeated node.
 */
export function labelOf(ref: ResourceRef, kind: string): string {
  if (typeof ref.resource.Metadata?.['aws:cdk:path'] !== 'string') {
    const id = ref.id.replace(CDK_HASH, '').replace(/\d+$/, '');
    return id === '' ? ref.id : id;
  }
  const role = roleOf(ref);
  if (!role || kind.toLowerCase().includes(role.toLowerCase())) return kind;
  return `${role} ${kind}`;
}
