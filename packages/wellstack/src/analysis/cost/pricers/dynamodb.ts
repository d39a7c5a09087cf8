import type { ResourceRef } from '../../template/index.ts';
import type { Charge, Priced, PricingContext } from '../context.ts';
import { share } from '../context.ts';

/**
 * DynamoDB tables: on-demand tables share `dynamodbReads` / `dynamodbWrites` evenly; provisioned tables
 * pay their RCU/WCU (global secondary indexes included) by the hour; every table shares
 * `dynamodbStorageGb`. Always free: 25 GB, 25 RCU and 25 WCU of provisioned capacity.
 */
export function priceDynamoDb(ctx: PricingContext): Priced {
  const tables = ctx.ofType('AWS::DynamoDB::Table');
  if (tables.length === 0) return { charges: [] };
  const ddb = ctx.prices.dynamodb;
  const hours = ctx.use('hours');
  const onDemand = tables.filter((t) => ctx.string(t, 'BillingMode') === 'PAY_PER_REQUEST');
  const storage = share(ctx.use('dynamodbStorageGb'), tables.length) * (hours / 730);
  const charges: Charge[] = [];
  for (const ref of tables) {
    if (onDemand.includes(ref)) {
      const writes = share(ctx.use('dynamodbWrites'), onDemand.length) / 1e6;
      const reads = share(ctx.use('dynamodbReads'), onDemand.length) / 1e6;
      charges.push(
        ctx.charge(ref, 'on-demand write request units', writes, ddb.writePerMillion),
        ctx.charge(ref, 'on-demand read request units', reads, ddb.readPerMillion),
      );
    } else {
      const { rcu, wcu } = provisioned(ctx, ref);
      charges.push(
        ctx.charge(ref, `provisioned ${wcu} WCU`, wcu * hours, ddb.wcuHour, { pool: 'dynamodbWcuHours' }),
        ctx.charge(ref, `provisioned ${rcu} RCU`, rcu * hours, ddb.rcuHour, { pool: 'dynamodbRcuHours' }),
      );
    }
    if (storage > 0)
      charges.push(ctx.charge(ref, 'table storage', storage, ddb.storageGb, { pool: 'dynamodbStorageGb' }));
  }
  return { charges };
}

function provisioned(ctx: PricingContext, ref: ResourceRef): { rcu: number; wcu: number } {
  let rcu = ctx.number(ref, 'ProvisionedThroughput.ReadCapacityUnits') ?? 0;
  let wcu = ctx.number(ref, 'ProvisionedThroughput.WriteCapacityUnits') ?? 0;
  const indexes = ctx.value(ref, 'GlobalSecondaryIndexes');
  for (const index of Array.isArray(indexes) ? indexes : []) {
    const throughput =
      (index as { ProvisionedThroughput?: Record<string, unknown> }).ProvisionedThroughput ?? {};
    rcu += Number(ctx.literal(ref, throughput.ReadCapacityUnits)) || 0;
    wcu += Number(ctx.literal(ref, throughput.WriteCapacityUnits)) || 0;
  }
  return { rcu, wcu };
}
