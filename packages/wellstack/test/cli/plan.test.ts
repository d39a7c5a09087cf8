import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AnalysisOptions,
  type PlanRun,
  runAnalyze,
  runCompare,
  runPlan,
  UsageError,
} from '../../src/cli/plan.ts';
import type { Plan } from '../../src/report/plan.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(root, 'test/fixtures');
const defaults: AnalysisOptions = { freeTier: 'none', pricing: 'on-demand', usage: {}, failOn: 'none' };
const tempOut = () => join(mkdtempSync(join(tmpdir(), 'wellstack-cli-')), 'out');

function counts(plan: Plan): Record<string, number> {
  const all: Record<string, number> = {};
  for (const stack of plan.stacks) {
    for (const [type, n] of Object.entries(stack.resources)) all[type] = (all[type] ?? 0) + n;
  }
  return all;
}

/** Resource counts that carry each preset's shape: compute, load balancing, egress, data, edge, delivery. */
const SHAPES: Record<string, Record<string, number | undefined>> = {
  'free-tier': {
    'AWS::EC2::Instance': 1,
    'AWS::AutoScaling::AutoScalingGroup': undefined,
    'AWS::ElasticLoadBalancingV2::LoadBalancer': undefined,
    'AWS::EC2::NatGateway': undefined,
    'AWS::RDS::DBInstance': 1,
    'AWS::CloudFront::Distribution': 1,
    'AWS::CodeDeploy::DeploymentGroup': undefined,
  },
  startup: {
    'AWS::AutoScaling::AutoScalingGroup': 1,
    'AWS::ElasticLoadBalancingV2::LoadBalancer': 1,
    // The NAT instance and the Prometheus + Grafana server.
    'AWS::EC2::Instance': 2,
    'AWS::EC2::NatGateway': undefined,
    'AWS::RDS::DBInstance': 1,
    'AWS::CodeDeploy::DeploymentGroup': 1,
    'AWS::CloudWatch::Alarm': 7,
  },
  'multi-service': {
    'AWS::AutoScaling::AutoScalingGroup': 2,
    'AWS::ElasticLoadBalancingV2::LoadBalancer': 1,
    'AWS::ElasticLoadBalancingV2::ListenerRule': 2,
    'AWS::EC2::NatGateway': undefined,
    'AWS::ElastiCache::ReplicationGroup': 1,
    'AWS::ECR::Repository': 2,
    'AWS::CertificateManager::Certificate': 2,
    'AWS::Route53::HostedZone': 1,
  },
  ha: {
    'AWS::AutoScaling::AutoScalingGroup': 2,
    // The internet-facing ALB and the internal one in front of the app tier.
    'AWS::ElasticLoadBalancingV2::LoadBalancer': 2,
    'AWS::EC2::NatGateway': 2,
    'AWS::EC2::Instance': undefined,
    'AWS::RDS::DBInstance': 1,
    'AWS::ElastiCache::ReplicationGroup': 1,
    'AWS::CodeDeploy::DeploymentGroup': 2,
  },
};

