import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// `npm run dev` proxies the API (started with `npm run dev` at the root, port 4000 by default).
const api = process.env.VTF_API_URL ?? 'http://localhost:4000';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/graphql': api, '/exports': api, '/auth': api, '/uploads': api, '/documents': api },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: process.env.SOURCEMAP === '1',
    chunkSizeWarningLimit: 600,
    manifest: true,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
