import { Match, Template } from 'aws-cdk-lib/assertions';
import * as rds from 'aws-cdk-lib/aws-rds';
import { beforeAll, describe, expect, it } from 'vitest';
import { Alarms, DEFAULT_ALARM_THRESHOLDS } from '../../../src/constructs/observability/alarms.ts';
import { nagFindings, type Workload, workload } from './workload.ts';

function database(w: Workload): rds.IDatabaseInstance {
  return rds.DatabaseInstance.fromDatabaseInstanceAttributes(w.stack, 'Db', {
    instanceIdentifier: 'app-db',
    instanceEndpointAddress: 'app-db.example',
    port: 5432,
    securityGroups: [],
  });
}

function fullAlarms(
  w: Workload,
  extra: { alarmEmail?: string; slack?: { workspaceId: string; channelId: string } },
) {
  return new Alarms(w.stack, 'Alarms', {
    ...extra,
    loadBalancer: w.loadBalancer,
    targetGroups: { web: w.services.web!.targetGroup, api: w.services.api!.targetGroup },
    autoScalingGroups: { web: w.services.web!.autoScalingGroup, api: w.services.api!.autoScalingGroup },
    database: database(w),
    cache: { replicationGroupId: 'app-cache', nodeCount: 2 },
  });
}

describe('Alarms', () => {
  let template: Template;
  let alarms: Alarms;
  // Template JSON is untyped; `toJSON()` returns `{ [key: string]: any }`.
  let byDescription: (pattern: RegExp) => ReturnType<Template['toJSON']>;

  beforeAll(() => {
    const w = workload({ services: ['web', 'api'] });
    alarms = fullAlarms(w, { alarmEmail: 'ops@example.com' });
    template = Template.fromStack(w.stack);
    byDescription = (pattern) => {
      const found = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter((a) =>
        pattern.test(a.Properties.AlarmDescription),
      );
      expect(found).toHaveLength(1);
      return found[0]!.Properties;
    };
  });

  it('creates one alarm per named signal: 1 ALB + 2 per target group + 1 per ASG + 3 database + 2 cache', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1 + 2 * 2 + 2 + 3 + 2);
  });

  it('sends every alarm’s ALARM and OK to the topic', () => {
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0]!;
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topic }]);
    }
  });

  it('alarms on ALB 5xx: load balancer + target 5xx summed, missing data = no errors', () => {
    const alarm = byDescription(/5xx responses/);
    expect(alarm).toMatchObject({
      Threshold: DEFAULT_ALARM_THRESHOLDS.loadBalancer5xxCount,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 2,
      TreatMissingData: 'notBreaching',
    });
    const metrics = JSON.stringify(alarm.Metrics);
    expect(metrics).toContain('FILL(elb, 0) + FILL(target, 0)');
    expect(metrics).toContain('HTTPCode_ELB_5XX_Count');
    expect(metrics).toContain('HTTPCode_Target_5XX_Count');
  });

  it('alarms on unhealthy hosts and p99 response time per target group', () => {
    for (const service of ['web', 'api']) {
      const unhealthy = byDescription(new RegExp(`^Service ${service}: .*unhealthy targets`));
      expect(unhealthy).toMatchObject({
        MetricName: 'UnHealthyHostCount',
        Statistic: 'Maximum',
        Period: 60,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 3,
      });
      expect(JSON.stringify(unhealthy.Dimensions)).toMatch(new RegExp(`${service}Tg`));
      const latency = byDescription(new RegExp(`^Service ${service}: p99`));
      expect(latency).toMatchObject({
        MetricName: 'TargetResponseTime',
        ExtendedStatistic: 'p99',
        Threshold: DEFAULT_ALARM_THRESHOLDS.targetResponseTimeP99Seconds,
      });
    }
    expect(Object.keys(alarms.targetGroupAlarms)).toEqual(['web', 'api']);
  });

  it('alarms on ASG CPU per service', () => {
    const cpu = byDescription(/^Service web: average CPU/);
    expect(cpu).toMatchObject({
      Namespace: 'AWS/EC2',
      MetricName: 'CPUUtilization',
      Threshold: 85,
      EvaluationPeriods: 3,
      Dimensions: [{ Name: 'AutoScalingGroupName', Value: { Ref: expect.stringMatching(/^webAsg/) } }],
    });
  });

  it('alarms on RDS CPU, free storage (bytes, below) and connections', () => {
    const dimensions = [{ Name: 'DBInstanceIdentifier', Value: 'app-db' }];
    expect(byDescription(/^Database CPU/)).toMatchObject({
      Namespace: 'AWS/RDS',
      MetricName: 'CPUUtilization',
      Threshold: 80,
      Dimensions: dimensions,
    });
    expect(byDescription(/^Database free storage/)).toMatchObject({
      MetricName: 'FreeStorageSpace',
      Statistic: 'Minimum',
      Threshold: 2 * 1024 ** 3,
      ComparisonOperator: 'LessThanThreshold',
      Dimensions: dimensions,
    });
    expect(byDescription(/^Database connections/)).toMatchObject({
      MetricName: 'DatabaseConnections',
      Threshold: DEFAULT_ALARM_THRESHOLDS.databaseConnections,
      Dimensions: dimensions,
    });
  });

  it('alarms on the worst cache node’s memory and engine CPU', () => {
    const memory = byDescription(/^Cache memory/);
    expect(memory.Threshold).toBe(80);
    const metrics = JSON.stringify(memory.Metrics);
    expect(metrics).toContain('MAX([n1, n2])');
    expect(metrics).toContain('app-cache-001');
    expect(metrics).toContain('app-cache-002');
    expect(metrics).toContain('DatabaseMemoryUsagePercentage');
    expect(JSON.stringify(byDescription(/^Cache engine CPU/).Metrics)).toContain('EngineCPUUtilization');
  });

  it('encrypts the topic with a rotating customer key CloudWatch may use, and denies non-TLS access', () => {
    const key = Object.keys(template.findResources('AWS::KMS::Key'))[0]!;
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      },
    });
  });

  it('subscribes the alarm e-mail', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });

  it('draws a dashboard from the same alarms', () => {
    const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]!;
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const alarmId of Object.keys(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(body).toContain(alarmId);
    }
  });

  it('honours threshold overrides and creates only the alarms whose resources are given', () => {
    const w = workload();
    new Alarms(w.stack, 'Alarms', {
      autoScalingGroups: { app: w.services.app!.autoScalingGroup },
      thresholds: { autoScalingGroupCpuPercent: 70 },
    });
    const t = Template.fromStack(w.stack);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 70 });
    t.resourceCountIs('AWS::SNS::Subscription', 0);
    t.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
  });

  it('rejects an impossible cache node count', () => {
    const w = workload();
    expect(() => new Alarms(w.stack, 'Alarms', { cache: { replicationGroupId: 'c', nodeCount: 0 } })).toThrow(
      /cache.nodeCount \(0\) must be an integer from 1 to 6/,
    );
  });

  describe('with Slack', () => {
    it('posts the topic to the channel through AWS Chatbot, bounded by a read-only guardrail', () => {
      const w = workload({ services: ['web', 'api'] });
      fullAlarms(w, { slack: { workspaceId: 'T0123', channelId: 'C0456' } });
      const t = Template.fromStack(w.stack);
      const topic = Object.keys(t.findResources('AWS::SNS::Topic'))[0]!;
      const guardrail = Object.keys(t.findResources('AWS::IAM::ManagedPolicy'))[0]!;
      t.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
        SlackWorkspaceId: 'T0123',
        SlackChannelId: 'C0456',
        SnsTopicArns: [{ Ref: topic }],
        GuardrailPolicies: [{ Ref: guardrail }],
      });
      const readOnly = [
        'cloudwatch:DescribeAlarms',
        'cloudwatch:DescribeAlarmHistory',
        'cloudwatch:GetMetricData',
        'cloudwatch:GetMetricWidgetImage',
      ];
      t.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        PolicyDocument: { Statement: [{ Effect: 'Allow', Action: readOnly, Resource: '*' }] },
      });
      t.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({ Principal: { Service: 'chatbot.amazonaws.com' } })],
        },
        Policies: [
          {
            PolicyName: 'ReadAlarms',
            PolicyDocument: { Statement: [{ Effect: 'Allow', Action: readOnly, Resource: '*' }] },
          },
        ],
      });
    });

    it('leaves no unacknowledged cdk-nag error', () => {
      const w = workload({ nag: true, services: ['web', 'api'] });
      const nagged = fullAlarms(w, {
        alarmEmail: 'ops@example.com',
        slack: { workspaceId: 'T0123', channelId: 'C0456' },
      });
      expect(nagFindings(w.app, nagged)).toEqual([]);
    });
  });
});
