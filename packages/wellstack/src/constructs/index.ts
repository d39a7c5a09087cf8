export * from './data/cache.ts';
export * from './data/database.ts';
