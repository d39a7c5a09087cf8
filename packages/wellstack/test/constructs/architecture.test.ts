import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/index.ts';
import { buildApp } from '../../src/constructs/app.ts';

/**
 * The composition: how WebServiceArchitecture wires the parts of each preset together — the security
 * chain ALB → web → app → data, grants, the services' environment, DNS and the edge.
 */

type Resources = Record<
  string,
  { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }
>;

function synth(input: Record<string, unknown>) {
  const config = resolveConfig(input);
  const built = buildApp(config, {
    outdir: mkdtempSync(join(tmpdir(), 'wellstack-arch-')),
    baseDir: process.cwd(),
    validation: false,
    nag: false,
  });
  const template = Template.fromStack(built.main);
  const resources = template.toJSON().Resources as Resources;
  return { config, built, template, resources, edge: built.edge && Template.fromStack(built.edge) };
}

/** The logical id of the one resource of `type` whose construct path ends with `suffix`. */
function idAt(resources: Resources, type: string, suffix: string): string {
  const ids = Object.entries(resources)
    .filter(([, r]) => r.Type === type && String(r.Metadata?.['aws:cdk:path'] ?? '').endsWith(suffix))
    .map(([id]) => id);
  expect(ids, `${type} at …${suffix}`).toHaveLength(1);
  return ids[0]!;
}

