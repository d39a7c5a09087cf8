import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, LegacyStackSynthesizer, Stack, Validations } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type StackTemplate, loadTemplates } from '../analysis/template/index.ts';
import type { ResolvedConfig } from '../config/index.ts';
import { buildApp } from '../constructs/app.ts';

/** One violation as aws-cdk-lib's policy-validation report writes it. */
export interface Violation {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly description: string;
  readonly constructPath: string;
}

/** The raw `validation-report.json` aws-cdk-lib writes when a validation plugin reports something. */
export interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly conclusion: string;
    readonly violations: readonly {
      readonly ruleName: string;
      readonly description: string;
      readonly severity?: string;
      readonly violatingConstructs: readonly { readonly constructPath: string }[];
    }[];
  }[];
}

export interface SynthResult {
  readonly assemblyDir: string;
  readonly stacks: StackTemplate[];
  /** The report of every validation plugin (cdk-nag packs and the CloudFormation validator), if any reported. */
  readonly report?: ValidationReport;
  /** Unacknowledged cdk-nag errors: they fail `plan`. */
  readonly nagErrors: readonly Violation[];
  /** CloudFormation validator errors (E/F rules): they fail `plan`. */
  readonly validatorErrors: readonly Violation[];
  /** CloudFormation validator warnings (W rules): shown, do not fail. */
  readonly validatorWarnings: readonly Violation[];
  /** What aws-cdk-lib printed during synth (validation reports), kept for `--verbose`. */
  readonly log: string;
  /** The GitHub Actions deploy workflow, when the config names a GitHub repository. */
  readonly workflow?: string;
}

/** The CloudFormation validator's plugin name in the report; every other plugin is a cdk-nag pack. */
const VALIDATOR_PLUGIN = 'CloudFormation Validate';

export interface SynthOptions {
  readonly outdir: string;
  readonly baseDir: string;
  /** @default true */
  readonly validation?: boolean;
  /** @default true */
  readonly nag?: boolean;
}

/**
 * Synthesizes the config's stacks into `outdir` with cdk-nag and the CloudFormation validator, and sorts
 * what they reported. Validation failures do not throw: the assembly is still written and the caller decides.
 */
export function synthesize(config: ResolvedConfig, options: SynthOptions): SynthResult {
  const { app, architecture } = buildApp(config, options);
  const workflow = architecture.githubWorkflow(config.region);
  const { report, log } = synthWithReport(app, options.outdir);
  const violations = flatten(report);
  const nagErrors = violations.filter((v) => v.plugin !== VALIDATOR_PLUGIN && v.severity === 'error');
  const validator = violations.filter((v) => v.plugin === VALIDATOR_PLUGIN);
  return {
    assemblyDir: options.outdir,
    stacks: loadTemplates(options.outdir),
    ...(report ? { report } : {}),
    nagErrors,
    // cfn-lint rule ids: E… and F… are errors, W… and I… are advice.
    validatorErrors: validator.filter((v) => /^[EF]/.test(v.rule)),
    validatorWarnings: validator.filter((v) => !/^[EF]/.test(v.rule)),
    log,
    ...(workflow ? { workflow } : {}),
  };
}

/**
 * cdk-nag's AwsSolutions pack over templates wellstack did not write (`analyze`): each template is
 * included into a CDK stack with `CfnInclude`, as cdk-nag documents for existing templates. A template
 * that `CfnInclude` cannot read (an intrinsic or resource type it does not model) is skipped, and its
 * name is returned so the caller can say so: the other findings do not depend on it.
 */
export function nagTemplates(stacks: readonly StackTemplate[]): {
  report?: ValidationReport;
  skipped: string[];
} {
  const skipped: string[] = [];
  const pluginReports: ValidationReport['pluginReports'][number][] = [];
  // One app per template, so that a template CfnInclude cannot read costs only its own nag results.
  for (const stack of stacks) {
    const outdir = mkdtempSync(join(tmpdir(), 'wellstack-nag-'));
    try {
      const app = new App({ outdir, builtinCloudFormationValidation: false });
      // The legacy synthesizer adds no BootstrapVersion parameter, which a CDK-made template already has.
      const scope = new Stack(app, stack.name.replace(/[^A-Za-z0-9-]/g, '-'), {
        synthesizer: new LegacyStackSynthesizer(),
      });
      new CfnInclude(scope, 'Template', { templateFile: stack.file ?? '' });
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      pluginReports.push(...(synthWithReport(app, outdir).report?.pluginReports ?? []));
    } catch {
      skipped.push(stack.name);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }
  return { ...(pluginReports.length > 0 ? { report: { pluginReports } } : {}), skipped };
}

/**
 * `app.synth()` that keeps going when a validation plugin reports: aws-cdk-lib then throws after writing
 * the assembly and `validation-report.json`, which is what we want to read. Any other error is rethrown.
 * What aws-cdk-lib prints about it (to stderr) is captured: the commands render their own summary.
 */
function synthWithReport(app: App, outdir: string): { report?: ValidationReport; log: string } {
  const log: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    log.push(args.map(String).join(' '));
  };
  const reportFile = join(outdir, 'validation-report.json');
  try {
    app.synth();
  } catch (error) {
    if (!existsSync(reportFile)) throw error;
  } finally {
    console.error = consoleError;
  }
  return {
    ...(existsSync(reportFile)
      ? { report: JSON.parse(readFileSync(reportFile, 'utf8')) as ValidationReport }
      : {}),
    log: log.join('\n'),
  };
}

function flatten(report: ValidationReport | undefined): Violation[] {
  return (report?.pluginReports ?? []).flatMap((plugin) =>
    plugin.violations.flatMap((v) =>
      v.violatingConstructs.map((c) => ({
        plugin: plugin.pluginName,
        rule: v.ruleName,
        severity: v.severity ?? 'error',
        description: v.description,
        constructPath: c.constructPath,
      })),
    ),
  );
}
