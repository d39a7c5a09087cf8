import { defineConfig, type ProxyOptions } from 'vite';

/**
 * `vite` (dev) and `vite preview` put the API under /api on the page's own origin, the way CloudFront does in
 * AWS, and strip the prefix like CloudFront's function (docs/service-contract.md). WELLSTACK_API_URL names
 * the API to forward to.
 */
const api: Record<string, ProxyOptions> = {
  '/api': {
    target: process.env.WELLSTACK_API_URL ?? 'http://127.0.0.1:8080',
    rewrite: (path) => path.replace(/^\/api(?=\/|$)/, '') || '/',
  },
};

export default defineConfig({
  root: import.meta.dirname,
  build: { outDir: 'dist', emptyOutDir: true },
  server: { host: '127.0.0.1', proxy: api },
  preview: { host: '127.0.0.1', proxy: api },
});