describe.each(Object.keys(SHAPES))('wellstack plan --preset %s', (preset) => {
  let run: PlanRun;
  let out: string;

  beforeAll(async () => {
    out = tempOut();
    // The CloudFormation validator stays on here: this is the one full-fidelity plan of each preset.
    run = await runPlan({ ...defaults, preset, out, validation: true });
  }, 120_000);

  it('passes cdk-nag (zero unacknowledged errors) and the CloudFormation validator', () => {
    expect(run.failures).toEqual([]);
    expect(run.plan.findings.filter((f) => f.source === 'cdk-nag' && f.severity === 'high')).toEqual([]);
  });

  it('has the resources of its shape', () => {
    const all = counts(run.plan);
    for (const [type, n] of Object.entries(SHAPES[preset]!)) expect([type, all[type]]).toEqual([type, n]);
  });

  it('prices every resource it emits', () => {
    expect(run.plan.cost?.unpriced).toEqual([]);
    expect(run.plan.cost?.monthly).toBeGreaterThan(0);
    const sum = run.plan.cost!.lineItems.reduce((total, item) => total + item.monthly, 0);
    expect(run.plan.cost?.monthly).toBeCloseTo(sum, 1);
  });

  it('writes plan.json, the report and the diagram, with paths relative to the output folder', () => {
    const written = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as Plan;
    expect(written).toEqual(JSON.parse(JSON.stringify(run.plan)));
    expect(written.preset).toBe(preset);
    expect(written.region).toBe('ap-northeast-2');
    for (const stack of written.stacks) expect(existsSync(join(out, stack.template))).toBe(true);
    expect(readFileSync(join(out, written.diagram!.svg), 'utf8')).toContain('<svg');
    expect(readFileSync(join(out, written.diagram!.mermaid), 'utf8')).toMatch(/^flowchart/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(run.plan.cost!.monthly.toFixed(2));
    expect(existsSync(join(out, 'cdk.out', 'manifest.json'))).toBe(true);
  });
});

describe("the bundled example (the README's main command)", () => {
  it('plans examples/startup and writes the GitHub workflow wired to the stack outputs', async () => {
    const out = tempOut();
    const run = await runPlan({
      ...defaults,
      config: join(root, '../../examples/startup/wellstack.config.ts'),
      out,
      validation: false,
    });
    expect(run.failures).toEqual([]);
    expect(run.workflow).toBe(join(out, 'github-deploy.yml'));
    const workflow = readFileSync(run.workflow!, 'utf8');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template literal
    expect(workflow).toContain('role-to-assume: ${{ vars.DeployRoleArn }}');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a template literal
    expect(workflow).toContain('ARTIFACTS_BUCKET: ${{ vars.ArtifactsBucket }}');
    const template = JSON.parse(readFileSync(join(out, run.plan.stacks[0]!.template), 'utf8')) as {
      Outputs: Record<string, unknown>;
    };
    expect(Object.keys(template.Outputs)).toEqual(
      expect.arrayContaining(['DeployRoleArn', 'ArtifactsBucket']),
    );
  }, 60_000);
});

describe('findings on the presets', () => {
  it('ha has no high or medium single point of failure; free-tier reports its own', async () => {
    const ha = await runPlan({ ...defaults, preset: 'ha', out: tempOut(), validation: false });
    const freeTier = await runPlan({ ...defaults, preset: 'free-tier', out: tempOut(), validation: false });
    // analyze on the cloud assembly plan wrote gives the same estimate and the same own findings.
    const again = await runAnalyze({ ...defaults, input: join(freeTier.outDir, 'cdk.out'), out: tempOut() });
    expect(again.plan.cost?.monthly).toBe(freeTier.plan.cost?.monthly);
    const own = (run: PlanRun) => run.plan.findings.filter((f) => f.source === 'wellstack').map((f) => f.id);
    expect(own(again)).toEqual(own(freeTier));
    const spof = (run: PlanRun) =>
      run.plan.findings.filter((f) => f.id.startsWith('WS-SPOF') && f.severity !== 'low').map((f) => f.id);
    expect(spof(ha)).toEqual([]);
    expect(spof(freeTier)).toEqual(
      expect.arrayContaining(['WS-SPOF-RDS-SINGLE-AZ', 'WS-SPOF-SINGLE-INSTANCE']),
    );
  }, 120_000);
});

describe('wellstack analyze', () => {
  const template = join(fixtures, 'analyze/legacy-app.template.json');

  it('prices, checks and draws a template wellstack did not write', async () => {
    const out = tempOut();
    const run = await runAnalyze({ ...defaults, input: template, out });
    expect(run.plan.preset).toBeNull();
    expect(run.plan.region).toBe('ap-northeast-2');
    expect(run.plan.stacks).toEqual([
      expect.objectContaining({
        name: 'legacy-app',
        template: expect.stringMatching(/legacy-app\.template\.json$/),
      }),
    ]);
    const ids = run.plan.findings.map((f) => `${f.id} ${f.resource}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        'WS-SEC-SSH-WORLD WebSg',
        'WS-SEC-DB-PUBLIC Db',
        'WS-SPOF-RDS-SINGLE-AZ Db',
        'WS-SEC-IMDSV1 Web',
        'WS-SEC-PLAINTEXT-SECRET Web',
        'WS-COST-GP2 Db',
        // cdk-nag's AwsSolutions pack runs on the foreign template too (through CfnInclude).
        'AwsSolutions-RDS2 Db',
        'AwsSolutions-EC23 WebSg',
      ]),
    );
    expect(run.plan.findings.find((f) => f.id === 'AwsSolutions-RDS2')?.source).toBe('cdk-nag');
    const lines = run.plan.cost!.lineItems.map((l) => `${l.resource} ${l.type}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        'Nat AWS::EC2::NatGateway',
        'Web AWS::EC2::Instance',
        'Db AWS::RDS::DBInstance',
      ]),
    );
    expect(run.plan.cost?.unpriced).toEqual([]);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });

  it('fails with --fail-on high when a high finding exists', async () => {
    const run = await runAnalyze({ ...defaults, failOn: 'high', input: template, out: tempOut() });
    expect(run.failures).toEqual(['findings at or above "high" (--fail-on high)']);
  });

  it('rejects an unknown usage key before writing anything', async () => {
    const out = tempOut();
    await expect(
      runPlan({
        ...defaults,
        preset: 'startup',
        out,
        usage: {},
        config: join(fixtures, 'configs/bad-usage.config.ts'),
      }),
    ).rejects.toThrow(UsageError);
    expect(existsSync(out)).toBe(false);
  });
});

