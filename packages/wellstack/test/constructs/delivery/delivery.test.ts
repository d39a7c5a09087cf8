import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { Delivery } from '../../../src/constructs/delivery/delivery.ts';
import { nagFindings, workload } from '../observability/workload.ts';

describe('Delivery', () => {
  let template: Template;
  let delivery: Delivery;
  let resources: Template['toJSON'] extends () => infer T ? T : never;
  const logicalId = (type: string, pattern: RegExp) =>
    Object.keys(template.findResources(type)).find((id) => pattern.test(id))!;

  beforeAll(() => {
    const w = workload({ services: ['web', 'api'] });
    const alarm = new cloudwatch.Alarm(w.stack, 'ApiAlarm', {
      metric: w.services.api!.targetGroup.metrics.unhealthyHostCount(),
      threshold: 0,
      evaluationPeriods: 1,
    });
    const notificationTopic = new sns.Topic(w.stack, 'Topic', { masterKey: new kms.Key(w.stack, 'Key') });
    delivery = new Delivery(w.stack, 'Delivery', {
      services: { web: w.services.web!, api: { ...w.services.api!, alarms: [alarm] } },
      notificationTopic,
      githubRepository: 'octo-org/shop',
      ecr: true,
      stage: 'dev',
    });
    template = Template.fromStack(w.stack);
    resources = template.toJSON().Resources;
  });

  describe('artifacts bucket', () => {
    it('is private, encrypted, versioned, TLS-only, and expires replaced revisions', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } })]),
        },
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    });

    it('is readable by each service’s instance role, on its own prefix only, as is its own image repository', () => {
      const bucket = logicalId('AWS::S3::Bucket', /DeliveryArtifacts/);
      for (const service of ['web', 'api']) {
        const repository = logicalId('AWS::ECR::Repository', new RegExp(`Delivery${service}Repository`, 'i'));
        template.hasResourceProperties('AWS::IAM::Policy', {
          Roles: [{ Ref: logicalId('AWS::IAM::Role', new RegExp(`^${service}Role`)) }],
          PolicyDocument: {
            Statement: [
              {
                Effect: 'Allow',
                Action: ['s3:GetObject', 's3:GetObjectVersion'],
                Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, `/${service}/*`]] },
              },
              {
                Effect: 'Allow',
                Action: [
                  'ecr:BatchGetImage',
                  'ecr:GetDownloadUrlForLayer',
                  'ecr:BatchCheckLayerAvailability',
                ],
                Resource: { 'Fn::GetAtt': [repository, 'Arn'] },
              },
              { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
            ],
          },
        });
      }
    });
  });

  describe('CodeDeploy', () => {
    it('names the application and groups after the stack, as plain strings for the workflow', () => {
      expect(delivery.applicationName).toBe('Test');
      expect(delivery.deploymentGroupNames).toEqual({ web: 'Test-web', api: 'Test-api' });
      template.hasResourceProperties('AWS::CodeDeploy::Application', {
        ApplicationName: 'Test',
        ComputePlatform: 'Server',
      });
    });

    it('deploys in place, one instance at a time, behind the target group, over the service’s ASG', () => {
      for (const service of ['web', 'api']) {
        template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
          DeploymentGroupName: `Test-${service}`,
          DeploymentConfigName: 'CodeDeployDefault.OneAtATime',
          AutoScalingGroups: [
            { Ref: logicalId('AWS::AutoScaling::AutoScalingGroup', new RegExp(`${service}Asg`)) },
          ],
          LoadBalancerInfo: {
            TargetGroupInfoList: [
              {
                Name: {
                  'Fn::GetAtt': [
                    logicalId('AWS::ElasticLoadBalancingV2::TargetGroup', new RegExp(`${service}Tg`)),
                    'TargetGroupName',
                  ],
                },
              },
            ],
          },
          // DeploymentType absent = IN_PLACE.
          DeploymentStyle: { DeploymentOption: 'WITH_TRAFFIC_CONTROL', DeploymentType: Match.absent() },
          OutdatedInstancesStrategy: Match.absent(),
        });
      }
    });

    it('rolls back on failure, on stop, and on alarm when alarms are given', () => {
      const groups = Object.values(template.findResources('AWS::CodeDeploy::DeploymentGroup'));
      const byName = Object.fromEntries(groups.map((g) => [g.Properties.DeploymentGroupName, g.Properties]));
      expect(byName['Test-web'].AutoRollbackConfiguration).toEqual({
        Enabled: true,
        Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST'],
      });
      expect(byName['Test-web'].AlarmConfiguration).toBeUndefined();
      expect(byName['Test-api'].AutoRollbackConfiguration).toEqual({
        Enabled: true,
        Events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM'],
      });
      expect(byName['Test-api'].AlarmConfiguration).toMatchObject({
        Enabled: true,
        Alarms: [{ Name: { Ref: logicalId('AWS::CloudWatch::Alarm', /ApiAlarm/) } }],
      });
    });

    it('notifies the topic of deployments started, succeeded and failed, with the key to do it', () => {
      const topic = logicalId('AWS::SNS::Topic', /^Topic/);
      template.hasResourceProperties('AWS::CodeStarNotifications::NotificationRule', {
        DetailType: 'BASIC',
        EventTypeIds: [
          'codedeploy-application-deployment-started',
          'codedeploy-application-deployment-succeeded',
          'codedeploy-application-deployment-failed',
        ],
        Resource: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith([':application:'])]) }),
        Targets: [{ TargetType: 'SNS', TargetAddress: { Ref: topic } }],
      });
      const codestar = { Service: 'codestar-notifications.amazonaws.com' };
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Principal: codestar, Action: 'sns:Publish' })]),
        },
      });
      template.hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: codestar,
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            }),
          ]),
        },
      });
    });

    it('adds no agent installer to the ASGs (the launch template installs it)', () => {
      const launchTemplates = JSON.stringify(template.findResources('AWS::EC2::LaunchTemplate'));
      expect(launchTemplates).not.toContain('codedeploy');
    });
  });

  describe('GitHub OIDC deploy role', () => {
    it('trusts GitHub’s issuer, for sts.amazonaws.com, from the main branch of the repository only', () => {
      template.hasResourceProperties('AWS::IAM::OIDCProvider', {
        Url: 'https://token.actions.githubusercontent.com',
        ClientIdList: ['sts.amazonaws.com'],
      });
      const provider = logicalId('AWS::IAM::OIDCProvider', /GithubOidc/);
      const role = resources[logicalId('AWS::IAM::Role', /DeliveryDeployRole/)]!;
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRoleWithWebIdentity',
          Principal: { Federated: { Ref: provider } },
          Condition: {
            StringEquals: {
              'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
              'token.actions.githubusercontent.com:sub': 'repo:octo-org/shop:ref:refs/heads/main',
            },
          },
        },
      ]);
      expect(role.Properties.MaxSessionDuration).toBe(3600);
    });

    it('may upload bundles and start deployments on this stack’s resources only', () => {
      const role = resources[logicalId('AWS::IAM::Role', /DeliveryDeployRole/)]!;
      const statements = role.Properties.Policies[0].PolicyDocument.Statement as {
        Sid: string;
        Action: string | string[];
        Resource: unknown;
      }[];
      const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
      const bucket = logicalId('AWS::S3::Bucket', /DeliveryArtifacts/);
      expect(bySid.UploadRevisions).toMatchObject({
        Action: 's3:PutObject',
        Resource: ['web', 'api'].map((s) => ({
          'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, `/${s}/*`]],
        })),
      });
      expect(bySid.RegisterRevisions!.Action).toEqual([
        'codedeploy:RegisterApplicationRevision',
        'codedeploy:GetApplicationRevision',
      ]);
      expect(JSON.stringify(bySid.RegisterRevisions!.Resource)).toContain(':application:');
      expect(bySid.Deploy!.Action).toEqual(['codedeploy:CreateDeployment', 'codedeploy:GetDeployment']);
      expect(bySid.Deploy!.Resource).toHaveLength(2);
      expect(JSON.stringify(bySid.Deploy!.Resource)).toContain(':deploymentgroup:');
      expect(bySid.ReadDeploymentConfig!.Action).toBe('codedeploy:GetDeploymentConfig');
      expect(JSON.stringify(bySid.ReadDeploymentConfig!.Resource)).toContain(
        ':deploymentconfig:CodeDeployDefault.OneAtATime',
      );
      expect(bySid.PushImages!.Resource).toHaveLength(2);
      // The only `*` resource is docker login, whose API has no resource-level permissions.
      for (const s of statements) {
        expect([s.Action].flat().some((a) => a.includes('*'))).toBe(false);
        if (s.Resource === '*') expect(s.Action).toBe('ecr:GetAuthorizationToken');
      }
    });

    it('is absent without a repository, and reuses a given provider', () => {
      const w = workload();
      const plain = new Delivery(w.stack, 'Delivery', { services: w.services, ecr: false, stage: 'prod' });
      expect(plain.deployRole).toBeUndefined();
      const t = Template.fromStack(w.stack);
      t.resourceCountIs('AWS::IAM::OIDCProvider', 0);
      t.resourceCountIs('AWS::ECR::Repository', 0);
      t.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    });

    it('rejects a repository that is not owner/name', () => {
      const w = workload();
      expect(
        () =>
          new Delivery(w.stack, 'Delivery', {
            services: w.services,
            githubRepository: 'https://github.com/octo/shop',
            ecr: false,
            stage: 'dev',
          }),
      ).toThrow(/githubRepository \("https:\/\/github.com\/octo\/shop"\) must be owner\/name/);
    });
  });

  it('fails without a service to deploy to', () => {
    const w = workload();
    expect(() => new Delivery(w.stack, 'Delivery', { services: {}, ecr: true, stage: 'dev' })).toThrow(
      /at least one Auto Scaling service in props.services/,
    );
  });

  it('creates one scanned, immutable, encrypted ECR repository per service with a lifecycle', () => {
    template.resourceCountIs('AWS::ECR::Repository', 2);
    template.allResourcesProperties('AWS::ECR::Repository', {
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: 'IMMUTABLE',
      // Absent = AES-256 server-side encryption, ECR's default (no KMS key to pay for).
      EncryptionConfiguration: Match.absent(),
      LifecyclePolicy: { LifecyclePolicyText: Match.stringLikeRegexp('"countNumber":20') },
    });
  });

  it('leaves no unacknowledged cdk-nag error', () => {
    const w = workload({ nag: true, services: ['web', 'api'] });
    const nagged = new Delivery(w.stack, 'Delivery', {
      services: w.services,
      notificationTopic: new sns.Topic(w.stack, 'Topic', { masterKey: new kms.Key(w.stack, 'Key') }),
      githubRepository: 'octo-org/shop',
      ecr: true,
      stage: 'dev',
    });
    expect(nagFindings(w.app, nagged)).toEqual([]);
  });
});
