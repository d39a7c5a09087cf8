import { Duration, Names, Stack, Validations } from 'aws-cdk-lib';
import type * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import {
  autoScalingGroupMetrics,
  cacheMetrics,
  databaseMetrics,
  loadBalancerMetrics,
  targetGroupMetrics,
} from './metrics.ts';

/** Named alarm thresholds: each alarm reads exactly one of these. */
export interface AlarmThresholds {
  /** 5xx responses (load balancer + targets) in a 5-minute period, two periods in a row. */
  readonly loadBalancer5xxCount: number;
  /** Unhealthy targets of a target group, three minutes in a row (0 = any unhealthy target alarms). */
  readonly unhealthyHosts: number;
  /** p99 target response time in seconds, three 5-minute periods in a row. */
  readonly targetResponseTimeP99Seconds: number;
  /** Average CPU % of an Auto Scaling group for 15 minutes: target tracking could not keep up (max reached). */
  readonly autoScalingGroupCpuPercent: number;
  readonly databaseCpuPercent: number;
  /** Free storage in GiB, below which the database alarms (storage autoscaling may be capped). */
  readonly databaseFreeStorageGiB: number;
  /** Open connections: below the ~80 a db.t4g.micro PostgreSQL allows; raise it for bigger classes. */
  readonly databaseConnections: number;
  readonly cacheMemoryPercent: number;
  readonly cacheEngineCpuPercent: number;
}

export const DEFAULT_ALARM_THRESHOLDS: AlarmThresholds = {
  loadBalancer5xxCount: 10,
  unhealthyHosts: 0,
  targetResponseTimeP99Seconds: 2,
  autoScalingGroupCpuPercent: 85,
  databaseCpuPercent: 80,
  databaseFreeStorageGiB: 2,
  databaseConnections: 70,
  cacheMemoryPercent: 80,
  cacheEngineCpuPercent: 80,
};

export interface SlackChannel {
  /** Slack workspace id (`T…`), authorized once in the AWS Chatbot console. */
  readonly workspaceId: string;
  /** Slack channel id (`C…`). */
  readonly channelId: string;
}

export interface AlarmsProps {
  /**
   * E-mail address subscribed to the alarm topic (the recipient must confirm the subscription).
   * @default - no e-mail subscription
   */
  readonly alarmEmail?: string;
  /**
   * Slack channel that receives the alarm topic through AWS Chatbot (no extra charge for Chatbot).
   * @default - no Slack delivery
   */
  readonly slack?: SlackChannel;
  /**
   * The load balancer whose 5xx responses alarm.
   * @default - no load balancer alarm
   */
  readonly loadBalancer?: elbv2.IApplicationLoadBalancer;
  /**
   * Target groups by service name: unhealthy hosts and p99 response time alarm per group.
   * @default - no target group alarms
   */
  readonly targetGroups?: Record<string, elbv2.IApplicationTargetGroup>;
  /**
   * Auto Scaling groups by service name: high CPU alarms per group.
   * @default - no CPU alarms
   */
  readonly autoScalingGroups?: Record<string, autoscaling.IAutoScalingGroup>;
  /**
   * The database: CPU, free storage and connections alarms.
   * @default - no database alarms
   */
  readonly database?: rds.IDatabaseInstance;
  /**
   * The cache replication group and its node count (primary + replicas): memory and engine CPU alarms.
   * @default - no cache alarms
   */
  readonly cache?: { readonly replicationGroupId: string; readonly nodeCount: number };
  /**
   * Overrides of the named thresholds.
   * @default DEFAULT_ALARM_THRESHOLDS
   */
  readonly thresholds?: Partial<AlarmThresholds>;
}

/**
 * CloudWatch alarms on the signals that mean users are hurting or soon will be (seed 001, 002), each sending
 * ALARM and OK to one encrypted SNS topic (e-mail and/or Slack through AWS Chatbot), and a dashboard drawn
 * from the same metrics. Each alarm costs USD 0.10/month; the dashboard is free for the first three of an
 * account, then USD 3/month; the topic's KMS key USD 1/month.
 */