describe('wellstack plan --compare', () => {
  it('plans each preset into its own folder and writes a side-by-side report', async () => {
    const out = tempOut();
    const { runs, report } = await runCompare(['free-tier', 'ha'], { ...defaults, out, validation: false });
    expect(runs.map((r) => r.plan.preset)).toEqual(['free-tier', 'ha']);
    expect(runs[1]!.plan.cost!.monthly).toBeGreaterThan(runs[0]!.plan.cost!.monthly);
    const html = readFileSync(report, 'utf8');
    for (const r of runs) expect(html).toContain(r.plan.cost!.monthly.toFixed(2));
    expect(existsSync(join(out, 'free-tier', 'plan.json'))).toBe(true);
    expect(existsSync(join(out, 'ha', 'plan.json'))).toBe(true);
  }, 120_000);
});

describe('no partial output', () => {
  it('removes the output folder it created when synthesis fails', async () => {
    const out = tempOut();
    await expect(
      runPlan({
        ...defaults,
        out,
        config: join(fixtures, 'configs/missing-dist.config.ts'),
        validation: false,
      }),
    ).rejects.toThrow(/no-such-build/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('the wellstack command', () => {
  const run = promisify(execFile);
  const cli = (args: string[]) =>
    run(process.execPath, [join(root, 'bin/wellstack.js'), ...args], { cwd: root }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it('exits 2 with the field, the value and the fix for a bad config, and writes nothing', async () => {
    const out = tempOut();
    const result = await cli(['plan', '--config', join(fixtures, 'configs/typo.config.ts'), '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('databse: unknown field: did you mean "database"?');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('prints only the plan object on stdout with --json', async () => {
    const out = tempOut();
    const result = await cli([
      'analyze',
      join(fixtures, 'analyze/legacy-app.template.json'),
      '--out',
      out,
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')));
  });

  it('exits 2 on an unknown option value', async () => {
    const result = await cli(['plan', '--pricing', 'reserved-3y']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("argument 'reserved-3y' is invalid");
  });
});
