import { prop, resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

/**
 * Buckets without a `BucketEncryption` setting. Since January 2023 S3 encrypts every new object with
 * SSE-S3 anyway, so this only asks for the choice to be explicit (or SSE-KMS for audited key use).
 */
export function S3Unencrypted(stacks: readonly StackTemplate[]): RuleHit[] {
  return resourcesOfType(stacks, 'AWS::S3::Bucket').flatMap((bucket) =>
    prop(bucket.resource, 'BucketEncryption') === undefined
      ? [hit(bucket, 'BucketEncryption is not set')]
      : [],
  );
}
