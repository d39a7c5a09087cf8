import type { ResourceRef } from '../../template/index.ts';
import type { Charge, Priced, PricingContext, UnpricedMark } from '../context.ts';

/**
 * RDS: instance hours by class and engine (MariaDB at MySQL prices), Multi-AZ at the table's Multi-AZ
 * figure or twice single-AZ; allocated storage, doubled for Multi-AZ. Aurora: instance hours
 * (Serverless v2 instances as minimum ACUs) and, per cluster, `auroraStorageGb` and `auroraIoRequests`.
 * Single-AZ micro instances draw on the legacy free tier's 750 h and 20 GB.
 */
export function priceRds(ctx: PricingContext): Priced {
  const charges: Charge[] = [];
  const unpriced: UnpricedMark[] = [];
  for (const ref of ctx.ofType('AWS::RDS::DBInstance')) {
    const result = instance(ctx, ref);
    if ('reason' in result) unpriced.push({ ref, reason: result.reason });
    else charges.push(...result.charges);
  }
  for (const ref of ctx.ofType('AWS::RDS::DBCluster')) {
    const engine = ctx.string(ref, 'Engine') ?? '';
    if (!engine.startsWith('aurora')) {
      unpriced.push({ ref, reason: `${engine} Multi-AZ DB clusters are not in the price table` });
      continue;
    }
    const aurora = ctx.prices.aurora;
    charges.push(
      ctx.charge(
        ref,
        'Aurora storage',
        ctx.use('auroraStorageGb') * (ctx.use('hours') / 730),
        aurora.storageGb,
      ),
      ctx.charge(ref, 'Aurora I/O requests', ctx.use('auroraIoRequests') / 1e6, aurora.ioPerMillion),
    );
  }
  return { charges, unpriced };
}

function engineFamily(engine: string): string | undefined {
  if (engine === 'postgres' || engine === 'aurora-postgresql' || engine === 'aurora-mysql') return engine;
  if (engine === 'mysql' || engine === 'mariadb') return 'mysql';
  if (engine === 'aurora') return 'aurora-mysql';
  return undefined;
}

function instance(ctx: PricingContext, ref: ResourceRef): { charges: Charge[] } | { reason: string } {
  const engine = (ctx.string(ref, 'Engine') ?? clusterEngine(ctx, ref) ?? '').toLowerCase();
  const family = engineFamily(engine);
  const cls = ctx.string(ref, 'DBInstanceClass');
  if (!family) return { reason: `engine "${engine}" is not in the price table` };
  if (!cls) return { reason: 'DBInstanceClass not readable' };
  const hours = ctx.use('hours');
  if (cls === 'db.serverless') return { charges: [serverless(ctx, ref, hours)] };

  const prices = ctx.prices.rds.instances[cls]?.[family];
  if (!prices) return { reason: `${cls} ${family} is not in the ${ctx.prices.region} price table` };
  const aurora = family.startsWith('aurora');
  const multiAz = !aurora && ctx.boolean(ref, ref.resource.Properties?.MultiAZ) === true;
  const eligible = !aurora && !multiAz && ctx.prices.freeTier.legacy.rdsHours?.eligible?.includes(cls);
  const charges: Charge[] = [];
  const label = `${cls} ${family}${multiAz ? ' Multi-AZ' : ''}`;
  if (multiAz && !prices.multiAz) {
    const doubled = { ...prices.singleAz, price: prices.singleAz.price * 2 };
    charges.push(
      ctx.charge(ref, `${label} instance hours (2 × single-AZ)`, hours, doubled, { commitment: 'rds' }),
    );
  } else {
    const entry = multiAz && prices.multiAz ? prices.multiAz : prices.singleAz;
    charges.push(
      ctx.charge(ref, `${label} instance hours`, hours, entry, {
        commitment: 'rds',
        ...(eligible ? { pool: 'rdsHours' } : {}),
      }),
    );
  }
  if (aurora) return { charges };

  const size = ctx.number(ref, 'AllocatedStorage');
  const storageType = ctx.string(ref, 'StorageType') ?? 'gp2';
  const storage = ctx.prices.rds.storage[storageType];
  if (size === undefined) return { reason: 'AllocatedStorage not readable' };
  if (!storage) return { reason: `RDS storage type ${storageType} is not in the price table` };
  const copies = multiAz ? 2 : 1;
  charges.push(
    ctx.charge(
      ref,
      `${storageType} storage ${size} GB${multiAz ? ' × 2 (Multi-AZ)' : ''}`,
      size * copies * (hours / 730),
      storage,
      eligible ? { pool: 'rdsStorageGb' } : {},
    ),
  );
  return { charges };
}

function clusterEngine(ctx: PricingContext, ref: ResourceRef): string | undefined {
  const cluster = ctx.target(ref, ref.resource.Properties?.DBClusterIdentifier);
  return cluster ? ctx.string(cluster, 'Engine') : undefined;
}

/** Serverless v2 capacity is priced at the cluster's minimum ACUs: the floor of what it will cost. */
function serverless(ctx: PricingContext, ref: ResourceRef, hours: number): Charge {
  const cluster = ctx.target(ref, ref.resource.Properties?.DBClusterIdentifier);
  const min = (cluster && ctx.number(cluster, 'ServerlessV2ScalingConfiguration.MinCapacity')) ?? 0.5;
  return ctx.charge(
    ref,
    `Aurora Serverless v2 at minimum capacity (${min} ACU)`,
    min * hours,
    ctx.prices.aurora.acuHour,
  );
}
