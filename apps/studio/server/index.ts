// @powabase/studio on the server side: the Fastify plugin the platform registers to serve the Studio at `/`
// (building it first when its sources changed), and the build itself. The browser code in src/ never imports this.
import type { FastifyInstance } from 'fastify';
import type { Logger } from '@powabase/core';
import { ensureStudioBuild } from './build.ts';
import { brokenStudioHandler, studioHandler } from './serve.ts';

export { ensureStudioBuild, type BuildOptions, type BuildResult } from './build.ts';
export { sourceHash } from './source-hash.ts';

export interface StudioOptions {
  log?: Logger;
  /** Progress lines for the terminal (the CLI's spinner). */
  onProgress?: (text: string) => void;
  /** A folder holding a built Studio, used as is (no build). */
  dir?: string;
}

type StudioEvent =
  | { event: 'studio_built'; dir: string; ms: number }
  | { event: 'studio_ready'; dir: string }
  | { event: 'studio_build_failed'; error: string };

function emit(log: Logger | undefined, e: StudioEvent) {
  if (!log) return;
  if (e.event === 'studio_build_failed') log.error(e, e.event);
  else log.info(e, e.event);
}

/**
 * Fastify plugin: builds the Studio when needed (awaited, so the platform reports ready with a working
 * Studio), then answers every request no route matched. Registered without encapsulation, so its not-found
 * handler is the app's root one; scopes with their own (the API's /v1) keep theirs.
 */
export function studio(opts: StudioOptions = {}) {
  const plugin = async (app: FastifyInstance) => {
    let dir = opts.dir;
    try {
      if (!dir) {
        const r = await ensureStudioBuild({ onProgress: opts.onProgress });
        dir = r.dir;
        emit(opts.log, r.built ? { event: 'studio_built', dir, ms: r.ms } : { event: 'studio_ready', dir });
      }
      app.setNotFoundHandler(studioHandler(dir));
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      emit(opts.log, { event: 'studio_build_failed', error });
      app.setNotFoundHandler(brokenStudioHandler(error));
    }
  };
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return plugin;
}
