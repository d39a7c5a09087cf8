import type { ResourceRef } from '../../template/index.ts';
import type { Charge, Priced, PricingContext } from '../context.ts';
import { share } from '../context.ts';

/**
 * CloudWatch: alarms per metric they watch (high resolution below a 60 s period), the two alarms of
 * each target tracking scaling policy, composite alarms,
 * dashboards, the custom metric each metric filter publishes, and log groups' ingestion and storage
 * (`logsIngestedGb`, `logsStoredGb` split evenly). Always free: 10 alarm metrics, 10 metrics,
 * 3 dashboards, 5 GB of logs.
 */
export function priceCloudWatch(ctx: PricingContext): Priced {
  const cw = ctx.prices.cloudwatch;
  const charges: Charge[] = [];
  for (const ref of ctx.ofType('AWS::CloudWatch::Alarm')) {
    const metrics = alarmMetrics(ctx, ref);
    const period = ctx.number(ref, 'Period') ?? 60;
    charges.push(
      period < 60
        ? ctx.charge(ref, `high-resolution alarm (${metrics} metric(s))`, metrics, cw.alarmHighResolution)
        : ctx.charge(ref, `standard alarm (${metrics} metric(s))`, metrics, cw.alarm, {
            pool: 'cloudwatchAlarms',
          }),
    );
  }
  // Target tracking creates a high and a low alarm that AWS manages but bills as standard alarms.
  for (const ref of ctx.ofType(
    'AWS::AutoScaling::ScalingPolicy',
    'AWS::ApplicationAutoScaling::ScalingPolicy',
  )) {
    if (ctx.string(ref, 'PolicyType') !== 'TargetTrackingScaling') continue;
    charges.push(
      ctx.charge(ref, 'alarms of the target tracking policy (high and low)', 2, cw.alarm, {
        pool: 'cloudwatchAlarms',
      }),
    );
  }
  for (const ref of ctx.ofType('AWS::CloudWatch::CompositeAlarm'))
    charges.push(ctx.charge(ref, 'composite alarm', 1, cw.compositeAlarm));
  for (const ref of ctx.ofType('AWS::CloudWatch::Dashboard'))
    charges.push(ctx.charge(ref, 'dashboard', 1, cw.dashboard, { pool: 'cloudwatchDashboards' }));
  for (const ref of ctx.ofType('AWS::Logs::MetricFilter')) {
    const count = Math.max(1, arrayLength(ctx.value(ref, 'MetricTransformations')));
    charges.push(
      ctx.charge(ref, 'custom metric published by the metric filter', count, cw.customMetric, {
        pool: 'cloudwatchMetrics',
      }),
    );
  }
  const groups = ctx.ofType('AWS::Logs::LogGroup');
  if (groups.length > 0) {
    const ingested = share(ctx.use('logsIngestedGb'), groups.length);
    const stored = share(ctx.use('logsStoredGb'), groups.length) * (ctx.use('hours') / 730);
    for (const ref of groups) {
      if (ingested > 0)
        charges.push(ctx.charge(ref, 'log data ingested', ingested, cw.logsIngestedGb, { pool: 'logsGb' }));
      if (stored > 0)
        charges.push(ctx.charge(ref, 'log data stored', stored, cw.logsStoredGb, { pool: 'logsGb' }));
    }
  }
  return { charges };
}

/** Metric-math alarms are billed per metric they read; a plain alarm watches one. */
function alarmMetrics(ctx: PricingContext, ref: ResourceRef): number {
  const metrics = ctx.value(ref, 'Metrics');
  if (!Array.isArray(metrics)) return 1;
  return Math.max(1, metrics.filter((m) => typeof m === 'object' && m !== null && 'MetricStat' in m).length);
}

const arrayLength = (value: unknown): number => (Array.isArray(value) ? value.length : 0);
