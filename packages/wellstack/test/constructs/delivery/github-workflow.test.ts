import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { githubWorkflow } from '../../../src/constructs/delivery/github-workflow.ts';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

describe('githubWorkflow', () => {
  const text = githubWorkflow({
    region: 'ap-northeast-2',
    roleArnOutputName: 'DeployRoleArn',
    bucketOutputName: 'ArtifactsBucketName',
    applicationName: 'shop-prod',
    deploymentGroups: { web: 'shop-prod-web', api: 'shop-prod-api' },
  });
  const workflow = parse(text);
  const job = workflow.jobs.deploy;
  const steps = job.steps as Step[];
  const index = (predicate: (s: Step) => boolean) => steps.findIndex(predicate);

  it('parses, and runs on pushes to main', () => {
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.concurrency['cancel-in-progress']).toBe(false);
  });

  it('may request an OIDC token and only read the repository', () => {
    expect(workflow.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
  });

  it('assumes the deploy role through configure-aws-credentials, named by a repository variable', () => {
    const credentials = steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'))!;
    expect(credentials.with).toMatchObject({
      'role-to-assume': `\${{ vars.DeployRoleArn }}`,
      'aws-region': 'ap-northeast-2',
    });
  });

  it('stores no long-lived keys', () => {
    expect(text).not.toMatch(
      /aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/,
    );
    expect(text).not.toMatch(/secrets\./);
  });

  it('bundles, then uploads, then deploys each group in order and waits for it', () => {
    const bundle = index((s) => s.run === 'npm run bundle -w packages/service');
    const credentials = index((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@') ?? false);
    const upload = index((s) => s.name === 'Upload bundle');
    const web = index((s) => s.name === 'Deploy web');
    const api = index((s) => s.name === 'Deploy api');
    expect(index((s) => s.uses?.startsWith('actions/checkout@') ?? false)).toBe(0);
    expect(index((s) => s.run === 'npm ci')).toBeLessThan(bundle);
    expect(
      [bundle, credentials, upload, web, api].every((v, i, all) => v >= 0 && (i === 0 || v > all[i - 1]!)),
    ).toBe(true);

    expect(steps[upload]!.run).toBe(
      [
        'aws s3 cp packages/service/artifacts/service-bundle.zip "s3://$ARTIFACTS_BUCKET/web/$GITHUB_SHA.zip"',
        'aws s3 cp packages/service/artifacts/service-bundle.zip "s3://$ARTIFACTS_BUCKET/api/$GITHUB_SHA.zip"',
      ].join('\n'),
    );
    expect(job.env).toEqual({
      AWS_REGION: 'ap-northeast-2',
      ARTIFACTS_BUCKET: `\${{ vars.ArtifactsBucketName }}`,
      APPLICATION_NAME: 'shop-prod',
    });
    const deploy = steps[api]!.run!;
    expect(deploy).toContain('aws deploy create-deployment');
    expect(deploy).toContain('--deployment-group-name "shop-prod-api"');
    expect(deploy).toContain('bucket=$ARTIFACTS_BUCKET,key=api/$GITHUB_SHA.zip,bundleType=zip');
    expect(deploy).toContain('aws deploy wait deployment-successful --deployment-id "$id"');
  });

  it('rejects an output name GitHub cannot use as a variable', () => {
    expect(() =>
      githubWorkflow({
        region: 'us-east-1',
        roleArnOutputName: 'Deploy-Role',
        bucketOutputName: 'Bucket',
        applicationName: 'a',
        deploymentGroups: { app: 'a-app' },
      }),
    ).toThrow(/"Deploy-Role" cannot be a GitHub variable name/);
  });
});