/** Every ingress rule of a security group as `source:port`; the source is a SG logical id, a CIDR or a prefix list. */
function ingress(resources: Resources, sg: string): string[] {
  const ref = (v: unknown) => {
    const getAtt = (v as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
    return getAtt ? getAtt[0] : JSON.stringify(v);
  };
  const source = (r: Record<string, unknown>) =>
    r.CidrIp ?? r.CidrIpv6 ?? r.SourcePrefixListId ?? ref(r.SourceSecurityGroupId);
  const rules: string[] = [];
  const inline = (resources[sg]?.Properties?.SecurityGroupIngress ?? []) as Record<string, unknown>[];
  for (const r of inline) rules.push(`${source(r)}:${r.FromPort}`);
  for (const r of Object.values(resources)) {
    if (r.Type !== 'AWS::EC2::SecurityGroupIngress' || ref(r.Properties?.GroupId) !== sg) continue;
    const p = r.Properties!;
    rules.push(`${source(p)}:${p.FromPort}`);
  }
  return rules.sort();
}

/** The env file the launch template's user data writes, as NAME → rendered value. */
function envFile(resources: Resources, launchTemplate: string): Record<string, string> {
  const data = resources[launchTemplate]?.Properties?.LaunchTemplateData as { UserData: unknown };
  const text = JSON.stringify(data.UserData);
  const body = text.split("WELLSTACK_ENV'")[1]!.split('WELLSTACK_ENV')[0]!;
  const names = [...body.matchAll(/\\n([A-Z_][A-Z0-9_]*)=/g)].map((m) => m[1]!);
  return Object.fromEntries(names.map((n) => [n, body.split(`\\n${n}=`)[1]!.split('\\n')[0]!]));
}

describe('ha: the security chain ALB → web → internal ALB → app → data', () => {
  let r: Resources;
  let sg: Record<string, string>;

  beforeAll(() => {
    r = synth({ preset: 'ha' }).resources;
    sg = {
      alb: idAt(r, 'AWS::EC2::SecurityGroup', '/Services/LoadBalancer/SecurityGroup/Resource'),
      internalAlb: idAt(
        r,
        'AWS::EC2::SecurityGroup',
        '/Services/InternalLoadBalancer/SecurityGroup/Resource',
      ),
      web: idAt(r, 'AWS::EC2::SecurityGroup', '/Services/web/SecurityGroup/Resource'),
      app: idAt(r, 'AWS::EC2::SecurityGroup', '/Services/app/SecurityGroup/Resource'),
      db: idAt(r, 'AWS::EC2::SecurityGroup', '/Database/SecurityGroup/Resource'),
      cache: idAt(r, 'AWS::EC2::SecurityGroup', '/Cache/SecurityGroup/Resource'),
    };
  });

  it('admits only CloudFront at the public ALB, on port 80: every client comes through the distribution', () => {
    expect(ingress(r, sg.alb!)).toEqual(['pl-22a6434b:80']);
    const web = envFile(r, idAt(r, 'AWS::EC2::LaunchTemplate', '/Services/web/LaunchTemplate/Resource'));
    // Client address = the entry CloudFront appended, behind the ALB's own.
    expect(web.TRUST_PROXY_HOPS).toBe('2');
  });

  it('lets each tier admit only the tier in front of it', () => {
    expect(ingress(r, sg.web!)).toEqual([`${sg.alb}:8080`]);
    expect(ingress(r, sg.internalAlb!)).toEqual([`${sg.web}:80`]);
    expect(ingress(r, sg.app!)).toEqual([`${sg.internalAlb}:8080`]);
    expect(ingress(r, sg.db!)).toEqual([`${sg.app}:5432`]);
    expect(ingress(r, sg.cache!)).toEqual([`${sg.app}:6379`]);
  });

  it('gives the data secrets to the app tier only, and the JWT key to both tiers', () => {
    const policies = Object.values(r).filter((x) => x.Type === 'AWS::IAM::Policy');
    const secretReaders = (type: string, secretSuffix: string) => {
      const secret = idAt(r, type, secretSuffix);
      return policies
        .filter((p) => JSON.stringify(p.Properties?.PolicyDocument).includes(`"Ref":"${secret}"`))
        .flatMap((p) => (p.Properties!.Roles as { Ref: string }[]).map((role) => role.Ref))
        .sort();
    };
    const role = (service: string) => idAt(r, 'AWS::IAM::Role', `/Services/${service}/Role/Resource`);
    // The database secret is granted through its attachment to the instance (it then holds the host).
    expect(
      secretReaders(
        'AWS::SecretsManager::SecretTargetAttachment',
        '/Database/Instance/Secret/Attachment/Resource',
      ),
    ).toEqual([role('app')]);
    expect(secretReaders('AWS::SecretsManager::Secret', '/JwtSecret/Resource')).toEqual(
      [role('app'), role('web')].sort(),
    );
  });

  it('tells the web tier where the app tier is, and the app tier where its data is', () => {
    const web = envFile(r, idAt(r, 'AWS::EC2::LaunchTemplate', '/Services/web/LaunchTemplate/Resource'));
    const app = envFile(r, idAt(r, 'AWS::EC2::LaunchTemplate', '/Services/app/LaunchTemplate/Resource'));
    expect(Object.keys(web)).toContain('INTERNAL_URL_APP');
    expect(Object.keys(app)).toEqual(
      expect.arrayContaining([
        'DATABASE_SECRET_ARN',
        'DATABASE_SSL',
        'JWT_SECRET_ARN',
        'REDIS_URL',
        'PORT',
        'METRICS_PORT',
      ]),
    );
    expect(app.DATABASE_SSL).toBe('require');
    expect(app.REDIS_URL).toMatch(/^rediss:\/\//);
    // No secret value is ever written into user data: only references.
    for (const env of [web, app])
      expect(Object.keys(env).filter((k) => /(PASSWORD|SECRET)$/.test(k))).toEqual([]);
  });
});

describe('startup: monitoring and delivery wiring', () => {
  let t: Template;
  let r: Resources;

  beforeAll(() => {
    ({ template: t, resources: r } = synth({
      preset: 'startup',
      delivery: { githubRepository: 'acme/shop' },
    }));
  });

  it('opens the metrics port to the monitoring server only', () => {
    const app = idAt(r, 'AWS::EC2::SecurityGroup', '/Services/app/SecurityGroup/Resource');
    const alb = idAt(r, 'AWS::EC2::SecurityGroup', '/Services/LoadBalancer/SecurityGroup/Resource');
    const monitoring = idAt(r, 'AWS::EC2::SecurityGroup', '/Monitoring/SecurityGroup/Resource');
    expect(ingress(r, app)).toEqual([`${alb}:8080`, `${monitoring}:9464`].sort());
    expect(ingress(r, monitoring)).toEqual([]);
  });

  it('deploys the service group with CodeDeploy and rolls back on its alarms', () => {
    const asg = idAt(r, 'AWS::AutoScaling::AutoScalingGroup', '/Services/app/AutoScalingGroup/ASG');
    t.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      AutoScalingGroups: [{ Ref: asg }],
      DeploymentConfigName: 'CodeDeployDefault.OneAtATime',
      AlarmConfiguration: Match.objectLike({ Enabled: true }),
      AutoRollbackConfiguration: Match.objectLike({ Enabled: true }),
    });
    // The service's two deployment-stopping alarms: unhealthy hosts and p99 latency of its target group.
    const group = Object.values(r).find((x) => x.Type === 'AWS::CodeDeploy::DeploymentGroup')!;
    const alarms = (group.Properties!.AlarmConfiguration as { Alarms: { Name: { Ref: string } }[] }).Alarms;
    const targetGroup = idAt(
      r,
      'AWS::ElasticLoadBalancingV2::TargetGroup',
      '/Services/app/TargetGroup/Resource',
    );
    expect(alarms).toHaveLength(2);
    for (const alarm of alarms) {
      expect(JSON.stringify(r[alarm.Name.Ref]?.Properties?.Dimensions)).toContain(targetGroup);
    }
  });

  it('names its outputs plainly for the generated workflow', () => {
    expect(Object.keys(t.toJSON().Outputs)).toEqual(
      expect.arrayContaining([
        'LoadBalancerDns',
        'DistributionDomain',
        'DeployRoleArn',
        'ArtifactsBucket',
        'MonitoringInstanceId',
      ]),
    );
  });
});

