import { prop, resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { isTrue } from '../../support/lookup.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

/**
 * RDS instances without a Multi-AZ standby. Aurora instances (they belong to a cluster, whose storage
 * spans AZs) and read replicas (their primary is what fails over) are left out.
 */
export function RdsSingleAz(stacks: readonly StackTemplate[]): RuleHit[] {
  return resourcesOfType(stacks, 'AWS::RDS::DBInstance').flatMap((db) => {
    const multiAz = prop(db.resource, 'MultiAZ');
    if (isTrue(multiAz) || prop(db.resource, 'DBClusterIdentifier') !== undefined) return [];
    if (prop(db.resource, 'SourceDBInstanceIdentifier') !== undefined) return [];
    // A condition (`Fn::If`) may turn Multi-AZ on in some stages: the template alone does not say.
    if (multiAz !== undefined && typeof multiAz === 'object') return [];
    return [hit(db, multiAz === undefined ? 'MultiAZ is not set' : 'MultiAZ is false')];
  });
}
