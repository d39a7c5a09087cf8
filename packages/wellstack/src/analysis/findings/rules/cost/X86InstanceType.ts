import { prop, resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

/**
 * x86 families with a Graviton (arm64) counterpart that costs about 20% less for the same size; RDS
 * (`db.`) and ElastiCache (`cache.`) offer the same t4g, m7g and r7g families.
 */
const GRAVITON: Record<string, string> = {
  t2: 't4g',
  t3: 't4g',
  t3a: 't4g',
  m5: 'm7g',
  m5a: 'm7g',
  m6i: 'm7g',
  m6a: 'm7g',
  c5: 'c7g',
  c5a: 'c7g',
  c6i: 'c7g',
  r5: 'r7g',
  r5a: 'r7g',
  r6i: 'r7g',
};

const SOURCES: [type: string, path: string, prefix: string][] = [
  ['AWS::EC2::Instance', 'InstanceType', ''],
  ['AWS::EC2::LaunchTemplate', 'LaunchTemplateData.InstanceType', ''],
  ['AWS::AutoScaling::LaunchConfiguration', 'InstanceType', ''],
  ['AWS::RDS::DBInstance', 'DBInstanceClass', 'db.'],
  ['AWS::ElastiCache::CacheCluster', 'CacheNodeType', 'cache.'],
  ['AWS::ElastiCache::ReplicationGroup', 'CacheNodeType', 'cache.'],
];

/** Instance, database and cache node types of an x86 family that has a Graviton equivalent. */
export function X86InstanceType(stacks: readonly StackTemplate[]): RuleHit[] {
  return SOURCES.flatMap(([type, path, prefix]) =>
    resourcesOfType(stacks, type).flatMap((ref) => {
      const value = prop(ref.resource, path);
      if (typeof value !== 'string' || !value.startsWith(prefix)) return [];
      const [family, size] = value.slice(prefix.length).split('.');
      const graviton = family && GRAVITON[family];
      return graviton ? [hit(ref, `${value} → ${prefix}${graviton}.${size}`)] : [];
    }),
  );
}
