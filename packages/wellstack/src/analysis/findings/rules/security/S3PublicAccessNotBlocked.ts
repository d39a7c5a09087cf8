import { prop, resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { isRecord, isTrue } from '../../support/lookup.ts';
import { type RuleHit, hit } from '../../support/rule.ts';
import { publicGrants } from '../../support/s3.ts';

const SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];

/**
 * Buckets whose Block Public Access is partly off, so a later ACL or policy can make them public.
 * A bucket without `PublicAccessBlockConfiguration` is not reported: since April 2023 S3 turns all four
 * settings on for new buckets. Once listed, an omitted setting is false. Buckets already public are
 * reported by `S3PublicBucket` instead.
 */
export function S3PublicAccessNotBlocked(stacks: readonly StackTemplate[]): RuleHit[] {
  return stacks.flatMap((stack) =>
    resourcesOfType([stack], 'AWS::S3::Bucket').flatMap((bucket) => {
      const config = prop(bucket.resource, 'PublicAccessBlockConfiguration');
      if (!isRecord(config) || publicGrants(stack, bucket).length > 0) return [];
      const off = SETTINGS.filter((key) => !isTrue(config[key]));
      return off.length > 0 ? [hit(bucket, `${off.join(', ')} ${off.length === 1 ? 'is' : 'are'} off`)] : [];
    }),
  );
}