describe('multi-service: host routing, DNS, media and the edge', () => {
  let s: ReturnType<typeof synth>;

  beforeAll(() => {
    s = synth({ preset: 'multi-service' });
  });

  it('keeps the ALB open to the internet (its hosts point at it) and trusts one proxy hop', () => {
    const { resources: r } = s;
    const alb = idAt(r, 'AWS::EC2::SecurityGroup', '/Services/LoadBalancer/SecurityGroup/Resource');
    expect(ingress(r, alb)).toEqual(['0.0.0.0/0:443', '0.0.0.0/0:80']);
    const api = envFile(r, idAt(r, 'AWS::EC2::LaunchTemplate', '/Services/api/LaunchTemplate/Resource'));
    expect(api.TRUST_PROXY_HOPS).toBeUndefined();
  });

  it('lets both services (there is no app tier) reach the data', () => {
    const { resources: r } = s;
    const web = idAt(r, 'AWS::EC2::SecurityGroup', '/Services/web/SecurityGroup/Resource');
    const api = idAt(r, 'AWS::EC2::SecurityGroup', '/Services/api/SecurityGroup/Resource');
    const db = idAt(r, 'AWS::EC2::SecurityGroup', '/Database/SecurityGroup/Resource');
    expect(ingress(r, db)).toEqual([`${api}:5432`, `${web}:5432`].sort());
  });

  it('points the service hosts at the ALB and the CDN host at CloudFront', () => {
    const records = Object.values(s.resources)
      .filter((x) => x.Type === 'AWS::Route53::RecordSet' && x.Properties?.Type === 'A')
      .map(
        (x) =>
          `${x.Properties?.Name} → ${JSON.stringify(x.Properties?.AliasTarget).includes('CloudFront') || JSON.stringify(x.Properties?.AliasTarget).includes('Distribution') ? 'cloudfront' : 'alb'}`,
      )
      .sort();
    expect(records).toEqual([
      'api.example.com. → alb',
      'cdn.example.com. → cloudfront',
      'example.com. → alb',
      'www.example.com. → alb',
    ]);
  });

  it('reaches the ALB from CloudFront over HTTPS by the api host, which the ALB certificate covers', () => {
    s.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([
          Match.objectLike({
            DomainName: 'api.example.com',
            CustomOriginConfig: Match.objectLike({ OriginProtocolPolicy: 'https-only' }),
          }),
        ]),
      }),
    });
    s.template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'example.com',
      SubjectAlternativeNames: Match.arrayWith(['api.example.com']),
    });
    s.edge!.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'cdn.example.com' });
  });

  it('lets both services sign uploads into the media bucket, and tells them where it is', () => {
    const r = s.resources;
    const api = envFile(r, idAt(r, 'AWS::EC2::LaunchTemplate', '/Services/api/LaunchTemplate/Resource'));
    expect(api.MEDIA_BASE_URL).toBe('https://cdn.example.com/media');
    expect(api.MEDIA_BUCKET).toContain(idAt(r, 'AWS::S3::Bucket', '/Edge/MediaBucket/Resource'));
  });
});

describe('free-tier: one box', () => {
  it('serves port 80 to the world from the single instance, which alone reaches the database', () => {
    const { resources: r } = synth({ preset: 'free-tier' });
    const box = idAt(r, 'AWS::EC2::SecurityGroup', '/Services/app/SecurityGroup/Resource');
    const db = idAt(r, 'AWS::EC2::SecurityGroup', '/Database/SecurityGroup/Resource');
    expect(ingress(r, box)).toEqual(['0.0.0.0/0:80']);
    expect(ingress(r, db)).toEqual([`${box}:5432`]);
    expect(Object.values(r).filter((x) => x.Type === 'AWS::EC2::NatGateway')).toEqual([]);
  });
});
