/**
 * Monthly usage the templates cannot tell: traffic, requests, stored data. Totals are per month across
 * all resources of a kind and are split evenly among them (e.g. two buckets share `s3StorageGb`).
 */
export interface Usage {
  readonly hours: number;
  readonly azsWhenUnknown: number;
  readonly dataOutGb: number;
  readonly albLcuPerHour: number;
  readonly nlbNlcuPerHour: number;
  readonly natGatewayGb: number;
  readonly interfaceEndpointGb: number;
  readonly cloudfrontGb: number;
  readonly cloudfrontRequests: number;
  readonly s3StorageGb: number;
  readonly s3GetRequests: number;
  readonly s3PutRequests: number;
  readonly logsIngestedGb: number;
  readonly logsStoredGb: number;
  readonly route53Queries: number;
  readonly lambdaInvocations: number;
  readonly lambdaDurationMs: number;
  readonly apiRequests: number;
  readonly dynamodbReads: number;
  readonly dynamodbWrites: number;
  readonly dynamodbStorageGb: number;
  readonly sqsRequests: number;
  readonly snsPublishes: number;
  readonly secretsApiCalls: number;
  readonly kmsRequests: number;
  readonly ecrStorageGb: number;
  readonly auroraStorageGb: number;
  readonly auroraIoRequests: number;
}

export type UsageKey = keyof Usage;

export interface UsageKeyInfo {
  readonly meaning: string;
  readonly unit: string;
  readonly default: number;
}

/** Every usage key with its meaning, unit and default: what the CLI exposes and the report shows. */
export const usageKeys: Readonly<Record<UsageKey, UsageKeyInfo>> = {
  hours: { meaning: 'hours each resource runs per month', unit: 'hour', default: 730 },
  azsWhenUnknown: {
    meaning:
      'availability zones assumed when a load balancer or endpoint lists its subnets in a way the template does not resolve',
    unit: 'AZ',
    default: 2,
  },
  dataOutGb: {
    meaning:
      'data out to the internet from load balancers, API gateways or public instances (not via CloudFront)',
    unit: 'GB',
    default: 20,
  },
  albLcuPerHour: { meaning: 'average LCUs each application load balancer uses', unit: 'LCU', default: 1 },
  nlbNlcuPerHour: { meaning: 'average NLCUs each network load balancer uses', unit: 'NLCU', default: 1 },
  natGatewayGb: { meaning: 'data processed by all NAT gateways together', unit: 'GB', default: 10 },
  interfaceEndpointGb: { meaning: 'data processed by each interface VPC endpoint', unit: 'GB', default: 1 },
  cloudfrontGb: { meaning: 'data CloudFront serves to viewers, all distributions', unit: 'GB', default: 50 },
  cloudfrontRequests: {
    meaning: 'viewer requests to CloudFront, all distributions',
    unit: 'request',
    default: 1_000_000,
  },
  s3StorageGb: { meaning: 'S3 Standard storage, all buckets', unit: 'GB-month', default: 5 },
  s3GetRequests: { meaning: 'S3 GET requests, all buckets', unit: 'request', default: 100_000 },
  s3PutRequests: { meaning: 'S3 PUT/COPY/POST/LIST requests, all buckets', unit: 'request', default: 10_000 },
  logsIngestedGb: { meaning: 'CloudWatch Logs ingested, all log groups', unit: 'GB', default: 1 },
  logsStoredGb: { meaning: 'CloudWatch Logs stored, all log groups', unit: 'GB-month', default: 3 },
  route53Queries: { meaning: 'standard DNS queries, all hosted zones', unit: 'query', default: 1_000_000 },
  lambdaInvocations: {
    meaning: 'invocations of application Lambda functions (deploy-time handlers excluded)',
    unit: 'request',
    default: 1_000_000,
  },
  lambdaDurationMs: { meaning: 'average duration of one Lambda invocation', unit: 'ms', default: 100 },
  apiRequests: { meaning: 'API Gateway requests, all APIs', unit: 'request', default: 1_000_000 },
  dynamodbReads: {
    meaning: 'on-demand read request units, all tables',
    unit: 'request unit',
    default: 5_000_000,
  },
  dynamodbWrites: {
    meaning: 'on-demand write request units, all tables',
    unit: 'request unit',
    default: 1_000_000,
  },
  dynamodbStorageGb: { meaning: 'DynamoDB storage, all tables', unit: 'GB-month', default: 1 },
  sqsRequests: { meaning: 'SQS requests, all queues', unit: 'request', default: 1_000_000 },
  snsPublishes: { meaning: 'SNS publishes, all topics', unit: 'request', default: 10_000 },
  secretsApiCalls: { meaning: 'Secrets Manager API calls, all secrets', unit: 'call', default: 10_000 },
  kmsRequests: { meaning: 'KMS requests, all customer keys', unit: 'request', default: 10_000 },
  ecrStorageGb: { meaning: 'ECR image storage, all repositories', unit: 'GB-month', default: 1 },
  auroraStorageGb: { meaning: 'Aurora storage, each cluster', unit: 'GB-month', default: 10 },
  auroraIoRequests: { meaning: 'Aurora I/O requests, each cluster', unit: 'request', default: 1_000_000 },
};

/** The defaults of every usage key (730 hours, 20 GB out, 1M CloudFront requests, …): see `usageKeys`. */
export const DEFAULT_USAGE: Usage = Object.fromEntries(
  Object.entries(usageKeys).map(([key, info]) => [key, info.default]),
) as unknown as Usage;
