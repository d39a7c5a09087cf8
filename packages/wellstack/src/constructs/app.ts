import { App, Stack, type StackProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { ResolvedConfig } from '../config/index.ts';
import { WebServiceArchitecture } from './architecture.ts';
import { EdgeStack } from './dns/edge-stack.ts';

export interface BuildAppOptions {
  /** Where the cloud assembly is written. */
  readonly outdir: string;
  /** Folder that relative paths in the config (e.g. `web.dist`) are resolved against. */
  readonly baseDir: string;
  /**
   * Run aws-cdk-lib's built-in CloudFormation validator on synth (~3.5 s).
   * @default true
   */
  readonly validation?: boolean;
  /**
   * Run cdk-nag's AwsSolutions pack on every stack.
   * @default true
   */
  readonly nag?: boolean;
}

/** The stacks of one config: the main stack in `config.region`, plus a us-east-1 edge stack when a domain is set. */
export interface WellstackStacks {
  readonly app: App;
  readonly main: Stack;
  readonly edge?: EdgeStack;
  readonly architecture: WebServiceArchitecture;
}

/**
 * Builds the CDK app for a resolved config. Stacks are environment-agnostic for the account and pinned to
 * an explicit region, so nothing is looked up at synth time (no AZ, AMI or hosted-zone lookups).
 */
export function buildApp(config: ResolvedConfig, options: BuildAppOptions): WellstackStacks {
  const app = new App({
    outdir: options.outdir,
    builtinCloudFormationValidation: options.validation ?? true,
    context: {
      // Lookups would need an AWS account; fail instead of reaching for one.
      'aws:cdk:disable-lookups': true,
      // Construct paths in the template let findings and the diagram name resources as the code does.
      'aws:cdk:enable-path-metadata': true,
    },
  });
  const prefix = `${config.name}-${config.stage}`;
  const crossRegion = config.domain !== false;
  const edge = config.domain
    ? new EdgeStack(app, `${prefix}-edge`, {
        env: { region: 'us-east-1' },
        crossRegionReferences: true,
        domain: config.domain,
        cloudFrontNames: cloudFrontNames(config),
        description: `wellstack ${prefix}: hosted zone and CloudFront certificate (us-east-1)`,
      })
    : undefined;
  const main = new Stack(app, prefix, {
    env: { region: config.region },
    crossRegionReferences: crossRegion,
    description: `wellstack ${prefix}: ${config.preset} architecture`,
  } satisfies StackProps);
  const architecture = new WebServiceArchitecture(main, 'App', {
    config,
    baseDir: options.baseDir,
    ...(edge ? { edge } : {}),
  });
  tagAll(app, config);
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, main, architecture, ...(edge ? { edge } : {}) };
}

/** Names the CloudFront distribution answers to: `web.hosts`, else the apex and www unless a service claims them. */
export function cloudFrontNames(config: ResolvedConfig): string[] {
  if (!config.domain || (!config.web && !config.media)) return [];
  if (config.web && config.web.hosts) return config.web.hosts;
  const claimed = new Set(Object.values(config.services).flatMap((s) => s.routing.hosts));
  const apex = config.domain.name;
  return [apex, `www.${apex}`].filter((h) => !claimed.has(h));
}

function tagAll(scope: Construct, config: ResolvedConfig): void {
  Tags.of(scope).add('wellstack:app', config.name);
  Tags.of(scope).add('wellstack:stage', config.stage);
  Tags.of(scope).add('wellstack:preset', config.preset);
  for (const [key, value] of Object.entries(config.tags)) Tags.of(scope).add(key, value);
}
