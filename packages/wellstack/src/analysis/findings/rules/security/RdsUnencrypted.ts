import { prop, resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { isTrue } from '../../support/lookup.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

/**
 * RDS instances and Aurora clusters whose storage is not encrypted. Cluster members, read replicas and
 * restores from a snapshot inherit their encryption and are left out.
 */
export function RdsUnencrypted(stacks: readonly StackTemplate[]): RuleHit[] {
  const instances = resourcesOfType(stacks, 'AWS::RDS::DBInstance').filter(
    (db) =>
      !['DBClusterIdentifier', 'SourceDBInstanceIdentifier', 'DBSnapshotIdentifier'].some(
        (key) => prop(db.resource, key) !== undefined,
      ),
  );
  const clusters = resourcesOfType(stacks, 'AWS::RDS::DBCluster').filter(
    (cluster) =>
      prop(cluster.resource, 'SnapshotIdentifier') === undefined &&
      prop(cluster.resource, 'EngineMode') !== 'serverless',
  );
  return [...instances, ...clusters].flatMap((db) =>
    isTrue(prop(db.resource, 'StorageEncrypted')) ? [] : [hit(db, 'StorageEncrypted is not true')],
  );
}
