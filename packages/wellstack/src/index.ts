export * from './config/index.ts';
export * from './constructs/index.ts';
