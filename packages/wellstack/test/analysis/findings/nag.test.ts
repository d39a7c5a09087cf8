import { describe, expect, it } from 'vitest';
import { fromNagReport, type NagReport } from '../../../src/analysis/findings/index.ts';
import { stackOf } from '../../fixtures/findings/templates.ts';

const stacks = stackOf(
  {
    BucketA1B2: { Type: 'AWS::S3::Bucket', Metadata: { 'aws:cdk:path': 'App/Media/Bucket/Resource' } },
    Sg: { Type: 'AWS::EC2::SecurityGroup', Metadata: { 'aws:cdk:path': 'App/Web/Sg' } },
  },
  'App',
);

const violation = (
  ruleName: string,
  severity: string,
  constructPath: string,
  description = `${ruleName} text`,
) => ({
  ruleName,
  description,
  severity,
  violatingConstructs: [{ constructPath, constructFqn: 'aws-cdk-lib.aws_s3.CfnBucket' }],
});

describe('fromNagReport', () => {
  it('maps nag violations to findings found through aws:cdk:path: error high, warning medium', () => {
    const report: NagReport = {
      pluginReports: [
        {
          pluginName: 'AwsSolutions',
          violations: [
            violation(
              'AwsSolutions-S1',
              'error',
              'App/Media/Bucket/Resource',
              'The S3 Bucket has server access logs disabled.',
            ),
            violation('AwsSolutions-EC23', 'warning', 'App/Web/Sg'),
          ],
        },
      ],
    };
    expect(fromNagReport(report, stacks)).toEqual([
      {
        id: 'AwsSolutions-S1',
        severity: 'high',
        resource: 'BucketA1B2',
        path: 'App/Media/Bucket/Resource',
        message: 'The S3 Bucket has server access logs disabled.',
        fix: 'See AwsSolutions-S1 in https://github.com/cdklabs/cdk-nag/blob/main/RULES.md.',
        source: 'cdk-nag',
      },
      {
        id: 'AwsSolutions-EC23',
        severity: 'medium',
        resource: 'Sg',
        path: 'App/Web/Sg',
        message: 'AwsSolutions-EC23 text',
        fix: 'See AwsSolutions-EC23 in https://github.com/cdklabs/cdk-nag/blob/main/RULES.md.',
        source: 'cdk-nag',
      },
    ]);
  });

  it('maps fatal to high and info or custom severities to low; one finding per violating construct', () => {
    const report: NagReport = {
      pluginReports: [
        {
          pluginName: 'HIPAA.Security',
          violations: [
            violation('HIPAA.Security-A', 'fatal', 'App/Web/Sg'),
            violation('HIPAA.Security-B', 'info', 'App/Web/Sg'),
            {
              ...violation('HIPAA.Security-C', 'custom', 'App/Web/Sg'),
              violatingConstructs: [{ constructPath: 'App/Web/Sg' }, { constructPath: 'App/Media/Bucket' }],
            },
          ],
        },
      ],
    };
    expect(fromNagReport(report, stacks).map((f) => `${f.severity} ${f.id} ${f.resource}`)).toEqual([
      'high HIPAA.Security-A Sg',
      'low HIPAA.Security-B Sg',
      'low HIPAA.Security-C BucketA1B2',
      'low HIPAA.Security-C Sg',
    ]);
  });

  it('reads the legacy report (pluginName under summary) and per-finding rule ids, and keeps the suggested fix', () => {
    const report: NagReport = {
      pluginReports: [
        {
          summary: { pluginName: 'AwsSolutions' },
          violations: [
            {
              ...violation(
                'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AdministratorAccess]',
                'error',
                'App/Web/Sg',
              ),
              suggestedFix: 'Use a customer managed policy.',
            },
          ],
        },
      ],
    };
    const [finding] = fromNagReport(report, stacks);
    expect(finding?.fix).toBe(
      'Use a customer managed policy. See AwsSolutions-IAM4 in https://github.com/cdklabs/cdk-nag/blob/main/RULES.md.',
    );
  });

  it('recognizes custom packs by their rule ids and ignores other plugins', () => {
    const report: NagReport = {
      pluginReports: [
        { pluginName: 'MyPack', violations: [violation('MyPack-R1', 'error', 'App/Web/Sg')] },
        {
          pluginName: 'cdk-validator-cfnguard',
          violations: [violation('S3_BUCKET_LOGGING', 'error', 'App/Web/Sg')],
        },
        {
          pluginName: 'Construct Annotations',
          violations: [violation('Stack::warning-annotation', 'warning', 'App/Web/Sg')],
        },
        { pluginName: 'CloudFormationValidation', violations: [violation('E3012', 'warning', 'App/Web/Sg')] },
      ],
    };
    expect(fromNagReport(report, stacks).map((f) => f.id)).toEqual(['MyPack-R1']);
  });

  it('falls back to the logical id the report gives, then to the last path segment, for constructs not in the templates', () => {
    const report: NagReport = {
      pluginReports: [
        {
          pluginName: 'AwsSolutions',
          violations: [
            {
              ...violation('AwsSolutions-X', 'warning', 'Other/Thing/Resource'),
              violatingConstructs: [
                { constructPath: 'Other/Thing/Resource', cloudFormationResource: { logicalId: 'Thing1234' } },
                { constructPath: 'Other/Gone/Resource', resourceLogicalId: 'N/A' },
              ],
            },
          ],
        },
      ],
    };
    expect(fromNagReport(report, stacks).map((f) => f.resource)).toEqual(['Resource', 'Thing1234']);
  });

  it('accepts an empty report', () => {
    expect(fromNagReport({}, stacks)).toEqual([]);
  });
});

describe('fromNagReport on a template with conditions', () => {
  it('GIVEN a violation on a resource its condition leaves out with the defaults THEN it is dropped', () => {
    const cond = {
      name: 'cond',
      template: { Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } },
      notCreated: [
        { id: 'Cache', resource: { Type: 'AWS::ElastiCache::ReplicationGroup' }, condition: 'IsProd' },
      ],
    };
    const report: NagReport = {
      pluginReports: [
        {
          pluginName: 'AwsSolutions',
          violations: [
            {
              ruleName: 'AwsSolutions-AEC4',
              severity: 'error',
              violatingConstructs: [
                { constructPath: 'cond/Template/Cache', cloudFormationResource: { logicalId: 'Cache' } },
              ],
            },
            {
              ruleName: 'AwsSolutions-S1',
              severity: 'error',
              violatingConstructs: [
                { constructPath: 'cond/Template/Bucket', cloudFormationResource: { logicalId: 'Bucket' } },
              ],
            },
          ],
        },
      ],
    };
    expect(fromNagReport(report, [cond]).map((f) => f.id)).toEqual(['AwsSolutions-S1']);
  });
});
