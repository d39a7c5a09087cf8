import { type ResourceRef, refsIn } from '../../template/index.ts';
import type { Charge, Priced, PricingContext } from '../context.ts';
import { share } from '../context.ts';

const AWS_DOMAIN = /\.(amazonaws\.com|cloudfront\.net|awsglobalaccelerator\.com)\.?$/i;
const AWS_TYPES = new Set(['CALCULATED', 'CLOUDWATCH_METRIC', 'RECOVERY_CONTROL']);

/**
 * Route 53: hosted zones by the month, `route53Queries` split over the zones, health checks by the
 * month — an endpoint inside AWS (a resource of the template, an AWS domain, a calculated or metric
 * check) at the AWS rate with the first 50 free, anything else (a home server) at the non-AWS rate —
 * plus each optional feature (HTTPS, string matching, 10-second interval, latency measurement).
 */
export function priceRoute53(ctx: PricingContext): Priced {
  const charges: Charge[] = [];
  const r53 = ctx.prices.route53;
  const zones = ctx.ofType('AWS::Route53::HostedZone');
  if (zones.length > 0) {
    const queries = share(ctx.use('route53Queries'), zones.length) / 1e6;
    for (const ref of zones) {
      charges.push(ctx.charge(ref, 'hosted zone', 1, r53.hostedZone));
      if (queries > 0) charges.push(ctx.charge(ref, 'standard DNS queries', queries, r53.queriesPerMillion));
    }
  }
  let awsChecks = 0;
  for (const ref of ctx.ofType('AWS::Route53::HealthCheck')) {
    const aws = awsEndpoint(ctx, ref);
    const features = optionalFeatures(ctx, ref);
    if (aws) {
      awsChecks += 1;
      const free = awsChecks <= 50;
      charges.push(
        ctx.charge(
          ref,
          `health check of an AWS endpoint${free ? ' (within the first 50: free)' : ''}`,
          1,
          free ? { ...r53.healthCheckAws, price: 0 } : r53.healthCheckAws,
        ),
      );
    } else charges.push(ctx.charge(ref, 'health check of a non-AWS endpoint', 1, r53.healthCheckNonAws));
    if (features.length > 0)
      charges.push(
        ctx.charge(
          ref,
          `health check optional features: ${features.join(', ')}`,
          features.length,
          aws ? r53.optionalFeatureAws : r53.optionalFeatureNonAws,
        ),
      );
  }
  return { charges };
}

function awsEndpoint(ctx: PricingContext, ref: ResourceRef): boolean {
  const type = ctx.string(ref, 'HealthCheckConfig.Type') ?? '';
  if (AWS_TYPES.has(type)) return true;
  const domain = ctx.value(ref, 'HealthCheckConfig.FullyQualifiedDomainName');
  if (refsIn(domain).length > 0) return true;
  return typeof domain === 'string' && AWS_DOMAIN.test(domain);
}

function optionalFeatures(ctx: PricingContext, ref: ResourceRef): string[] {
  const type = ctx.string(ref, 'HealthCheckConfig.Type') ?? '';
  const features: string[] = [];
  if (type.startsWith('HTTPS')) features.push('HTTPS');
  if (type.endsWith('STR_MATCH')) features.push('string matching');
  if (ctx.number(ref, 'HealthCheckConfig.RequestInterval') === 10) features.push('fast interval');
  if (ctx.boolean(ref, ctx.value(ref, 'HealthCheckConfig.MeasureLatency')) === true)
    features.push('latency measurement');
  return features;
}
