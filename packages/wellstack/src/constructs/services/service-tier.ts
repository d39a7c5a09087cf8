import type * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
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
