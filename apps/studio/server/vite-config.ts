// The one Vite configuration of the Studio, used by the platform's build (server/build.ts) and by `vite` (dev).
import react from '@vitejs/plugin-react';
import type { InlineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export const STUDIO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export function studioViteConfig(outDir?: string): InlineConfig {
  return {
    root: STUDIO_ROOT,
    base: '/',
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    // `vite` (dev) proxies the platform API to a running `npm start`.
    server: { proxy: { '/v1': process.env.POWABASE_PLATFORM_URL ?? 'http://127.0.0.1:54321' } },
    build: { outDir: outDir ?? 'dist/dev', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1500, reportCompressedSize: false },
  };
}
