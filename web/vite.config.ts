import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The UI is built during install (npm's prepare) into dist/web, which `triangulate serve` serves.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [preact({ prerender: { enabled: false } })],
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: false, modulePreload: { polyfill: false } },
  logLevel: 'warn',
});
