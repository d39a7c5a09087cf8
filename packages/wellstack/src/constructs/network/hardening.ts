import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * Amazon Linux 2023 for an instance type, resolved at deploy time from the public SSM parameter
 * (`/aws/service/ami-amazon-linux-latest/...`): no AMI lookup, so synthesis needs no AWS account.
 * Graviton types (a `g` after the generation digit: t4g, m7g, c7gn, …; CDK's `InstanceType.architecture`
 * parses the family) get the arm64 image.
 */
export function amazonLinux2023(instanceType: ec2.InstanceType): ec2.IMachineImage {
  return ec2.MachineImage.latestAmazonLinux2023({
    cpuType:
      instanceType.architecture === ec2.InstanceArchitecture.ARM_64
        ? ec2.AmazonLinuxCpuType.ARM_64
        : ec2.AmazonLinuxCpuType.X86_64,
  });
}

/** Attempts of {@link dnfInstall} before the boot script gives up. */
const DNF_ATTEMPTS = 5;

/**
 * A user-data line that installs `packages` with dnf, retried: on Amazon Linux 2023 a boot-time dnf run
 * (cache refresh and clean) can race the script's install and delete the packages it just downloaded
 * (aws-cdk#36717), and one failed install must not leave an instance without its runtime. After the last
 * attempt the script exits 1, so a `set -e` script stops there and a broken host is visible in the console output.
 */
export function dnfInstall(packages: readonly string[]): string {
  return `for attempt in $(seq ${DNF_ATTEMPTS}); do dnf install -y ${packages.join(' ')} && break; [ "$attempt" -lt ${DNF_ATTEMPTS} ] || exit 1; sleep 10; done`;
}

/** Root device name of the Amazon Linux 2023 images. */
export const ROOT_DEVICE = '/dev/xvda';

/** The encrypted gp3 root volume every instance of the kit boots from. */
export function encryptedRoot(sizeGiB: number): ec2.BlockDevice {
  return {
    deviceName: ROOT_DEVICE,
    volume: ec2.BlockDeviceVolume.ebs(sizeGiB, {
      volumeType: ec2.EbsDeviceVolumeType.GP3,
      encrypted: true,
      deleteOnTermination: true,
    }),
  };
}

/** How cdk-nag names the AmazonSSMManagedInstanceCore managed policy in an IAM4 finding. */
const SSM_CORE_POLICY_FINDING = 'arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore';

/**
 * Lets Session Manager reach the instances of `role` (the kit's only way in: no key pairs, no port 22) and
 * acknowledges, at the role, the cdk-nag rule against AWS-managed policies with the reason.
 */
export function allowSessionManager(role: iam.IRole): void {
  role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore'));
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM4[Policy::${SSM_CORE_POLICY_FINDING}]`,
    reason:
      'AmazonSSMManagedInstanceCore is the AWS-maintained minimum for Session Manager, which replaces SSH (no port 22, no key pairs); a copy would drift from what the SSM agent needs.',
  });
}

/** An EC2 instance role with Session Manager access and nothing else; grants are added by the caller. */
export function instanceRole(scope: Construct, id: string, description: string): iam.Role {
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    description,
  });
  allowSessionManager(role);
  return role;
}

export interface InstanceLaunchOptions {
  /** Size of the encrypted gp3 root volume. */
  readonly rootVolumeGiB: number;
  /** Spot request options; the instance runs on demand without them. */
  readonly spotOptions?: ec2.LaunchTemplateSpotOptions;
}

/**
 * Gives a stand-alone instance (not in an Auto Scaling group) its launch options through a launch
 * template: IMDSv2 only with hop limit 1 (nothing on these hosts runs in a container), an encrypted gp3
 * root and, for the bastion, spot. One template per instance keeps every instance's options in the same
 * place, where cdk-nag and `wellstack plan` read them.
 */
export function applyLaunchOptions(
  instance: ec2.Instance,
  options: InstanceLaunchOptions,
): ec2.LaunchTemplate {
  const template = new ec2.LaunchTemplate(instance, 'LaunchTemplate', {
    httpTokens: ec2.LaunchTemplateHttpTokens.REQUIRED,
    httpPutResponseHopLimit: 1,
    httpEndpoint: true,
    blockDevices: [encryptedRoot(options.rootVolumeGiB)],
    spotOptions: options.spotOptions,
  });
  instance.instance.launchTemplate = {
    launchTemplateId: template.launchTemplateId,
    version: template.latestVersionNumber,
  };
  return template;
}
