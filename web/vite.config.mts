// The dashboard's build: web/ → dist/web, served by the gateway at /dashboard.
// JSX goes through Vite's own esbuild (automatic runtime): @vitejs/plugin-react needs a newer Node.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/dashboard/',
  publicDir: false,
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxDev: false },
  // Always React's production build, whatever NODE_ENV the calling process has (jest sets
  // `test`): the development build runs every effect twice and would double every request.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Served by the gateway, which runs without internet: everything in the bundle, nothing inline.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1000,
  },
});
