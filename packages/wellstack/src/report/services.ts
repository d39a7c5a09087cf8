import type { LineItem } from '../analysis/cost/types.ts';

/** Billing-style service names per CloudFormation service prefix (`AWS::<Service>::…`). */
const SERVICES: Record<string, string> = {
  AutoScaling: 'EC2',
  ElasticLoadBalancingV2: 'ELB',
  ElasticLoadBalancing: 'ELB',
  RDS: 'RDS',
  ElastiCache: 'ElastiCache',
  S3: 'S3',
  CloudFront: 'CloudFront',
  Route53: 'Route 53',
  CloudWatch: 'CloudWatch',
  Logs: 'CloudWatch',
  SecretsManager: 'Secrets Manager',
  Lambda: 'Lambda',
  ApiGateway: 'API Gateway',
  ApiGatewayV2: 'API Gateway',
  DynamoDB: 'DynamoDB',
  SQS: 'SQS',
  SNS: 'SNS',
  KMS: 'KMS',
  ECR: 'ECR',
  CodeDeploy: 'CodeDeploy',
  CertificateManager: 'ACM',
};

const VPC_TYPES =
  /^AWS::EC2::(NatGateway|VPCEndpoint|EIP|VPNConnection|VPNGateway|TransitGateway|CustomerGateway)/;

/**
 * The service a line is billed under, as a person reads a bill: EBS volumes and public IPv4 addresses
 * apart from the instances and load balancers they come with, NAT gateways and endpoints under VPC.
 */
export function serviceOf(item: Pick<LineItem, 'type' | 'description'>): string {
  if (/\bIPv4\b|Elastic IP/i.test(item.description)) return 'VPC / public IPv4';
  if (/data transfer|transfer out/i.test(item.description) && !item.type.includes('CloudFront'))
    return 'Data transfer';
  if (
    /^AWS::(EC2|AutoScaling)::/.test(item.type) &&
    /\bEBS\b|\bgp[23]\b|volume|snapshot/i.test(item.description)
  )
    return 'EBS';
  if (VPC_TYPES.test(item.type)) return 'VPC';
  const prefix = item.type.split('::')[1] ?? item.type;
  if (prefix === 'EC2') return 'EC2';
  return SERVICES[prefix] ?? prefix;
}

export interface ServiceCost {
  readonly service: string;
  readonly monthly: number;
  readonly lines: number;
}

/** Monthly cost per service, most expensive first. */
export function costByService(items: readonly LineItem[]): ServiceCost[] {
  const totals = new Map<string, { monthly: number; lines: number }>();
  for (const item of items) {
    const service = serviceOf(item);
    const t = totals.get(service) ?? { monthly: 0, lines: 0 };
    totals.set(service, { monthly: t.monthly + item.monthly, lines: t.lines + 1 });
  }
  return [...totals]
    .map(([service, t]) => ({ service, ...t }))
    .sort((a, b) => b.monthly - a.monthly || a.service.localeCompare(b.service));
}

/** The most expensive lines, at most `n`. */
export function topLines(items: readonly LineItem[], n: number): LineItem[] {
  return [...items].sort((a, b) => b.monthly - a.monthly).slice(0, n);
}

/** `1,234.56`: two decimals for totals. */
export function usd(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A unit price with as many decimals as it needs (`0.0045`, `0.059`, `16.43`). */
export function unitUsd(value: number): string {
  if (value === 0 || value >= 1) return usd(value);
  return value.toLocaleString('en-US', { maximumSignificantDigits: 3, maximumFractionDigits: 8 });
}

export function isUnverified(source: string): boolean {
  return source.trim() === '' || /unverified/i.test(source);
}
