import { prop, type ResourceRef, resourcesOfType, type StackTemplate } from '../../../template/index.ts';
import { isRecord, isTrue } from '../../support/lookup.ts';
import { instanceLaunchTemplate, templatesUsedByInstances } from '../../support/launch.ts';
import { type RuleHit, hit } from '../../support/rule.ts';

const ROOT_FROM_AMI =
  'no block device mapping encrypts the root volume, which then follows the AMI snapshot (unencrypted unless EBS encryption by default is on in the account)';

/**
 * EBS volumes created unencrypted: volumes, and the block devices of launch templates, launch
 * configurations and instances. Each launch setting is reported where it is declared: an instance whose
 * launch template (in the stack) maps its devices is covered by that template.
 */
export function EbsUnencrypted(stacks: readonly StackTemplate[]): RuleHit[] {
  return stacks.flatMap((stack) => {
    const usedByInstances = templatesUsedByInstances(stack);
    return [
      ...resourcesOfType([stack], 'AWS::EC2::Volume').flatMap((volume) =>
        isTrue(prop(volume.resource, 'Encrypted')) ? [] : [hit(volume, 'Encrypted is not true')],
      ),
      ...resourcesOfType([stack], 'AWS::EC2::LaunchTemplate').flatMap((lt) => {
        const mappings = prop(lt.resource, 'LaunchTemplateData.BlockDeviceMappings');
        // Without mappings of its own, a template used by an instance is reported on that instance.
        if (mappings === undefined && usedByInstances.has(lt.id)) return [];
        return check(lt, mappings);
      }),
      ...resourcesOfType([stack], 'AWS::AutoScaling::LaunchConfiguration').flatMap((lc) =>
        check(lc, prop(lc.resource, 'BlockDeviceMappings')),
      ),
      ...resourcesOfType([stack], 'AWS::EC2::Instance').flatMap((instance) => {
        const mappings = prop(instance.resource, 'BlockDeviceMappings');
        if (mappings === undefined && prop(instance.resource, 'LaunchTemplate') !== undefined) {
          const lt = instanceLaunchTemplate(stack, instance);
          // An external template may map encrypted devices: nothing can be said.
          if (!lt || prop(lt.resource, 'LaunchTemplateData.BlockDeviceMappings') !== undefined) return [];
        }
        return check(instance, mappings);
      }),
    ];
  });
}

function check(ref: ResourceRef, mappings: unknown): RuleHit[] {
  if (mappings === undefined) return [hit(ref, ROOT_FROM_AMI)];
  if (!Array.isArray(mappings)) return [];
  const devices = mappings.filter(isRecord).filter((m) => isRecord(m.Ebs) && !isTrue(m.Ebs.Encrypted));
  if (devices.length === 0) return [];
  const names = devices.map((d) => (typeof d.DeviceName === 'string' ? d.DeviceName : '?')).join(', ');
  return [hit(ref, `${names} ${devices.length === 1 ? 'is' : 'are'} not encrypted`)];
}
