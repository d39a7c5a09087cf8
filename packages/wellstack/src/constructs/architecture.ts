import { Aws, CfnOutput, Lazy, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { ResolvedConfig } from '../config/index.ts';
import { cloudFrontNames } from './app.ts';
import { Cache } from './data/cache.ts';
import { Database } from './data/database.ts';
import { Delivery } from './delivery/delivery.ts';
import { githubWorkflow } from './delivery/github-workflow.ts';
import { Dns } from './dns/dns.ts';
import type { EdgeStack } from './dns/edge-stack.ts';
import { Edge } from './edge/edge.ts';
import { Access } from './network/access.ts';
import { Network } from './network/network.ts';
import { Alarms } from './observability/alarms.ts';
import { MonitoringServer } from './observability/monitoring-server.ts';
import type { ServiceTier } from './services/service-tier.ts';
import { Services } from './services/services.ts';

export interface WebServiceArchitectureProps {
  /** The resolved config (`resolveConfig` or `loadConfig`): every default already applied. */
  readonly config: ResolvedConfig;
  /**
   * Folder that relative paths in the config (e.g. `web.dist`) are resolved against.
   * @default - the working directory
   */
  readonly baseDir?: string;
  /**
   * The us-east-1 stack holding the hosted zone and the CloudFront certificate.
   * @default - none; required when `config.domain` is set
   */
  readonly edge?: EdgeStack;
}

/**
 * The whole web-service architecture of one config: network, access, services behind one ALB, data,
 * edge, DNS, monitoring and delivery, wired into the security-group chain ALB → web → app → data.
 *
 * Use it through `wellstack plan` / `deploy`, or put it into your own CDK app:
 * `new WebServiceArchitecture(stack, 'App', { config: resolveConfig({ preset: 'startup' }) })`.
 */
export class WebServiceArchitecture extends Construct {
  readonly network: Network;
  readonly access: Access;
  readonly services: Services;
  readonly database?: Database;
  readonly cache?: Cache;
  readonly edge?: Edge;
  readonly dns?: Dns;
  readonly monitoring?: MonitoringServer;
  readonly alarms?: Alarms;
  readonly delivery?: Delivery;

  constructor(scope: Construct, id: string, props: WebServiceArchitectureProps) {
    super(scope, id);
    const { config } = props;
    if (config.domain && !props.edge) {
      throw new Error(
        'config.domain is set, so WebServiceArchitecture needs the us-east-1 EdgeStack (props.edge): build the app with buildApp()',
      );
    }
    const { stage } = config;
    this.network = new Network(this, 'Network', config.network);
    const { vpc } = this.network;
    this.access = new Access(this, 'Access', { vpc, bastion: config.access.bastion });
    if (config.monitoring.prometheus) {
      this.monitoring = new MonitoringServer(this, 'Monitoring', {
        vpc,
        instanceType: config.monitoring.instanceType,
      });
    }
    if (config.database)
      this.database = new Database(this, 'Database', { vpc, config: config.database, stage });
    if (config.cache) this.cache = new Cache(this, 'Cache', { vpc, config: config.cache, stage });

    const jwtSecret = new secretsmanager.Secret(this, 'JwtSecret', {
      description: "Signing key of the services' access tokens",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(jwtSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the JWT signing key logs every user out; it is rotated by hand on a schedule. Access tokens live 15 minutes, which bounds the exposure of a leaked key.',
    });

    const edgeHosts = cloudFrontNames(config);
    const serviceHosts = Object.values(config.services).flatMap((s) => s.routing.hosts);
    if (config.domain && props.edge) {
      this.dns = new Dns(this, 'Dns', { zone: props.edge.zone });
    }
    const certificate =
      this.dns && serviceHosts.length > 0 ? this.dns.regionalCertificate(serviceHosts) : undefined;

    // The edge is built after the services (it routes /api/* to their ALB), while the services' env file
    // names its media bucket: lazy values let both refer to each other without a construction-order cycle.
    const environment: Record<string, string> = {
      NODE_ENV: 'production',
      AWS_REGION: Aws.REGION,
      JWT_SECRET_ARN: jwtSecret.secretArn,
      ...(this.database
        ? { DATABASE_SECRET_ARN: this.database.secret.secretArn, DATABASE_SSL: 'require' }
        : {}),
      ...(this.cache ? { REDIS_URL: this.cache.url } : {}),
      ...(config.media
        ? {
            MEDIA_BUCKET: Lazy.string({ produce: () => this.edge?.mediaBucket?.bucketName }),
            MEDIA_BASE_URL: Lazy.string({ produce: () => this.edge?.mediaBaseUrl }),
          }
        : {}),
    };
    // With no host routed to the ALB and CloudFront forwarding /api/*, every client comes through
    // CloudFront: the ALB then admits CloudFront alone, and the services trust its hop in X-Forwarded-For.
    const hasPublicAlb = Object.values(config.services).some((s) => s.compute === 'asg' && !s.internal);
    const cloudFrontOnly =
      hasPublicAlb && serviceHosts.length === 0 && config.web !== false && config.web.apiBehavior;
    this.services = new Services(this, 'Services', {
      vpc,
      services: config.services,
      stage,
      environment: cloudFrontOnly ? { ...environment, TRUST_PROXY_HOPS: '2' } : environment,
      ...(cloudFrontOnly ? { clients: 'cloudfront' as const } : {}),
      ...(certificate ? { certificate } : {}),
      ...(this.monitoring ? { monitoringSecurityGroup: this.monitoring.securityGroup } : {}),
    });

    if (config.web || config.media) {
      const alb = this.services.loadBalancer?.loadBalancer;
      this.edge = new Edge(this, 'Edge', {
        web: config.web,
        media: config.media,
        baseDir: props.baseDir ?? process.cwd(),
        stage,
        ...(alb && config.web && config.web.apiBehavior
          ? {
              api: {
                loadBalancer: alb,
                https: certificate !== undefined,
                ...(certificate ? { domainName: apiOriginHost(config) } : {}),
              },
            }
          : {}),
        ...(props.edge?.certificate && edgeHosts.length > 0
          ? { certificate: props.edge.certificate, domainNames: edgeHosts }
          : {}),
      });
    }

    // The security chain: with an app tier, only it reaches the data; otherwise every service does.
    const tiers = Object.entries(this.services.services);
    const internal = tiers.filter(([name]) => config.services[name]?.internal);
    const dataTiers = internal.length > 0 ? internal : tiers;
    for (const [, tier] of tiers) this.grantTier(tier, jwtSecret);
    for (const [, tier] of dataTiers) {
      if (this.database) {
        this.database.allowFrom(tier);
        this.database.secret.grantRead(tier.role);
      }
      this.cache?.allowFrom(tier);
    }

    if (this.dns && this.edge && edgeHosts.length > 0)
      this.dns.aliasToCloudFront(edgeHosts, this.edge.distribution);
    const alb = this.services.loadBalancer?.loadBalancer;
    if (this.dns && alb && serviceHosts.length > 0) this.dns.aliasToLoadBalancer(serviceHosts, alb);

    if (config.monitoring.alarms) {
      this.alarms = new Alarms(this, 'Alarms', {
        ...(config.monitoring.alarmEmail ? { alarmEmail: config.monitoring.alarmEmail } : {}),
        ...(config.monitoring.slack ? { slack: config.monitoring.slack } : {}),
        ...(alb ? { loadBalancer: alb } : {}),
        targetGroups: Object.fromEntries(
          tiers.flatMap(([n, t]) => (t.targetGroup ? [[n, t.targetGroup]] : [])),
        ),
        autoScalingGroups: Object.fromEntries(
          tiers.flatMap(([n, t]) => (t.autoScalingGroup ? [[n, t.autoScalingGroup]] : [])),
        ),
        ...(this.database ? { database: this.database.instance } : {}),
        ...(this.cache && config.cache
          ? {
              cache: {
                replicationGroupId: this.cache.replicationGroup.ref,
                nodeCount: 1 + config.cache.replicas,
              },
            }
          : {}),
      });
    }

    if (config.delivery.codeDeploy !== 'off') {
      // A deployment that trips its service's unhealthy-host or latency alarm stops and rolls back.
      const alarms = this.alarms;
      const services = Object.fromEntries(
        tiers.flatMap(([name, tier]) =>
          tier.autoScalingGroup && tier.targetGroup
            ? [
                [
                  name,
                  {
                    autoScalingGroup: tier.autoScalingGroup,
                    targetGroup: tier.targetGroup,
                    ...(alarms?.targetGroupAlarms[name] ? { alarms: alarms.targetGroupAlarms[name] } : {}),
                  },
                ],
              ]
            : [],
        ),
      );
      this.delivery = new Delivery(this, 'Delivery', {
        services,
        ecr: config.delivery.ecr,
        stage,
        ...(config.delivery.githubRepository ? { githubRepository: config.delivery.githubRepository } : {}),
        ...(alarms ? { notificationTopic: alarms.topic } : {}),
      });
    }
    this.outputs(config);
  }

  private grantTier(tier: ServiceTier, jwtSecret: secretsmanager.ISecret): void {
    jwtSecret.grantRead(tier.role);
    if (this.edge?.mediaBucket) this.edge.grantUpload(tier.role);
  }

  /** Every output of the stack, declared in one place. */
  private outputs(config: ResolvedConfig): void {
    const output = (name: OutputName, value: string, description?: string) => {
      // Plain output names (no hash) so scripts and the GitHub workflow can refer to them.
      new CfnOutput(this, name, { value, ...(description ? { description } : {}) }).overrideLogicalId(name);
    };
    const alb = this.services.loadBalancer?.loadBalancer;
    if (alb) output('LoadBalancerDns', alb.loadBalancerDnsName);
    if (this.edge) output('DistributionDomain', this.edge.distribution.distributionDomainName);
    if (this.edge?.webBucket) output('WebBucket', this.edge.webBucket.bucketName);
    if (this.database) output('DatabaseSecretArn', this.database.secret.secretArn);
    if (this.monitoring) {
      output(
        'MonitoringInstanceId',
        this.monitoring.instance.instanceId,
        'Grafana: aws ssm start-session --target <id> --document-name AWS-StartPortForwardingSession --parameters portNumber=3000,localPortNumber=3000',
      );
    }
    if (this.delivery) {
      output('ArtifactsBucket', this.delivery.artifactsBucket.bucketName);
      if (this.delivery.deployRole) output('DeployRoleArn', this.delivery.deployRole.roleArn);
    }
    if (config.domain && this.dns) output('HostedZoneId', this.dns.zone.hostedZoneId);
  }

  /**
   * The GitHub Actions workflow that deploys the reference service to this architecture, when the config
   * names a GitHub repository; it reads the `DeployRoleArn` and `ArtifactsBucket` outputs as repository variables.
   */
  githubWorkflow(region: string): string | undefined {
    if (!this.delivery?.deployRole) return undefined;
    return githubWorkflow({
      region,
      roleArnOutputName: 'DeployRoleArn' satisfies OutputName,
      bucketOutputName: 'ArtifactsBucket' satisfies OutputName,
      applicationName: this.delivery.applicationName,
      deploymentGroups: this.delivery.deploymentGroupNames,
    });
  }
}

/** The stack's outputs, declared in one place. */
export type OutputName =
  | 'LoadBalancerDns'
  | 'DistributionDomain'
  | 'WebBucket'
  | 'DatabaseSecretArn'
  | 'MonitoringInstanceId'
  | 'ArtifactsBucket'
  | 'DeployRoleArn'
  | 'HostedZoneId';

/**
 * The host CloudFront's `/api/*` behaviour connects to over HTTPS: it must be in the ALB's certificate and
 * route to the API. A service named `api` wins, else the first service with a host.
 */
function apiOriginHost(config: ResolvedConfig): string {
  const services = Object.entries(config.services).filter(
    ([, s]) => !s.internal && s.routing.hosts.length > 0,
  );
  const chosen = services.find(([name]) => name === 'api') ?? services[0];
  if (!chosen) throw new Error('a certificate exists only when a service has hosts');
  return chosen[1].routing.hosts[0]!;
}
