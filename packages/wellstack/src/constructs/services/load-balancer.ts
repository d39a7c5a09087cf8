import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { SUPPORTED_REGIONS } from '../../config/defaults.ts';
import type { Stage } from '../../config/schema.ts';
import { workloadSubnets } from '../network/subnets.ts';

export interface LoadBalancerProps {
  readonly vpc: ec2.IVpc;
  /** `prod` turns on deletion protection. */
  readonly stage: Stage;
  /**
   * A certificate in the stack's region for the names the load balancer serves. With it, port 443
   * terminates TLS and port 80 only redirects to it.
   * @default - plain HTTP on port 80 (put CloudFront in front for TLS)
   */
  readonly certificate?: acm.ICertificate;
  /**
   * An internal load balancer in the private subnets (see `workloadSubnets`), reached only from what
   * `connections.allowFrom(...)` admits on port 80; never a certificate (TLS would need a private CA).
   * @default false - internet-facing in the public subnets
   */
  readonly internal?: boolean;
  /**
   * Where to write access logs: a bucket with SSE-S3 encryption (ELB cannot write SSE-KMS). Costs S3
   * storage and requests per log object.
   * @default - no access logs
   */
  readonly accessLogsBucket?: s3.IBucket;
  /**
   * What the listener does with a request no rule matches.
   * @default - none: the first target group added without conditions becomes the default; a listener
   * without a default action fails synthesis
   */
  readonly defaultAction?: elbv2.ListenerAction;
  /**
   * Who may reach an internet-facing load balancer: anyone, or only CloudFront's origin-facing servers
   * (AWS's managed prefix list for the stack's region). Use `cloudfront` when every client comes through
   * the distribution, so nobody can skip its TLS, caching and headers by calling the ALB's own name.
   * @default 'internet'
   */
  readonly clients?: 'internet' | 'cloudfront';
}

/**
 * The id of `com.amazonaws.global.cloudfront.origin-facing` per supported region. AWS gives each region
 * its own id and they do not change; looking one up at synth time would need an account. Sources: the
 * VPC console / `aws ec2 describe-managed-prefix-lists` output quoted in public templates (2026-11).
 */
export const CLOUDFRONT_ORIGIN_PREFIX_LISTS: Record<SupportedRegion, string> = {
  'ap-northeast-2': 'pl-22a6434b',
  'us-east-1': 'pl-3b927c52',
};

/**
 * One application load balancer shared by services, and the listener they add their rules to. Costs
 * money by the hour (plus LCUs), and an internet-facing one a public IPv4 address per AZ.
 *
 * Internet-facing, it admits ports 80 (and 443 with a certificate) from `0.0.0.0/0` only. It is IPv4:
 * the VPC has no IPv6 CIDR, so a dual-stack load balancer is impossible and a `::/0` rule would match
 * nothing; IPv6 clients are served by CloudFront, which is dual-stack and reaches this origin over IPv4.
 * Its security group has no egress but the rules CDK adds towards each registered target.
 */
type SupportedRegion = (typeof SUPPORTED_REGIONS)[number];

export class LoadBalancer extends Construct {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The listener services add target groups and rules to: HTTPS with a certificate, HTTP otherwise. */
  readonly listener: elbv2.ApplicationListener;
  readonly securityGroup: ec2.SecurityGroup;
  readonly connections: ec2.Connections;
  /** `http` or `https`: the scheme clients use for {@link listener}. */
  readonly protocol: 'http' | 'https';

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const internal = props.internal ?? false;
    const viaCloudFront = props.clients === 'cloudfront';
    if (internal && viaCloudFront) {
      throw new Error(
        `LoadBalancer ${this.node.path}: an internal load balancer cannot be a CloudFront origin: remove clients or internal`,
      );
    }
    if (internal && props.certificate) {
      throw new Error(
        `LoadBalancer ${this.node.path}: an internal load balancer takes no certificate (its names are not public): remove certificate or internal`,
      );
    }

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: internal
        ? 'Internal load balancer: admits only the tiers in front of it'
        : `Internet-facing load balancer: ${props.certificate ? 'HTTP and HTTPS' : 'HTTP'} from ${viaCloudFront ? 'CloudFront only' : 'anywhere'}`,
      allowAllOutbound: false,
    });
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'Resource', {
      vpc: props.vpc,
      internetFacing: !internal,
      vpcSubnets: internal ? workloadSubnets(props.vpc) : { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: this.securityGroup,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.DEFENSIVE,
      deletionProtection: props.stage === 'prod',
      idleTimeout: Duration.seconds(60),
    });
    this.connections = this.loadBalancer.connections;

    // `open` adds 0.0.0.0/0 rules for the listener ports; CloudFront-only adds the prefix-list rule instead.
    const open = !internal && !viaCloudFront;
    if (props.certificate) {
      this.protocol = 'https';
      this.listener = this.loadBalancer.addListener('Https', {
        protocol: elbv2.ApplicationProtocol.HTTPS,
        port: 443,
        certificates: [props.certificate],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        open,
        defaultAction: props.defaultAction,
      });
      this.loadBalancer.addListener('HttpRedirect', {
        protocol: elbv2.ApplicationProtocol.HTTP,
        port: 80,
        open,
        defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
      });
    } else {
      this.protocol = 'http';
      this.listener = this.loadBalancer.addListener('Http', {
        protocol: elbv2.ApplicationProtocol.HTTP,
        port: 80,
        open,
        defaultAction: props.defaultAction,
      });
    }

    if (viaCloudFront) {
      // The prefix list weighs 55 rules of a security group's default 60: one rule, one port.
      this.connections.allowFrom(
        ec2.Peer.prefixList(cloudFrontPrefixList(Stack.of(this).region)),
        ec2.Port.tcp(props.certificate ? 443 : 80),
        'CloudFront origin-facing servers only',
      );
    }

    if (props.accessLogsBucket) this.loadBalancer.logAccessLogs(props.accessLogsBucket, 'alb');
    else {
      Validations.of(this.loadBalancer).acknowledge({
        id: 'AwsSolutions-ELB2',
        reason:
          'Access logs are opt-in (accessLogsBucket) because they cost S3 storage per request; the load balancer CloudWatch metrics (5xx, latency, unhealthy hosts) and the services own logs cover operations.',
      });
    }
    if (open) {
      Validations.of(this.securityGroup).acknowledge({
        id: 'AwsSolutions-EC23',
        reason:
          'The internet-facing load balancer must accept HTTP/HTTPS from any client; only ports 80/443 are open, invalid headers are dropped and the targets admit only this security group.',
      });
    }
  }
}

function cloudFrontPrefixList(region: string): string {
  const id = CLOUDFRONT_ORIGIN_PREFIX_LISTS[region as SupportedRegion];
  if (Token.isUnresolved(region) || id === undefined) {
    throw new Error(
      `clients: 'cloudfront' needs the stack's region to be one of ${Object.keys(CLOUDFRONT_ORIGIN_PREFIX_LISTS).join(', ')} (got ${region})`,
    );
  }
  return id;
}
