import {
  numberOf,
  prop,
  type ResourceRef,
  resourcesOfType,
  type StackTemplate,
} from '../../../template/index.ts';
import { isTrue, target } from '../../support/lookup.ts';
import { type RuleHit, hit, type RuleOptions } from '../../support/rule.ts';
import { isNonProduction, stageOf } from '../../support/stage.ts';

/**
 * Standbys and replicas in a non-production stage (dev, test, staging…), where they double a bill for
 * availability nobody relies on: Multi-AZ RDS, RDS read replicas, Aurora clusters with more than one
 * instance, ElastiCache replicas. The stage comes from `options.stage` or tags (see `stageOf`); when it
 * is unknown nothing is reported.
 */
export function NonProdRedundancy(stacks: readonly StackTemplate[], options: RuleOptions): RuleHit[] {
  return stacks.flatMap((stack) => {
    const report = (ref: ResourceRef, what: string): RuleHit[] => {
      const stage = stageOf(stack, ref, options);
      return isNonProduction(stage) ? [hit(ref, `${what} in stage "${stage}"`)] : [];
    };
    const instances = resourcesOfType([stack], 'AWS::RDS::DBInstance');
    return [
      ...instances.flatMap((db) =>
        isTrue(prop(db.resource, 'MultiAZ'))
          ? report(db, 'MultiAZ is true')
          : prop(db.resource, 'SourceDBInstanceIdentifier') !== undefined
            ? report(db, 'it is a read replica')
            : [],
      ),
      ...resourcesOfType([stack], 'AWS::RDS::DBCluster').flatMap((cluster) => {
        const members = instances.filter(
          (db) => target(stack, prop(db.resource, 'DBClusterIdentifier'))?.id === cluster.id,
        ).length;
        return members > 1 ? report(cluster, `it has ${members} instances`) : [];
      }),
      ...resourcesOfType([stack], 'AWS::ElastiCache::ReplicationGroup').flatMap((group) => {
        const replicas =
          numberOf(prop(group.resource, 'ReplicasPerNodeGroup')) ??
          (numberOf(prop(group.resource, 'NumCacheClusters')) ?? 1) - 1;
        return replicas > 0
          ? report(group, `it has ${replicas} replica${replicas > 1 ? 's' : ''} per shard`)
          : [];
      }),
    ];
  });
}
