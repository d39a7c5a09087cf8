import type * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as iam from 'aws-cdk-lib/aws-iam';

/**
 * What the rest of the architecture needs from a service, whatever its compute: a security group to
 * chain data tiers to (`database.connections.allowDefaultPortFrom(tier)`), a role to grant to, and the
 * compute for deployments and alarms.
 */
export interface ServiceTier extends ec2.IConnectable {
  readonly connections: ec2.Connections;
  /** The instances' role; grant secrets, buckets and artifacts to it. */
  readonly role: iam.Role;
  /** Set for `compute: 'asg'`. */
  readonly autoScalingGroup?: autoscaling.AutoScalingGroup;
  /** Set for `compute: 'asg'`. */
  readonly targetGroup?: elbv2.ApplicationTargetGroup;
  /** Set for `compute: 'instance'`. */
  readonly instance?: ec2.Instance;
}

/**
 * A service's connections: `defaultPort` is where the tier in front reaches it; the metrics port admits
 * the monitoring security group alone, and nothing at all without one.
 */
export function tierConnections(
  securityGroup: ec2.ISecurityGroup,
  defaultPort: number,
  metricsPort: number,
  monitoringSecurityGroup?: ec2.ISecurityGroup,
): ec2.Connections {
  const connections = new ec2.Connections({
    securityGroups: [securityGroup],
    defaultPort: ec2.Port.tcp(defaultPort),
  });
  if (monitoringSecurityGroup) {
    connections.allowFrom(
      monitoringSecurityGroup,
      ec2.Port.tcp(metricsPort),
      'Prometheus scrapes the metrics port',
    );
  }
  return connections;
}
