import { Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import type { DomainConfig } from '../../config/index.ts';

/** CloudFront accepts certificates only from this region; Route 53 is global, so the zone lives here too. */
export const EDGE_REGION = 'us-east-1';

export interface EdgeStackProps extends StackProps {
  /** The resolved `domain` config: the apex name and, optionally, an existing hosted zone (id + name). */
  readonly domain: DomainConfig;
  /**
   * The names on the CloudFront certificate: the distribution's names (apex, www, web hosts).
   *
   * @default - the apex and www.<apex>
   */
  readonly cloudFrontNames?: string[];
}

/**
 * The global half of DNS, in us-east-1: the Route 53 hosted zone and the CloudFront certificate.
 *
 * Give it `env: { region: 'us-east-1' }` and `crossRegionReferences: true` (and the same flag on the main
 * stack) so the main stack can use `zone` and `certificate` directly; CDK carries the values across
 * regions through SSM parameters written and read by custom resources at deploy time.
 *
 * - The zone is imported by id + name when `domain.hostedZone` is set (no lookup, so no AWS account is
 *   needed at synth time); otherwise a public hosted zone is created (USD 0.50/month), and the registrar
 *   must delegate the domain to its name servers before the certificates can validate.
 * - The certificate is validated through DNS records in that zone and renews itself.
 *
 * @example
 * const global = new EdgeStack(app, 'AppGlobal', {
 *   domain, cloudFrontNames: ['example.com', 'www.example.com'],
 *   env: { region: 'us-east-1' }, crossRegionReferences: true,
 * });
 * const main = new Stack(app, 'App', { env: { region: 'ap-northeast-2' }, crossRegionReferences: true });
 * const dns = new Dns(main, 'Dns', { zone: global.zone });
 * new Edge(main, 'Edge', { ..., certificate: global.certificate, domainNames: global.cloudFrontNames });
 */
export class EdgeStack extends Stack {
  readonly zone: route53.IHostedZone;
  /** The CloudFront certificate (us-east-1). */
  readonly certificate: acm.Certificate;
  /** The names on `certificate`, i.e. the distribution's names. */
  readonly cloudFrontNames: string[];

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    if (this.region !== EDGE_REGION) {
      throw new Error(
        `EdgeStack must be in ${EDGE_REGION} (CloudFront certificates live there), not ${this.region}: pass env: { region: '${EDGE_REGION}' }`,
      );
    }
    const { domain } = props;
    this.cloudFrontNames = props.cloudFrontNames ?? [domain.name, `www.${domain.name}`];
    if (this.cloudFrontNames.length === 0) {
      throw new Error(
        'cloudFrontNames is empty: give at least one name, or leave it out for the apex and www',
      );
    }
    const outside = this.cloudFrontNames.filter((n) => n !== domain.name && !n.endsWith(`.${domain.name}`));
    if (outside.length > 0) {
      throw new Error(
        `cloudFrontNames ${outside.join(', ')} are not under ${domain.name}: use names in the domain`,
      );
    }

    this.zone = domain.hostedZone
      ? route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
          hostedZoneId: domain.hostedZone.id,
          zoneName: domain.hostedZone.name,
        })
      : new route53.PublicHostedZone(this, 'Zone', { zoneName: domain.name });

    const [first, ...rest] = this.cloudFrontNames;
    this.certificate = new acm.Certificate(this, 'CloudFrontCertificate', {
      domainName: first!,
      subjectAlternativeNames: rest.length > 0 ? rest : undefined,
      validation: acm.CertificateValidation.fromDns(this.zone),
    });
  }
}
