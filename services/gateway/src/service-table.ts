// The routes the gateway knows, as Kong's config would list them: prefix, display name, paths without key-auth.
import type { ServiceName } from './types.ts';

export interface ServiceRoute {
  name: ServiceName;
  prefix: string;
  title: string;
  /** Sub-paths reachable without an apikey (Supabase kong.yml: open auth routes, storage without key-auth). */
  openPaths: readonly string[];
}

export const SERVICE_ROUTES: readonly ServiceRoute[] = [
  { name: 'auth', prefix: '/auth/v1', title: 'Auth', openPaths: ['/verify', '/callback', '/authorize', '/.well-known/jwks.json'] },
  { name: 'rest', prefix: '/rest/v1', title: 'REST', openPaths: [] },
  // Storage has no key-auth in Supabase: public and signed object URLs work with no headers at all.
  { name: 'storage', prefix: '/storage/v1', title: 'Storage', openPaths: ['/'] },
  { name: 'realtime', prefix: '/realtime/v1', title: 'Realtime', openPaths: [] },
  // /api/webhooks/{id} and /api/internal/docs/search verify their own secrets.
  { name: 'api', prefix: '/api', title: 'AI service', openPaths: ['/health', '/webhooks', '/internal/docs/search'] },
];

/** True when `subPath` (relative to the service prefix) is one of `openPaths` or below one. */
export function isOpenPath(openPaths: readonly string[], subPath: string): boolean {
  for (const p of openPaths) {
    if (p === '/' || subPath === p || subPath.startsWith(p.endsWith('/') ? p : `${p}/`)) return true;
  }
  return false;
}

/** The service prefix a route pattern belongs to, for logs ('-' for gateway-level 404s). */
export function prefixOf(routeUrl: string | undefined): string {
  if (!routeUrl) return '-';
  for (const r of SERVICE_ROUTES) {
    if (routeUrl === r.prefix || routeUrl.startsWith(`${r.prefix}/`)) return r.prefix;
  }
  return '-';
}
