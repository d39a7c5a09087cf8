import type { ResourceRef } from '../../template/index.ts';
import type { Charge, Priced, PricingContext, UnpricedMark } from '../context.ts';
import { share } from '../context.ts';

/**
 * API Gateway: HTTP APIs (v2) and REST APIs (v1) share `apiRequests` evenly; the legacy free tier
 * gives 1M calls of each kind. WebSocket APIs are not priced.
 */
export function priceApiGateway(ctx: PricingContext): Priced {
  const apis = ctx.ofType('AWS::ApiGatewayV2::Api', 'AWS::ApiGateway::RestApi');
  if (apis.length === 0) return { charges: [] };
  const unpriced: UnpricedMark[] = apis
    .filter((ref) => kind(ctx, ref) === 'websocket')
    .map((ref) => ({ ref, reason: 'WebSocket APIs are not in the price table' }));
  const priced = apis.filter((ref) => kind(ctx, ref) !== 'websocket');
  if (priced.length === 0) return { charges: [], unpriced };
  const requests = share(ctx.use('apiRequests'), priced.length) / 1e6;
  const prices = ctx.prices.apiGateway;
  const charges: Charge[] = priced.map((ref) =>
    kind(ctx, ref) === 'rest'
      ? ctx.charge(ref, 'REST API requests', requests, prices.restPerMillion, { pool: 'apiGatewayRest' })
      : ctx.charge(ref, 'HTTP API requests', requests, prices.httpPerMillion, { pool: 'apiGatewayHttp' }),
  );
  return { charges, unpriced };
}

function kind(ctx: PricingContext, ref: ResourceRef): 'rest' | 'http' | 'websocket' {
  if (ref.resource.Type === 'AWS::ApiGateway::RestApi') return 'rest';
  return (ctx.string(ref, 'ProtocolType') ?? 'HTTP') === 'HTTP' ? 'http' : 'websocket';
}
