import type { StackTemplate } from '../../../template/index.ts';
import { grantsOnAllResources, type WildcardGrant } from '../../support/iam.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

/** Policies granting every action of a service (`s3:*`) on every resource. */
export function IamServiceWildcard(stacks: readonly StackTemplate[]): RuleHit[] {
  const byResource = new Map<string, { grant: WildcardGrant; actions: Set<string> }>();
  for (const grant of grantsOnAllResources(stacks)) {
    const wildcards = grant.actions.filter((a) => /^[a-z0-9-]+:\*$/i.test(a));
    if (wildcards.length === 0) continue;
    const key = `${grant.declaredBy.stack}/${grant.declaredBy.id}`;
    const entry = byResource.get(key) ?? { grant, actions: new Set<string>() };
    for (const action of wildcards) entry.actions.add(action);
    byResource.set(key, entry);
  }
  return [...byResource.values()].map(({ grant, actions }) =>
    hit(grant.declaredBy, `it allows ${[...actions].join(', ')} on Resource "*"`),
  );
}
