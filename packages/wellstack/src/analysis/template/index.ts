export * from './defaults.ts';
export * from './template.ts';
