import { Annotations, Duration, Tags, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ServiceConfig } from '../../config/schema.ts';
import { amazonLinux2023, encryptedRoot, instanceRole } from '../network/hardening.ts';
import { workloadSubnets } from '../network/subnets.ts';
import { hostUserData, serviceEnvironment } from './host.ts';
import type { LoadBalancer } from './load-balancer.ts';
import { ruleConditions, rulePriority } from './routing.ts';
import { type ServiceTier, tierConnections } from './service-tier.ts';

/** Tag on the Auto Scaling group and its instances; Prometheus discovers scrape targets by it. */
export const SERVICE_TAG = 'wellstack:service';

export interface AutoScaledServiceProps {
  readonly vpc: ec2.IVpc;
  /**
   * The service's name (its key in `services`): the value of the `wellstack:service` tag and the seed of
   * its default listener-rule priority.
   */
  readonly name: string;
  /**
   * The resolved service config. Costs money by the hour: `instanceType` × instances (`capacity.min` up
   * to `capacity.max`), plus `rootVolumeGiB` of gp3 each; `capacity.spotPercent` lowers it.
   */
  readonly config: ServiceConfig;
  /**
   * The load balancer whose listener routes to this service: by `config.routing` hosts/paths, or as the
   * listener's default action when the routing has no hosts and no paths.
   */
  readonly loadBalancer: LoadBalancer;
  /**
   * Variables for `/etc/wellstack/app.env` besides `config.environment` (which overrides them): ARNs and
   * endpoints, may be tokens. Never secret values, only references to them. `PORT`, `METRICS_PORT`
   * (from the config) and `AWS_REGION` are always set.
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * The only security group allowed to reach `config.metricsPort`.
   * @default - no rule: nothing reaches the metrics port
   */
  readonly monitoringSecurityGroup?: ec2.ISecurityGroup;
  /**
   * Subnets of the Auto Scaling group.
   * @default - the private-with-egress subnets, or the isolated ones when the VPC has no egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
}

/**
 * A service behind a load balancer: its own target group, launch template (Amazon Linux 2023, IMDSv2
 * only, encrypted gp3) and Auto Scaling group over the private subnets with CPU target tracking and ELB
 * health checks. Its security group admits the load balancer on the service port and, when given, the
 * monitoring security group on the metrics port; nothing else, and no port 22 (access is Session Manager).
 */
export class AutoScaledService extends Construct implements ServiceTier {
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly launchTemplate: ec2.LaunchTemplate;
  readonly securityGroup: ec2.SecurityGroup;
  /** The instances' role: Session Manager only; other constructs add their grants to it. */
  readonly role: iam.Role;
  /** Default port: the service port. */
  readonly connections: ec2.Connections;
  /** The listener-rule priority, or `undefined` when this service is the listener's default action. */
  readonly priority?: number;