export class Alarms extends Construct {
  /** The alarm topic: every alarm's ALARM and OK actions publish here. */
  readonly topic: sns.Topic;
  /** Alarms per target group name: unhealthy hosts and p99 latency, fit to roll back a deployment. */
  readonly targetGroupAlarms: Record<string, cloudwatch.Alarm[]> = {};
  readonly dashboard: cloudwatch.Dashboard;
  private readonly alarms: cloudwatch.Alarm[] = [];
  private readonly thresholds: AlarmThresholds;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.thresholds = { ...DEFAULT_ALARM_THRESHOLDS, ...props.thresholds };

    // CloudWatch can only publish to an encrypted topic if the key policy lets it use the key, which the
    // AWS-managed alias/aws/sns key never does: hence a customer-managed key (USD 1/month).
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the alarm topic at rest',
      enableKeyRotation: true,
    });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    // A topic policy replaces SNS's default one, so CloudWatch's right to publish is stated explicitly.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    if (props.slack) this.slackChannel(props.slack);

    const widgets: cloudwatch.IWidget[] = [];
    if (props.loadBalancer) {
      const lb = loadBalancerMetrics(props.loadBalancer);
      widgets.push(
        new cloudwatch.GraphWidget({ title: 'Requests', left: [lb.requests], width: 12 }),
        this.alarmWidget(
          this.alarm('LoadBalancer5xx', {
            metric: lb.total5xx,
            threshold: this.thresholds.loadBalancer5xxCount,
            evaluationPeriods: 2,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
            description: `More than ${this.thresholds.loadBalancer5xxCount} 5xx responses per 5 minutes (load balancer + targets)`,
          }),
        ),
      );
    }
    for (const [name, targetGroup] of Object.entries(props.targetGroups ?? {})) {
      const tg = targetGroupMetrics(targetGroup);
      const id = pascal(name);
      const unhealthy = this.alarm(`${id}UnhealthyHosts`, {
        metric: tg.unhealthyHosts,
        threshold: this.thresholds.unhealthyHosts,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        description: `Service ${name}: more than ${this.thresholds.unhealthyHosts} unhealthy targets for 3 minutes`,
      });
      const latency = this.alarm(`${id}ResponseTimeP99`, {
        metric: tg.responseTimeP99,
        threshold: this.thresholds.targetResponseTimeP99Seconds,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        description: `Service ${name}: p99 response time above ${this.thresholds.targetResponseTimeP99Seconds} s for 15 minutes`,
      });
      this.targetGroupAlarms[name] = [unhealthy, latency];
      widgets.push(this.alarmWidget(unhealthy), this.alarmWidget(latency));
    }
    for (const [name, group] of Object.entries(props.autoScalingGroups ?? {})) {
      widgets.push(
        this.alarmWidget(
          this.alarm(`${pascal(name)}CpuHigh`, {
            metric: autoScalingGroupMetrics(group).cpu,
            threshold: this.thresholds.autoScalingGroupCpuPercent,
            evaluationPeriods: 3,
            description: `Service ${name}: average CPU above ${this.thresholds.autoScalingGroupCpuPercent}% for 15 minutes (scaling maxed out?)`,
          }),
        ),
      );
    }
    if (props.database) {
      const db = databaseMetrics(props.database);
      widgets.push(
        this.alarmWidget(
          this.alarm('DatabaseCpuHigh', {
            metric: db.cpu,
            threshold: this.thresholds.databaseCpuPercent,
            evaluationPeriods: 3,
            description: `Database CPU above ${this.thresholds.databaseCpuPercent}% for 15 minutes`,
          }),
        ),
        this.alarmWidget(
          this.alarm('DatabaseFreeStorageLow', {
            metric: db.freeStorageBytes,
            threshold: this.thresholds.databaseFreeStorageGiB * 1024 ** 3,
            comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
            evaluationPeriods: 1,
            description: `Database free storage below ${this.thresholds.databaseFreeStorageGiB} GiB`,
          }),
        ),
        this.alarmWidget(
          this.alarm('DatabaseConnectionsHigh', {
            metric: db.connections,
            threshold: this.thresholds.databaseConnections,
            evaluationPeriods: 2,
            description: `Database connections above ${this.thresholds.databaseConnections} for 10 minutes`,
          }),
        ),
      );
    }
    if (props.cache) {
      const cache = cacheMetrics(props.cache);
      widgets.push(
        this.alarmWidget(
          this.alarm('CacheMemoryHigh', {
            metric: cache.memoryPercent,
            threshold: this.thresholds.cacheMemoryPercent,
            evaluationPeriods: 2,
            description: `Cache memory above ${this.thresholds.cacheMemoryPercent}% on a node for 10 minutes (evictions ahead)`,
          }),
        ),
        this.alarmWidget(
          this.alarm('CacheCpuHigh', {
            metric: cache.engineCpu,
            threshold: this.thresholds.cacheEngineCpuPercent,
            evaluationPeriods: 3,
            description: `Cache engine CPU above ${this.thresholds.cacheEngineCpuPercent}% on a node for 15 minutes`,
          }),
        ),
      );
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
      widgets: [
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 })],
        ...rows(widgets, 2),
      ],
    });
  }

  private alarm(
    id: string,
    options: Omit<cloudwatch.CreateAlarmOptions, 'alarmDescription'> & {
      readonly metric: cloudwatch.Metric | cloudwatch.MathExpression;
      readonly description: string;
    },
  ): cloudwatch.Alarm {
    const { metric, description, ...rest } = options;
    const alarm = metric.createAlarm(this, id, {
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.MISSING,
      ...rest,
      alarmDescription: description,
    });
    const action = new cloudwatchActions.SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }

  private alarmWidget(alarm: cloudwatch.Alarm): cloudwatch.IWidget {
    return new cloudwatch.AlarmWidget({ alarm, title: alarm.node.id, width: 12 });
  }

  /** AWS Chatbot posts the topic to Slack; its role and guardrail allow reading CloudWatch alarms and graphs only. */
  private slackChannel(slack: SlackChannel): void {
    const readAlarms = new iam.PolicyStatement({
      actions: [
        'cloudwatch:DescribeAlarms',
        'cloudwatch:DescribeAlarmHistory',
        'cloudwatch:GetMetricData',
        'cloudwatch:GetMetricWidgetImage',
      ],
      resources: ['*'],
    });
    const guardrail = new iam.ManagedPolicy(this, 'ChatbotGuardrail', {
      description:
        'Upper bound of what anyone can do from the Slack channel: read CloudWatch alarms and graphs',
      statements: [readAlarms],
    });
    const role = new iam.Role(this, 'ChatbotRole', {
      assumedBy: new iam.ServicePrincipal('chatbot.amazonaws.com'),
      description: 'AWS Chatbot channel role: renders alarm notifications with their graphs',
      inlinePolicies: { ReadAlarms: new iam.PolicyDocument({ statements: [readAlarms] }) },
    });
    // Chatbot decrypts nothing itself (SNS delivers in clear over HTTPS), so the role needs no key grant.
    new chatbot.SlackChannelConfiguration(this, 'Slack', {
      slackChannelConfigurationName: Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }),
      slackWorkspaceId: slack.workspaceId,
      slackChannelId: slack.channelId,
      notificationTopics: [this.topic],
      role,
      guardrailPolicies: [guardrail],
      loggingLevel: chatbot.LoggingLevel.ERROR,
    });
    const reason =
      'CloudWatch DescribeAlarms/GetMetricData/GetMetricWidgetImage are read-only and GetMetricData and ' +
      'GetMetricWidgetImage support no resource-level permissions; four explicit read actions, no writes.';
    Validations.of(guardrail).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason });
    Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason });
  }
}

/** `api` → `Api`, `web-app` → `WebApp`: a service name as part of a construct id. */
function pascal(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function rows(widgets: cloudwatch.IWidget[], perRow: number): cloudwatch.IWidget[][] {
  const result: cloudwatch.IWidget[][] = [];
  for (let i = 0; i < widgets.length; i += perRow) result.push(widgets.slice(i, i + perRow));
  return result;
}
