import type { Priced, PricingContext } from '../context.ts';
import { share } from '../context.ts';

/** SQS: `sqsRequests` split evenly over the queues, FIFO queues at the FIFO rate; 1M requests always free. */
export function priceSqs(ctx: PricingContext): Priced {
  const queues = ctx.ofType('AWS::SQS::Queue');
  if (queues.length === 0) return { charges: [] };
  const requests = share(ctx.use('sqsRequests'), queues.length) / 1e6;
  const sqs = ctx.prices.sqs;
  return {
    charges: queues.map((ref) => {
      const fifo = ctx.boolean(ref, ref.resource.Properties?.FifoQueue) === true;
      return ctx.charge(
        ref,
        `${fifo ? 'FIFO' : 'standard'} queue requests`,
        requests,
        fifo ? sqs.fifoPerMillion : sqs.standardPerMillion,
        {
          pool: 'sqsRequests',
        },
      );
    }),
  };
}
