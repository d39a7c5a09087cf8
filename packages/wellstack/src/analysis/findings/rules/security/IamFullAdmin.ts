import { resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { attachesAdministratorAccess, grantsOnAllResources } from '../../support/iam.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

/** Policies granting every action on every resource, inline (`Action: "*"`) or through `AdministratorAccess`. */
export function IamFullAdmin(stacks: readonly StackTemplate[]): RuleHit[] {
  const seen = new Set<string>();
  const inline = grantsOnAllResources(stacks).flatMap((grant) => {
    const key = `${grant.declaredBy.stack}/${grant.declaredBy.id}`;
    if (!grant.actions.includes('*') || seen.has(key)) return [];
    seen.add(key);
    return [hit(grant.declaredBy, 'it allows Action "*" on Resource "*"')];
  });
  const managed = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'].flatMap((type) =>
    resourcesOfType(stacks, type).flatMap((ref) =>
      attachesAdministratorAccess(ref)
        ? [hit(ref, 'it attaches the AdministratorAccess managed policy')]
        : [],
    ),
  );
  return [...inline, ...managed];
}
