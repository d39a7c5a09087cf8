import type { Charge, Priced, PricingContext, UnpricedMark } from '../context.ts';
import { share } from '../context.ts';

/**
 * API Gateway: HTTP APIs (v2) and REST APIs (v1) share `apiRequests` evenly; the legacy free tier
 * gives 1M calls of each kind. WebSocket APIs are not priced.
 */
export function priceApiGateway(ctx: PricingContext): Priced {
  const apis = ctx.ofType('AWS::ApiGatewayV2::Api', 'AWS::ApiGateway::RestApi');
  if (apis.length === 0) return { charges: [] };
  const requests = share(ctx.use('apiRequests'), apis.length) / 1e6;
  const prices = ctx.prices.apiGateway;
  const charges: Charge[] = [];
  const unpriced: UnpricedMark[] = [];
  for (const ref of apis) {
    if (ref.resource.Type === 'AWS::ApiGateway::RestApi')
      charges.push(
        ctx.charge(ref, 'REST API requests', requests, prices.restPerMillion, { pool: 'apiGatewayRest' }),
      );
    else if ((ctx.string(ref, 'ProtocolType') ?? 'HTTP') === 'HTTP')
      charges.push(
        ctx.charge(ref, 'HTTP API requests', requests, prices.httpPerMillion, { pool: 'apiGatewayHttp' }),
      );
    else unpriced.push({ ref, reason: 'WebSocket APIs are not in the price table' });
  }
  return { charges, unpriced };
}
