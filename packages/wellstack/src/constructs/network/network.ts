import { Aws, Fn, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { NetworkConfig } from '../../config/schema.ts';
import { allowSessionManager, amazonLinux2023, applyLaunchOptions, dnfInstall } from './hardening.ts';

/** The resolved `network` section of the config. */
export interface NetworkProps {
  /** VPC IPv4 CIDR, /16 to /24. */
  readonly cidr: string;
  /** Availability zones the VPC spans (2 or 3); every tier gets one subnet per AZ. */
  readonly maxAzs: NetworkConfig['maxAzs'];
  /**
   * Outbound internet for the private tier. Costs money by the hour: `instance` one NAT instance
   * (plus its public IPv4), `gateway` one NAT gateway (plus USD/GB processed), `gateway-per-az` one
   * NAT gateway per AZ. `none` creates no private-with-egress tier at all (see {@link Network}).
   */
  readonly egress: NetworkConfig['egress'];
  /** NAT instance type when `egress` is `instance` (billed by the hour; Graviton nano is the cheapest). */
  readonly natInstanceType: string;
  /**
   * VPC flow logs to a KMS-encrypted CloudWatch log group kept for one month. Costs log ingestion
   * (USD 0.76/GB in Seoul) and a KMS key (USD 1/month).
   */
  readonly flowLogs: boolean;
}

/** Flow logs are for incident investigation, which rarely reaches back further than a month. */
const FLOW_LOG_RETENTION = logs.RetentionDays.ONE_MONTH;
/** The smallest root volume the Amazon Linux 2023 image allows; a NAT instance stores nothing. */
const NAT_ROOT_GIB = 8;

/**
 * The VPC: per AZ a public, a private-with-egress and an isolated subnet; an S3 gateway endpoint (free)
 * routed from every tier; NAT as configured; optional flow logs.
 *
 * With `egress: 'none'` there is no private-with-egress tier: an empty tier would only be a trap (a
 * "private" subnet without a route out). Workloads then run in the public tier (the single-instance
 * shape) or in the isolated tier, where only S3 — and with it the Amazon Linux 2023 package
 * repositories, which are served from S3 — is reachable.
 *
 * The stack is account-agnostic, so AZs are `Fn::GetAZs` picks resolved at deploy time (no lookup).
 */
export class Network extends Construct {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);

    const natProvider = natProviderFor(props);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      availabilityZones: Array.from({ length: props.maxAzs }, (_, i) => Fn.select(i, Fn.getAzs())),
      natGatewayProvider: natProvider,
      natGateways: natCount(props),
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        ...(props.egress === 'none'
          ? []
          : [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }]),
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
      // The default security group admits all traffic among its members; strip its rules (CIS 5.4) so a
      // resource launched without a group of its own gets no access by accident.
      restrictDefaultSecurityGroup: true,
    });

    this.vpc.addGatewayEndpoint('S3', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [
        { subnetType: ec2.SubnetType.PUBLIC },
        ...(props.egress === 'none' ? [] : [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }]),
        { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });

    if (natProvider instanceof ec2.NatInstanceProviderV2) this.hardenNatInstances(natProvider, props.cidr);

    if (props.flowLogs) this.addFlowLogs();
    else {
      Validations.of(this.vpc).acknowledge({
        id: 'AwsSolutions-VPC7',
        reason:
          'Flow logs are opt-in (network.flowLogs) because CloudWatch ingestion is billed per GB. Compensating control: every security group admits only the tier in front of it, so unexpected traffic is rejected, not just logged.',
      });
    }
  }

  private hardenNatInstances(provider: ec2.NatInstanceProviderV2, cidr: string): void {
    // OUTBOUND_ONLY plus this rule: the NAT forwards for the VPC only, never for the internet. A CIDR
    // rather than security groups because every private subnet, whatever runs there, routes through it.
    provider.connections.allowFrom(
      ec2.Peer.ipv4(cidr),
      ec2.Port.allTraffic(),
      'Traffic from the VPC to forward',
    );
    for (const nat of provider.gatewayInstances) {
      // The provider creates the instance without these options, so they come from a launch template.
      applyLaunchOptions(nat, { rootVolumeGiB: NAT_ROOT_GIB });
      // Session Manager for patching and inspection: the NAT has no key pair and no port 22.
      allowSessionManager(nat.role);
      Validations.of(nat).acknowledge({
        id: 'AwsSolutions-EC28',
        reason:
          'Detailed monitoring is billed per instance-month; the free 5-minute metrics are enough to watch a NAT instance, and a broken one is replaced through the stack.',
      });
      Validations.of(nat).acknowledge({
        id: 'AwsSolutions-EC29',
        reason:
          'The NAT instance is stateless and replaced by the stack; termination protection would make stack updates and deletion fail. No data lives on it.',
      });
    }
  }

  private addFlowLogs(): void {
    const key = new kms.Key(this, 'FlowLogsKey', {
      description: 'Encrypts the VPC flow log group',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const logGroup = new logs.LogGroup(this, 'FlowLogs', {
      encryptionKey: key,
      retention: FLOW_LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch Logs uses the key on the log group's behalf, only for log groups of this account and region.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
          },
        },
      }),
    );
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
  }
}

function natCount(props: NetworkProps): number {
  switch (props.egress) {
    case 'none':
      return 0;
    case 'instance':
    case 'gateway':
      return 1;
    case 'gateway-per-az':
      return props.maxAzs;
  }
}

/**
 * NAT instances come from `NatProvider.instanceV2` rather than cdk-fck-nat: fck-nat's default image is
 * an AMI lookup (needs an account at synth time) and its extra value — an ASG that replaces a dead NAT —
 * adds a dependency for a failure the `gateway` egress modes already cover. instanceV2 runs on the
 * stock Amazon Linux 2023 image from its SSM parameter and configures iptables masquerading itself.
 */
function natProviderFor(props: NetworkProps): ec2.NatProvider | undefined {
  if (props.egress === 'none') return undefined;
  if (props.egress !== 'instance') return ec2.NatProvider.gateway();
  const instanceType = new ec2.InstanceType(props.natInstanceType);
  // CDK's default NAT script (NatInstanceProviderV2.DEFAULT_USER_DATA_COMMANDS) made safe on Amazon Linux
  // 2023: the iptables install is retried (a single failed install during the boot-time dnf race,
  // aws-cdk#36717, leaves a NAT that forwards nothing), the interface comes from iproute2 rather than
  // net-tools' `route`, and the rules are saved with iptables-save rather than `service` (initscripts).
  const userData = ec2.UserData.forLinux();
  userData.addCommands(
    dnfInstall(['iptables-services']),
    'systemctl enable --now iptables',
    'echo "net.ipv4.ip_forward=1" > /etc/sysctl.d/custom-ip-forwarding.conf',
    'sysctl -p /etc/sysctl.d/custom-ip-forwarding.conf',
    `iptables -t nat -A POSTROUTING -o "$(ip route show default | awk '{print $5; exit}')" -j MASQUERADE`,
    'iptables -F FORWARD',
    'iptables-save > /etc/sysconfig/iptables',
  );
  return ec2.NatProvider.instanceV2({
    instanceType,
    machineImage: amazonLinux2023(instanceType),
    defaultAllowedTraffic: ec2.NatTrafficDirection.OUTBOUND_ONLY,
    userData,
  });
}
