import { prop, type ResourceRef, resourcesOfType, type StackTemplate } from '../../template/index.ts';
import { isRecord, listOf, target } from './lookup.ts';

const PUBLIC_ACLS = new Set(['PublicRead', 'PublicReadWrite', 'AuthenticatedRead']);

/** The ways a bucket of the stack is granted to everyone: a canned public ACL, or an unconditional `Principal: "*"` allow. */
export function publicGrants(stack: StackTemplate, bucket: ResourceRef): string[] {
  const acl = prop(bucket.resource, 'AccessControl');
  const grants = typeof acl === 'string' && PUBLIC_ACLS.has(acl) ? [`its ACL is ${acl}`] : [];
  for (const policy of resourcesOfType([stack], 'AWS::S3::BucketPolicy')) {
    if (target(stack, prop(policy.resource, 'Bucket'))?.id !== bucket.id) continue;
    const open = listOf(prop(policy.resource, 'PolicyDocument.Statement')).filter(isPublicAllow);
    if (open.length > 0)
      grants.push(`bucket policy ${policy.id} allows ${actionsOf(open)} to anyone without a condition`);
  }
  return grants;
}

function isPublicAllow(statement: unknown): boolean {
  if (!isRecord(statement) || statement.Effect !== 'Allow' || statement.Condition !== undefined) return false;
  const principal = statement.Principal;
  const aws = isRecord(principal) ? principal.AWS : principal;
  return listOf(aws).includes('*');
}

function actionsOf(statements: unknown[]): string {
  return statements
    .flatMap((s) => (isRecord(s) ? listOf(s.Action) : []))
    .map(String)
    .join(', ');
}
