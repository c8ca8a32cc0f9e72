// Vite build of the web apps (one SPA: the office app at `/`, the monitor app at `/giam-sat/`).
// Output goes to web/dist, which the server serves statically (src/main.ts).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
  },
  server: {
    // `npm run dev` serves the API on :8080; `vite --config web/vite.config.ts` proxies to it.
    proxy: { '/api': 'http://localhost:8080' },
  },
});
