import { prop, resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { isTrue } from '../../support/lookup.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

/** RDS instances with a public endpoint (seed 002 v2: the database reachable from the internet). */
export function DbPublic(stacks: readonly StackTemplate[]): RuleHit[] {
  return resourcesOfType(stacks, 'AWS::RDS::DBInstance').flatMap((db) =>
    isTrue(prop(db.resource, 'PubliclyAccessible')) ? [hit(db, 'PubliclyAccessible is true')] : [],
  );
}
