export * from './defaults.ts';
export * from './errors.ts';
export * from './presets.ts';
export * from './resolve.ts';
export * from './schema.ts';
