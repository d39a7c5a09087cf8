import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../../config/schema.ts';
import { amazonLinux2023, applyLaunchOptions, instanceRole } from './hardening.ts';

/** The resolved `access.bastion` section when a bastion is configured. */
export type BastionConfig = Exclude<ResolvedConfig['access']['bastion'], false>;

export interface AccessProps {
  readonly vpc: ec2.IVpc;
  /**
   * An SSH bastion in a public subnet, or `false` for Session Manager only. A bastion costs its
   * instance hours (spot by default) and a public IPv4 address (USD 0.005/h).
   */
  readonly bastion: false | BastionConfig;
}

/** The bastion's root volume: the smallest the Amazon Linux 2023 image allows; it stores nothing. */
const BASTION_ROOT_GIB = 8;

/**
 * How operators reach the instances. Session Manager is the default and needs nothing here: every
 * instance role of the kit carries `AmazonSSMManagedInstanceCore`, and no security group opens port 22.
 *
 * With a bastion, one instance in a public subnet admits SSH from `allowCidr` only. It has no key pair:
 * operators push a one-minute key with EC2 Instance Connect (`aws ec2-instance-connect ssh`), preinstalled
 * on Amazon Linux 2023, so no long-lived key exists. On spot it is a one-time request that terminates on
 * interruption: a persistent request would outlive the instance when CloudFormation replaces or deletes
 * it and launch one the stack does not manage. After an interruption, redeploy to get a new bastion.
 */
export class Access extends Construct {
  /** The bastion, when configured: chain data tiers to it with `connections.allowDefaultPortFrom(bastion)`. */
  readonly bastion?: ec2.Instance;

  constructor(scope: Construct, id: string, props: AccessProps) {
    super(scope, id);
    if (props.bastion) this.bastion = this.createBastion(props.vpc, props.bastion);
  }

  private createBastion(vpc: ec2.IVpc, config: BastionConfig): ec2.Instance {
    if (config.allowCidr.endsWith('/0')) {
      throw new Error(
        `access.bastion.allowCidr (${config.allowCidr}) opens SSH to the whole internet: use your own address, e.g. 203.0.113.7/32, or Session Manager (bastion: false)`,
      );
    }
    const securityGroup = new ec2.SecurityGroup(this, 'BastionSecurityGroup', {
      vpc,
      description: `Bastion: SSH from ${config.allowCidr} only`,
      // Operators tunnel from the bastion to whichever tier admits it.
      allowAllOutbound: true,
    });
    securityGroup.addIngressRule(
      ec2.Peer.ipv4(config.allowCidr),
      ec2.Port.tcp(22),
      'SSH from the allow-listed range',
    );

    const role = instanceRole(this, 'BastionRole', 'SSH bastion');

    const instanceType = new ec2.InstanceType(config.instanceType);
    const bastion = new ec2.Instance(this, 'Bastion', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      associatePublicIpAddress: true,
      instanceType,
      machineImage: amazonLinux2023(instanceType),
      securityGroup,
      role,
    });
    applyLaunchOptions(bastion, {
      rootVolumeGiB: BASTION_ROOT_GIB,
      spotOptions: config.spot
        ? {
            requestType: ec2.SpotRequestType.ONE_TIME,
            interruptionBehavior: ec2.SpotInstanceInterruption.TERMINATE,
          }
        : undefined,
    });
    Validations.of(bastion).acknowledge({
      id: 'AwsSolutions-EC28',
      reason:
        'Detailed monitoring is billed per instance-month; a bastion is idle but for operator sessions, which the free 5-minute metrics cover.',
    });
    Validations.of(bastion).acknowledge({
      id: 'AwsSolutions-EC29',
      reason:
        'The bastion holds no data and no keys (EC2 Instance Connect); termination protection would only block stack updates and deletion.',
    });
    return bastion;
  }
}
