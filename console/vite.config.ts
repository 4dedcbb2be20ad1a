import { defineConfig } from 'vitest/config';

// The API the dev server forwards to (`npm run dev` beside `./comfyless up`), so the page and the API
// share an origin exactly as they do when the local stack serves the built site at /console/.
const api = process.env.COMFYLESS_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // Relative asset links: the same build works under /console/ on the local stack and at / on CloudFront.
  base: './',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'target/site',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    proxy: {
      '/v1': api,
      '/auth': api,
      '/health': api,
      '/openapi.json': api,
      '/ws': { target: api.replace(/^http/, 'ws'), ws: true },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
