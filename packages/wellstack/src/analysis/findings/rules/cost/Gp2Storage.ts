import { prop, type ResourceRef, resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { isRecord } from '../../support/lookup.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

/**
 * gp2 storage, which costs about 20% more per GB than gp3 and has less baseline IOPS below 1 TB:
 * EBS volumes (gp2 is `AWS::EC2::Volume`'s default), block devices that ask for gp2, and RDS
 * instances with `StorageType: gp2`.
 */
export function Gp2Storage(stacks: readonly StackTemplate[]): RuleHit[] {
  const volumes = resourcesOfType(stacks, 'AWS::EC2::Volume').flatMap((volume) => {
    const type = prop(volume.resource, 'VolumeType');
    return type === undefined || type === 'gp2'
      ? [hit(volume, `VolumeType is ${type ?? 'not set (gp2)'}`)]
      : [];
  });
  const devices = [
    ...resourcesOfType(stacks, 'AWS::EC2::LaunchTemplate').map(
      (lt) => [lt, 'LaunchTemplateData.BlockDeviceMappings'] as const,
    ),
    ...resourcesOfType(stacks, 'AWS::AutoScaling::LaunchConfiguration').map(
      (lc) => [lc, 'BlockDeviceMappings'] as const,
    ),
    ...resourcesOfType(stacks, 'AWS::EC2::Instance').map((i) => [i, 'BlockDeviceMappings'] as const),
  ].flatMap(([ref, path]) => gp2Devices(ref, prop(ref.resource, path)));
  const databases = resourcesOfType(stacks, 'AWS::RDS::DBInstance').flatMap((db) =>
    prop(db.resource, 'StorageType') === 'gp2' ? [hit(db, 'StorageType is gp2')] : [],
  );
  return [...volumes, ...devices, ...databases];
}

function gp2Devices(ref: ResourceRef, mappings: unknown): RuleHit[] {
  if (!Array.isArray(mappings)) return [];
  const names = mappings
    .filter((m) => isRecord(m) && isRecord(m.Ebs) && m.Ebs.VolumeType === 'gp2')
    .map((m) => String((m as Record<string, unknown>).DeviceName ?? '?'));
  return names.length > 0 ? [hit(ref, `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} gp2`)] : [];
}
