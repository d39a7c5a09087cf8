import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { violations } from '../nag.ts';

/**
 * A plain VPC + ALB + ASG standing in for the Network and Services constructs, so these tests exercise
 * observability and delivery alone.
 */
export interface Workload {
  readonly app: App;
  readonly stack: Stack;
  readonly vpc: ec2.Vpc;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly services: Record<
    string,
    { autoScalingGroup: autoscaling.AutoScalingGroup; targetGroup: elbv2.ApplicationTargetGroup }
  >;
}

export function workload(options: { services?: string[]; nag?: boolean } = {}): Workload {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'wellstack-test-')),
    builtinCloudFormationValidation: options.nag ?? false,
  });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new Stack(app, 'Test', { env: { region: 'ap-northeast-2' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  const listener = loadBalancer.addListener('Http', { port: 80 });
  const services: Workload['services'] = {};
  for (const [i, name] of (options.services ?? ['app']).entries()) {
    const instanceType = new ec2.InstanceType('t4g.small');
    const launchTemplate = new ec2.LaunchTemplate(stack, `${name}Lt`, {
      instanceType,
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      role: new iam.Role(stack, `${name}Role`, { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }),
      securityGroup: new ec2.SecurityGroup(stack, `${name}Sg`, { vpc }),
    });
    const autoScalingGroup = new autoscaling.AutoScalingGroup(stack, `${name}Asg`, {
      vpc,
      launchTemplate,
      minCapacity: 1,
      maxCapacity: 2,
    });
    const targetGroup = new elbv2.ApplicationTargetGroup(stack, `${name}Tg`, {
      vpc,
      port: 8080,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [autoScalingGroup],
    });
    listener.addTargetGroups(name, {
      targetGroups: [targetGroup],
      ...(i === 0 ? {} : { priority: i, conditions: [elbv2.ListenerCondition.pathPatterns([`/${name}/*`])] }),
    });
    services[name] = { autoScalingGroup, targetGroup };
  }
  return { app, stack, vpc, loadBalancer, services };
}

export interface NagFinding {
  readonly rule: string;
  readonly path: string;
}

/**
 * Synthesizes with cdk-nag and returns the unacknowledged findings on constructs under `scope`; the
 * fixture's own resources (VPC, ALB, ASG) are not under test and are filtered out.
 */
export function nagFindings(app: App, scope: IConstruct): NagFinding[] {
  const prefix = `${scope.node.path}/`;
  return violations(app)
    .filter((v) => v.path.startsWith(prefix))
    .map((v) => ({ rule: v.rule, path: v.path }));
}
