import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';

export interface DnsProps {
  /** The hosted zone, usually `EdgeStack.zone` (carried across regions by CDK). */
  readonly zone: route53.IHostedZone;
}

/**
 * The main-region half of DNS: the ALB's certificate and the alias records. Alias records to CloudFront and
 * to load balancers are free Route 53 queries.
 *
 * Record construct ids are derived from the host name relative to the zone (`api.example.com` → `Api`,
 * the apex → `Apex`), so adding or removing a host never replaces the records of another.
 */
export class Dns extends Construct {
  readonly zone: route53.IHostedZone;
  private readonly zoneName: string;

  constructor(scope: Construct, id: string, props: DnsProps) {
    super(scope, id);
    this.zone = props.zone;
    this.zoneName = props.zone.zoneName;
  }

  /**
   * The ALB's certificate in this region, DNS-validated in the zone. Call once, with every host the
   * load balancer serves.
   */
  regionalCertificate(names: string[]): acm.Certificate {
    const [first, ...rest] = this.checkNames(names, 'regionalCertificate');
    return new acm.Certificate(this, 'RegionalCertificate', {
      domainName: first!,
      subjectAlternativeNames: rest.length > 0 ? rest : undefined,
      validation: acm.CertificateValidation.fromDns(this.zone),
    });
  }

  /** A + AAAA alias records for each name → the distribution (CloudFront always answers over IPv6 too). */
  aliasToCloudFront(names: string[], distribution: cloudfront.IDistribution): void {
    const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(distribution));
    for (const name of this.checkNames(names, 'aliasToCloudFront')) {
      const id = recordId(name, this.zoneName);
      new route53.ARecord(this, `${id}A`, { zone: this.zone, recordName: name, target });
      new route53.AaaaRecord(this, `${id}Aaaa`, { zone: this.zone, recordName: name, target });
    }
  }

  /** An A alias record for each name → the ALB, and AAAA too when the ALB is dual-stack. */
  aliasToLoadBalancer(names: string[], loadBalancer: elbv2.IApplicationLoadBalancer): void {
    const target = route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(loadBalancer));
    const ipv6 =
      loadBalancer.ipAddressType !== undefined && loadBalancer.ipAddressType !== elbv2.IpAddressType.IPV4;
    for (const name of this.checkNames(names, 'aliasToLoadBalancer')) {
      const id = recordId(name, this.zoneName);
      new route53.ARecord(this, `${id}A`, { zone: this.zone, recordName: name, target });
      if (ipv6) new route53.AaaaRecord(this, `${id}Aaaa`, { zone: this.zone, recordName: name, target });
    }
  }

  private checkNames(names: string[], method: string): string[] {
    if (names.length === 0) throw new Error(`${method} needs at least one name`);
    const outside = names.filter((n) => n !== this.zoneName && !n.endsWith(`.${this.zoneName}`));
    if (outside.length > 0) {
      throw new Error(
        `${method}: ${outside.join(', ')} not in the hosted zone ${this.zoneName}: use names that end in .${this.zoneName}`,
      );
    }
    return names;
  }
}

/** `api.example.com` in example.com → `Api`; `a.b.example.com` → `AB`; the apex → `Apex`. */
function recordId(name: string, zoneName: string): string {
  if (name === zoneName) return 'Apex';
  return name
    .slice(0, -(zoneName.length + 1))
    .split(/[.-]/)
    .map((part) => (part === '*' ? 'Wildcard' : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('');
}
