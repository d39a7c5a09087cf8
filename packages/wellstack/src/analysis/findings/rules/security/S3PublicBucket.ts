import { resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { type RuleHit, hit } from '../../support/rule.ts';
import { publicGrants } from '../../support/s3.ts';

/** Buckets readable (or writable) by anyone: a public canned ACL or an unconditional `Principal: "*"` policy. */
export function S3PublicBucket(stacks: readonly StackTemplate[]): RuleHit[] {
  return stacks.flatMap((stack) =>
    resourcesOfType([stack], 'AWS::S3::Bucket').flatMap((bucket) => {
      const grants = publicGrants(stack, bucket);
      return grants.length > 0 ? [hit(bucket, grants.join('; '))] : [];
    }),
  );
}
