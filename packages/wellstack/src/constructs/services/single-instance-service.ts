import { Tags, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ServiceConfig } from '../../config/schema.ts';
import { amazonLinux2023, applyLaunchOptions, instanceRole } from '../network/hardening.ts';
import { SERVICE_TAG } from './auto-scaled-service.ts';
import { hostUserData, serviceEnvironment } from './host.ts';
import { type ServiceTier, tierConnections } from './service-tier.ts';

/** The port nginx listens on and the internet reaches. */
const PROXY_PORT = 80;

export interface SingleInstanceServiceProps {
  readonly vpc: ec2.IVpc;
  /** The service's name (its key in `services`): the value of the `wellstack:service` tag. */
  readonly name: string;
  /**
   * The resolved service config (`compute: 'instance'`). Costs `instanceType` by the hour (free-tier
   * types are free for 750 h/month in the first year), `rootVolumeGiB` of gp3 and a public IPv4
   * address (USD 0.005/h).
   */
  readonly config: ServiceConfig;
  /**
   * Variables for `/etc/wellstack/app.env` besides `config.environment` (which overrides them); may be
   * tokens. Never secret values, only references to them. `PORT`, `METRICS_PORT` and `AWS_REGION` are
   * always set.
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * The only security group allowed to reach `config.metricsPort`.
   * @default - no rule: nothing reaches the metrics port
   */
  readonly monitoringSecurityGroup?: ec2.ISecurityGroup;
}

/**
 * The free-tier shape: one instance in a public subnet with a public IP, nginx on port 80 proxying to
 * the app on `config.port`. The security group admits port 80 from anywhere (IPv4; the VPC has no
 * IPv6) and nothing else from the internet: there is no TLS on the box, so 443 stays closed — put
 * CloudFront in front for HTTPS. No port 22: access is Session Manager. A single point of failure by
 * design; `compute: 'asg'` is the way out.
 */
export class SingleInstanceService extends Construct implements ServiceTier {
  readonly instance: ec2.Instance;
  readonly securityGroup: ec2.SecurityGroup;
  /** The instance's role: Session Manager only; other constructs add their grants to it. */
  readonly role: iam.Role;
  /** Default port: 80, where nginx listens. */
  readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: SingleInstanceServiceProps) {
    super(scope, id);
    const { config, name } = props;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Service ${name} (single instance): HTTP from anywhere to the reverse proxy`,
      allowAllOutbound: true,
    });
    this.securityGroup.addIngressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(PROXY_PORT),
      'HTTP to the reverse proxy',
    );
    Validations.of(this.securityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason:
        'The single-instance shape serves the internet directly on port 80 (CloudFront in front adds TLS); only nginx listens there, the app port and metrics port are not exposed, and there is no port 22.',
    });
    this.connections = tierConnections(
      this.securityGroup,
      PROXY_PORT,
      config.metricsPort,
      props.monitoringSecurityGroup,
    );

    this.role = instanceRole(this, 'Role', `Instance of service ${name}`);

    const instanceType = new ec2.InstanceType(config.instanceType);
    this.instance = new ec2.Instance(this, 'Instance', {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      associatePublicIpAddress: true,
      instanceType,
      machineImage: amazonLinux2023(instanceType),
      securityGroup: this.securityGroup,
      role: this.role,
      userData: hostUserData({
        environment: serviceEnvironment(config, props.environment),
        reverseProxyTo: config.port,
      }),
      // A changed environment must reach the box: replace it rather than leave stale user data behind.
      userDataCausesReplacement: true,
    });
    applyLaunchOptions(this.instance, { rootVolumeGiB: config.rootVolumeGiB });
    Tags.of(this.instance).add(SERVICE_TAG, name);

    Validations.of(this.instance).acknowledge({
      id: 'AwsSolutions-EC28',
      reason:
        'Detailed monitoring is billed per instance-month, which the free-tier shape exists to avoid; the free 5-minute metrics are enough for one instance.',
    });
    Validations.of(this.instance).acknowledge({
      id: 'AwsSolutions-EC29',
      reason:
        'The instance holds no data (the database is RDS, uploads are S3) and is rebuilt from user data and the deploy bundle; termination protection would block stack updates that replace it.',
    });
  }
}
