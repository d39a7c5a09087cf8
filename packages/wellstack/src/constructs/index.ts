export * from './data/cache.ts';
export * from './data/database.ts';
export * from './network/network.ts';
export * from './services/auto-scaled-service.ts';
export * from './services/load-balancer.ts';
export * from './services/routing.ts';
export * from './services/service-tier.ts';
