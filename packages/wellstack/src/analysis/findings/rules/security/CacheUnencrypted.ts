import { prop, resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { isTrue } from '../../support/lookup.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

/** ElastiCache replication groups without encryption at rest or in transit (both default to off). */
export function CacheUnencrypted(stacks: readonly StackTemplate[]): RuleHit[] {
  return resourcesOfType(stacks, 'AWS::ElastiCache::ReplicationGroup').flatMap((group) => {
    const off = ['AtRestEncryptionEnabled', 'TransitEncryptionEnabled'].filter(
      (key) => !isTrue(prop(group.resource, key)),
    );
    return off.length > 0
      ? [hit(group, `${off.join(' and ')} ${off.length === 1 ? 'is' : 'are'} not true`)]
      : [];
  });
}
