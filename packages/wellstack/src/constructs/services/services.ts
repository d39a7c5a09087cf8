import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { ServiceConfig, Stage } from '../../config/schema.ts';
import { AutoScaledService } from './auto-scaled-service.ts';
import { LoadBalancer } from './load-balancer.ts';
import { assertDistinctPriorities, ruleKind } from './routing.ts';
import type { ServiceTier } from './service-tier.ts';
import { SingleInstanceService } from './single-instance-service.ts';

export interface ServicesProps {
  readonly vpc: ec2.IVpc;
  /**
   * The resolved services, keyed by name. Each key is the construct id of its service: renaming one
   * replaces it. Each costs its instances by the hour (see `AutoScaledServiceProps.config`).
   */
  readonly services: Readonly<Record<string, ServiceConfig>>;
  /** `prod` turns on the load balancers' deletion protection. */
  readonly stage: Stage;
  /**
   * Regional certificate for the public load balancer: HTTPS on 443 and a redirect on 80.
   * @default - plain HTTP on port 80
   */
  readonly certificate?: acm.ICertificate;
  /**
   * Variables every service gets in its env file (under its own `environment`): ARNs and endpoints, may
   * be tokens. Never secret values.
   * @default {}
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * The only security group allowed to reach the services' metrics ports.
   * @default - no rule: nothing reaches the metrics ports
   */
  readonly monitoringSecurityGroup?: ec2.ISecurityGroup;
  /**
   * Bucket for the public load balancer's access logs (SSE-S3). Costs S3 storage and requests.
   * @default - no access logs
   */
  readonly accessLogsBucket?: s3.IBucket;
  /**
   * Who may reach the public load balancer (see `LoadBalancerProps.clients`).
   * @default 'internet'
   */
  readonly clients?: 'internet' | 'cloudfront';
}

/**
 * All services of the config. Public `asg` services share one internet-facing load balancer: the
 * service without routing conditions takes the listener's default action, otherwise unmatched requests
 * get a fixed 404. Internal services (`internal: true`, the `ha` app tier) sit behind an internal load
 * balancer in the private subnets that admits only the public services' security groups; each public
 * service gets `INTERNAL_URL_<NAME>` (`http://<internal load balancer>`) in its env file. A
 * `compute: 'instance'` service is the single-instance shape, with no load balancer at all.
 */
export class Services extends Construct {
  /** The internet-facing load balancer, when some service is a public `asg` service. */
  readonly loadBalancer?: LoadBalancer;
  /** The internal load balancer, when some service is internal. */
  readonly internalLoadBalancer?: LoadBalancer;
  /** Every service by name, whatever its compute. */
  readonly services: Readonly<Record<string, ServiceTier>>;

  constructor(scope: Construct, id: string, props: ServicesProps) {
    super(scope, id);
    const entries = Object.entries(props.services);
    const publicAsg = Object.fromEntries(entries.filter(([, s]) => s.compute === 'asg' && !s.internal));
    const internalAsg = Object.fromEntries(entries.filter(([, s]) => s.compute === 'asg' && s.internal));
    const instances = Object.fromEntries(entries.filter(([, s]) => s.compute === 'instance'));
    if (Object.keys(internalAsg).length > 0 && Object.keys(publicAsg).length === 0) {
      throw new Error(
        `internal services (${Object.keys(internalAsg).join(', ')}) are reached only through public services: add a service with internal: false and compute: "asg"`,
      );
    }
    for (const [name, s] of Object.entries(internalAsg)) {
      if (s.routing.hosts.length > 0) {
        throw new Error(
          `service "${name}" is internal, so it has no public host names: remove routing.hosts (routing.paths still splits the internal load balancer)`,
        );
      }
    }
    assertDistinctPriorities(publicAsg);
    assertDistinctPriorities(internalAsg);

    const services: Record<string, ServiceTier> = {};
    const shared = props.environment ?? {};

    let internalEnvironment: Record<string, string> = {};
    if (Object.keys(internalAsg).length > 0) {
      const internalLoadBalancer = new LoadBalancer(this, 'InternalLoadBalancer', {
        vpc: props.vpc,
        stage: props.stage,
        internal: true,
        defaultAction: defaultActionFor(internalAsg),
      });
      this.internalLoadBalancer = internalLoadBalancer;
      for (const [name, config] of Object.entries(internalAsg)) {
        services[name] = new AutoScaledService(this, name, {
          vpc: props.vpc,
          name,
          config,
          loadBalancer: internalLoadBalancer,
          environment: shared,
          monitoringSecurityGroup: props.monitoringSecurityGroup,
        });
      }
      internalEnvironment = Object.fromEntries(
        Object.keys(internalAsg).map((name) => [
          `INTERNAL_URL_${name.toUpperCase().replaceAll('-', '_')}`,
          `http://${internalLoadBalancer.loadBalancer.loadBalancerDnsName}`,
        ]),
      );
    }

    if (Object.keys(publicAsg).length > 0) {
      const loadBalancer = new LoadBalancer(this, 'LoadBalancer', {
        vpc: props.vpc,
        stage: props.stage,
        certificate: props.certificate,
        accessLogsBucket: props.accessLogsBucket,
        defaultAction: defaultActionFor(publicAsg),
        ...(props.clients ? { clients: props.clients } : {}),
      });
      this.loadBalancer = loadBalancer;
      for (const [name, config] of Object.entries(publicAsg)) {
        const service = new AutoScaledService(this, name, {
          vpc: props.vpc,
          name,
          config,
          loadBalancer,
          environment: { ...shared, ...internalEnvironment },
          monitoringSecurityGroup: props.monitoringSecurityGroup,
        });
        // The security chain: the internal tier's load balancer admits the public tier and nothing else.
        this.internalLoadBalancer?.connections.allowFrom(
          service,
          ec2.Port.tcp(80),
          `Service ${name} to the internal tier`,
        );
        services[name] = service;
      }
    }

    for (const [name, config] of Object.entries(instances)) {
      services[name] = new SingleInstanceService(this, name, {
        vpc: props.vpc,
        name,
        config,
        environment: shared,
        monitoringSecurityGroup: props.monitoringSecurityGroup,
      });
    }
    this.services = services;
  }
}

/**
 * The listener's default when every service of it has routing conditions: a plain 404, so unmatched
 * hosts and paths reach no service. Otherwise none here — the unconditioned service becomes the default.
 */
function defaultActionFor(services: Record<string, ServiceConfig>): elbv2.ListenerAction | undefined {
  const unconditioned = Object.entries(services).filter(([, s]) => ruleKind(s.routing) === undefined);
  if (unconditioned.length > 1) {
    throw new Error(
      `services ${unconditioned.map(([n]) => `"${n}"`).join(' and ')} have no routing.hosts or routing.paths, but one listener has one default: give all but one of them routing conditions`,
    );
  }
  if (unconditioned.length === 1) return undefined;
  return elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not Found' });
}