  constructor(scope: Construct, id: string, props: AutoScaledServiceProps) {
    super(scope, id);
    const { config, name } = props;
    const health = config.healthCheck;
    if (health.timeoutSeconds >= health.intervalSeconds) {
      throw new Error(
        `service "${name}": healthCheck.timeoutSeconds (${health.timeoutSeconds}) must be less than healthCheck.intervalSeconds (${health.intervalSeconds})`,
      );
    }
    if (props.vpc.privateSubnets.length === 0 && props.vpcSubnets === undefined) {
      Annotations.of(this).addWarningV2(
        'wellstack:service-without-egress',
        `service "${name}" runs in isolated subnets (network.egress is "none"): only S3 is reachable, so Session Manager and the CodeDeploy agent cannot reach their APIs. Use egress "instance" or compute "instance".`,
      );
    }

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Service ${name}: the load balancer on port ${config.port}, monitoring on ${config.metricsPort}`,
      // Outbound HTTPS to AWS APIs and package repositories, and whatever data tier the service uses.
      allowAllOutbound: true,
    });
    this.connections = tierConnections(
      this.securityGroup,
      config.port,
      config.metricsPort,
      props.monitoringSecurityGroup,
    );

    this.role = instanceRole(this, 'Role', `Instances of service ${name}`);

    const instanceType = new ec2.InstanceType(config.instanceType);
    this.launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      instanceType,
      machineImage: amazonLinux2023(instanceType),
      role: this.role,
      securityGroup: this.securityGroup,
      userData: hostUserData({
        environment: serviceEnvironment(config, props.environment),
      }),
      blockDevices: [encryptedRoot(config.rootVolumeGiB)],
      httpTokens: ec2.LaunchTemplateHttpTokens.REQUIRED,
      // 1: the app runs on the host, not in a container, so no IMDS response needs a second hop.
      httpPutResponseHopLimit: 1,
      associatePublicIpAddress: false,
    });

    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'AutoScalingGroup', {
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets ?? workloadSubnets(props.vpc),
      ...capacityPlan(config, this.launchTemplate),
      minCapacity: config.capacity.min,
      maxCapacity: config.capacity.max,
      // Unset means "start at min and leave it to scaling": a set value resets the group on every deploy.
      desiredCapacity: config.capacity.desired,
      healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
        additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
        gracePeriod: Duration.seconds(config.healthCheckGraceSeconds),
      }),
    });
    Tags.of(this.autoScalingGroup).add(SERVICE_TAG, name);
    if (config.capacity.spotPercent > 0) {
      Validations.of(this.autoScalingGroup).acknowledge({
        id: 'AwsSolutions-EC26',
        reason:
          'cdk-nag 3.0 cannot follow a launch template inside a mixed instances policy (the rule throws); the launch template root volume is encrypted gp3, which the construct tests assert.',
      });
    }
    this.autoScalingGroup.scaleOnCpuUtilization('CpuTarget', {
      targetUtilizationPercent: config.capacity.targetCpuPercent,
    });
    Validations.of(this.autoScalingGroup).acknowledge({
      id: 'AwsSolutions-AS3',
      reason:
        'Scaling events are recorded in the group activity history; the monitoring alarms (unhealthy hosts, 5xx, CPU) notify operators of what matters instead of every launch and termination.',
    });

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc: props.vpc,
      port: config.port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.INSTANCE,
      targets: [this.autoScalingGroup],
      deregistrationDelay: Duration.seconds(config.deregistrationDelaySeconds),
      healthCheck: {
        path: health.path,
        healthyHttpCodes: '200',
        healthyThresholdCount: health.healthyThreshold,
        unhealthyThresholdCount: health.unhealthyThreshold,
        interval: Duration.seconds(health.intervalSeconds),
        timeout: Duration.seconds(health.timeoutSeconds),
      },
    });

    const listener = props.loadBalancer.listener;
    this.priority = rulePriority(name, config.routing);
    if (this.priority === undefined) {
      listener.addTargetGroups(id, { targetGroups: [this.targetGroup] });
    } else {
      new elbv2.ApplicationListenerRule(this, 'ListenerRule', {
        listener,
        priority: this.priority,
        conditions: ruleConditions(name, config.routing),
        targetGroups: [this.targetGroup],
      });
    }
  }
}

/** On-demand only, or a mixed instances policy keeping one on-demand instance under the spot share. */
function capacityPlan(
  config: ServiceConfig,
  launchTemplate: ec2.LaunchTemplate,
): Pick<autoscaling.AutoScalingGroupProps, 'launchTemplate' | 'mixedInstancesPolicy' | 'capacityRebalance'> {
  const spotPercent = config.capacity.spotPercent;
  if (spotPercent === 0) return { launchTemplate };
  return {
    mixedInstancesPolicy: {
      launchTemplate,
      instancesDistribution: {
        onDemandBaseCapacity: 1,
        onDemandPercentageAboveBaseCapacity: 100 - spotPercent,
        // Least likely to be interrupted at a low price.
        spotAllocationStrategy: autoscaling.SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED,
      },
    },
    // Launch a replacement when AWS signals a spot instance is at risk, before it is reclaimed.
    capacityRebalance: true,
  };
}
