#!/usr/bin/env node
// The kit runs from its TypeScript sources through tsx: no build step for the CLI or for users' configs.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv.slice(2));
