import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AwsSolutionsChecks } from 'cdk-nag';
import { violations } from '../nag.ts';

/**
 * Test fixtures shared by the data, edge and dns construct tests: an app without the built-in
 * CloudFormation validator (fast), a stack in a fixed region, a plain VPC with isolated subnets, and a
 * cdk-nag run that returns the unacknowledged errors.
 */

export const REGION = 'ap-northeast-2';

export function testStack(
  app = new App({ builtinCloudFormationValidation: false }),
  props?: StackProps,
  id = 'Test',
): Stack {
  return new Stack(app, id, { env: { region: REGION }, ...props });
}

/** A plain two-AZ VPC with public and isolated subnets and no NAT, like the network construct's shape. */
export function testVpc(stack: Stack): ec2.Vpc {
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  Validations.of(vpc).acknowledge({
    id: 'AwsSolutions-VPC7',
    reason: 'Test fixture: flow logs belong to the network construct, not to the construct under test.',
  });
  return vpc;
}

export interface NagError {
  readonly rule: string;
  readonly path: string;
}

/**
 * Builds an app with the AwsSolutions pack and the built-in CloudFormation validator on, lets `build` add
 * the constructs, synthesizes, and returns every unacknowledged nag error (empty when synth passes).
 * Validator failures other than cdk-nag's are returned too, under the plugin's name.
 *
 * `cloudFormationValidation: false` skips the built-in validator, which spends ~10 s on an app with a
 * BucketDeployment (its bundled AWS CLI layer).
 */
export function nagErrors(build: (app: App) => void, { cloudFormationValidation = true } = {}): NagError[] {
  const outdir = mkdtempSync(join(tmpdir(), 'wellstack-nag-'));
  try {
    const app = new App({ outdir, builtinCloudFormationValidation: cloudFormationValidation });
    build(app);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    return violations(app)
      .filter((v) => v.severity === undefined || v.severity === 'error')
      .map((v) => ({ rule: v.plugin === 'AwsSolutions' ? v.rule : `${v.plugin}: ${v.rule}`, path: v.path }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
