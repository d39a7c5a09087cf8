import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';

/** One violation from aws-cdk-lib's validation report, per violating construct. */
export interface Violation {
  readonly plugin: string;
  readonly rule: string;
  readonly severity?: string;
  readonly path: string;
}

interface Report {
  readonly pluginReports: {
    readonly pluginName: string;
    readonly violations: {
      readonly ruleName: string;
      readonly severity?: string;
      readonly violatingConstructs: { readonly constructPath?: string }[];
    }[];
  }[];
}

/**
 * Synthesizes `app` (its validation plugins already added) and returns every violation its plugins
 * reported: none when synth passes. A failed validation writes `validation-report.json` to the app's
 * outdir; any other synth error is the test's and is rethrown.
 */
export function violations(app: App): Violation[] {
  const reportFile = join(app.outdir, 'validation-report.json');
  try {
    app.synth();
    return [];
  } catch (error) {
    if (!existsSync(reportFile)) throw error;
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((v) =>
      v.violatingConstructs.map((c) => ({
        plugin: plugin.pluginName,
        rule: v.ruleName,
        ...(v.severity ? { severity: v.severity } : {}),
        path: c.constructPath ?? '',
      })),
    ),
  );
}
