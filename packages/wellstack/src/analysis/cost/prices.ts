import seoul from './prices/ap-northeast-2.json' with { type: 'json' };
import virginia from './prices/us-east-1.json' with { type: 'json' };

/**
 * One figure of a price table. `source` is a code from the table's `sources` (V1, PL, BILL, MCP, …) or
 * `unverified`; `date` is when the source was read or published.
 */
export interface PriceEntry {
  readonly price: number;
  readonly unit: string;
  readonly source: string;
  readonly date: string;
  readonly note?: string;
}

/** A commitment discount (fraction off the on-demand price) with its source. */
export interface Discount {
  readonly discount: number;
  readonly source: string;
  readonly date: string;
  readonly note?: string;
}

/** A free-tier allowance per month, in the unit of the lines it offsets. */
export interface Allowance {
  readonly amount: number;
  readonly unit: string;
  readonly source: string;
  readonly date: string;
  /** Instance or node classes the allowance applies to; any when absent. */
  readonly eligible?: readonly string[];
  readonly note?: string;
}

export interface RdsInstancePrice {
  readonly singleAz: PriceEntry;
  /** When absent, Multi-AZ is priced at twice the single-AZ figure. */
  readonly multiAz?: PriceEntry;
}

/** Prices of one region. Kept as JSON data in `prices/<region>.json`; every figure carries its source. */
export interface PriceTable {
  readonly region: string;
  readonly currency: string;
  readonly sources: Record<string, string>;
  readonly ec2: Record<string, { readonly onDemand: PriceEntry; readonly spot?: PriceEntry }>;
  readonly ebs: Record<string, PriceEntry>;
  readonly network: {
    readonly albHour: PriceEntry;
    readonly albLcu: PriceEntry;
    readonly nlbHour: PriceEntry;
    readonly nlbNlcu: PriceEntry;
    readonly natGatewayHour: PriceEntry;
    readonly natGatewayGb: PriceEntry;
    readonly publicIpv4Hour: PriceEntry;
    readonly vpnConnectionHour: PriceEntry;
    readonly interfaceEndpointHour: PriceEntry;
    readonly interfaceEndpointGb: PriceEntry;
    readonly dataOutGb: PriceEntry;
  };
  /** Instance classes → engine (`postgres`, `mysql`, `aurora-postgresql`, `aurora-mysql`) → price. */
  readonly rds: {
    readonly instances: Record<string, Record<string, RdsInstancePrice>>;
    readonly storage: Record<string, PriceEntry>;
  };
  readonly aurora: {
    readonly storageGb: PriceEntry;
    readonly ioPerMillion: PriceEntry;
    readonly acuHour: PriceEntry;
  };
  readonly elasticache: Record<string, PriceEntry>;
  readonly s3: {
    readonly standardGb: PriceEntry;
    readonly putPer1k: PriceEntry;
    readonly getPer1k: PriceEntry;
  };
  readonly cloudfront: {
    readonly gbOut: PriceEntry;
    readonly requestsPer10k: PriceEntry;
    readonly functionsPerMillion: PriceEntry;
  };
  readonly route53: {
    readonly hostedZone: PriceEntry;
    readonly queriesPerMillion: PriceEntry;
    readonly healthCheckAws: PriceEntry;
    readonly healthCheckNonAws: PriceEntry;
    readonly optionalFeatureAws: PriceEntry;
    readonly optionalFeatureNonAws: PriceEntry;
  };
  readonly cloudwatch: {
    readonly alarm: PriceEntry;
    readonly alarmHighResolution: PriceEntry;
    readonly compositeAlarm: PriceEntry;
    readonly dashboard: PriceEntry;
    readonly customMetric: PriceEntry;
    readonly logsIngestedGb: PriceEntry;
    readonly logsStoredGb: PriceEntry;
  };
  readonly secretsManager: { readonly secret: PriceEntry; readonly per10kCalls: PriceEntry };
  readonly kms: { readonly key: PriceEntry; readonly per10kRequests: PriceEntry };
  readonly lambda: {
    readonly perMillionRequests: PriceEntry;
    readonly gbSecondX86: PriceEntry;
    readonly gbSecondArm: PriceEntry;
  };
  readonly apiGateway: { readonly httpPerMillion: PriceEntry; readonly restPerMillion: PriceEntry };
  readonly dynamodb: {
    readonly writePerMillion: PriceEntry;
    readonly readPerMillion: PriceEntry;
    readonly storageGb: PriceEntry;
    readonly wcuHour: PriceEntry;
    readonly rcuHour: PriceEntry;
  };
  readonly sqs: { readonly standardPerMillion: PriceEntry; readonly fifoPerMillion: PriceEntry };
  readonly sns: { readonly publishPerMillion: PriceEntry };
  readonly ecr: { readonly storageGb: PriceEntry };
  readonly ssm: { readonly advancedParameter: PriceEntry };
  readonly commitments: {
    readonly savings1y: Partial<Record<'ec2' | 'rds' | 'elasticache', Discount>>;
  };
  readonly freeTier: {
    /** 12-month offers of accounts opened before 2025-07-15. */
    readonly legacy: Record<string, Allowance>;
    /** Offers every account keeps. */
    readonly always: Record<string, Allowance>;
  };
}

// Typed assignments make tsc check both JSON files against PriceTable.
const seoulTable: PriceTable = seoul;
const virginiaTable: PriceTable = virginia;
const TABLES: Readonly<Record<string, PriceTable>> = {
  'ap-northeast-2': seoulTable,
  'us-east-1': virginiaTable,
};

export const SUPPORTED_REGIONS: readonly string[] = Object.keys(TABLES);

export class UnsupportedRegionError extends Error {}

/** The built-in price table of a region; throws for a region without one. */
export function priceTable(region: string): PriceTable {
  const table = TABLES[region];
  if (!table)
    throw new UnsupportedRegionError(
      `no price table for region "${region}": supported regions are ${SUPPORTED_REGIONS.join(', ')} (or pass your own table in options.prices)`,
    );
  return table;
}

/** How a figure is cited in a line item: `PL 2026-10-01`, or `unverified (estimate 2026-11-22: note)`. */
export function citation(entry: {
  readonly source: string;
  readonly date: string;
  readonly note?: string;
}): string {
  if (entry.source === 'unverified')
    return `unverified (estimate ${entry.date}${entry.note ? `: ${entry.note}` : ''})`;
  return `${entry.source} ${entry.date}`;
}
