import type { Charge, Priced, PricingContext, UnpricedMark } from '../context.ts';
import { DEFAULT_ROOT_VOLUME, fleets } from '../fleet.ts';

const FREE_TIER_TYPES = new Set(['gp2', 'gp3']);

/**
 * EBS storage: the block device mappings of each instance (times the group's capacity) and standalone
 * volumes. An unmapped root device is assumed to be the AMI default, 8 GiB gp3 (Amazon Linux 2023).
 * Provisioned IOPS and throughput above gp3's baseline are not priced.
 */
export function priceEbs(ctx: PricingContext): Priced {
  const charges: Charge[] = [];
  const unpriced: UnpricedMark[] = [];
  const volumeMonths = ctx.use('hours') / 730;
  for (const fleet of fleets(ctx)) {
    if (fleet.count === undefined || fleet.count === 0) continue;
    for (const volume of fleet.volumes) {
      const entry = ctx.prices.ebs[volume.type];
      if (!entry) {
        unpriced.push({ ref: fleet.ref, reason: `EBS volume type ${volume.type} is not in the price table` });
        continue;
      }
      if (volume.assumed)
        ctx.assume(
          'ebsRootVolume',
          `${DEFAULT_ROOT_VOLUME.sizeGb} GiB ${DEFAULT_ROOT_VOLUME.type} when unmapped`,
        );
      const what = volume.assumed ? 'root volume, AMI default assumed' : volume.device;
      charges.push(
        ctx.charge(
          fleet.ref,
          `EBS ${volume.type} ${volume.sizeGb} GiB × ${fleet.count} instance(s) (${what})`,
          volume.sizeGb * fleet.count * volumeMonths,
          entry,
          FREE_TIER_TYPES.has(volume.type) ? { pool: 'ebsGb' } : {},
        ),
      );
    }
  }
  for (const ref of ctx.ofType('AWS::EC2::Volume')) {
    const type = ctx.string(ref, 'VolumeType') ?? 'gp2';
    const size = ctx.number(ref, 'Size');
    const entry = ctx.prices.ebs[type];
    if (size === undefined || !entry) {
      unpriced.push({
        ref,
        reason:
          size === undefined
            ? 'volume size not readable'
            : `EBS volume type ${type} is not in the price table`,
      });
      continue;
    }
    charges.push(
      ctx.charge(
        ref,
        `EBS ${type} ${size} GiB volume`,
        size * volumeMonths,
        entry,
        FREE_TIER_TYPES.has(type) ? { pool: 'ebsGb' } : {},
      ),
    );
  }
  return { charges, unpriced };
}
