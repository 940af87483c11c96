import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { bundleBudget } from './scripts/bundle-budget.js';

/** Where `npm run dev` finds the API server (started alongside on PORT, default 3000). */
const server = process.env.FM_API_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;

export default defineConfig({
  root: 'app',
  plugins: [react(), bundleBudget()],
  build: {
    outDir: '../dist/app',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    // The Host header is kept (no changeOrigin) so the server's CSRF origin check sees the page's own origin.
    proxy: {
      '/api': { target: server, ws: true },
      '/healthz': { target: server },
      '/widget.js': { target: server },
      '/f/': { target: server },
      '/docs': { target: server },
    },
  },
});
