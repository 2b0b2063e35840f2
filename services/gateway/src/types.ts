// The gateway's public types, and the Fastify declaration merging that gives every service `request.auth`.
import type { FastifyPluginAsync } from 'fastify';
import type { AuthInfo, Logger, ProjectInfo } from '@powabase/core';
import type { JwtError } from '@powabase/keys';

export type ServiceName = 'auth' | 'rest' | 'storage' | 'realtime' | 'api';

export interface AuthErrorResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ServiceMount {
  /** Registered under the service's prefix (/auth/v1, /rest/v1, /storage/v1, /realtime/v1, /api). */
  plugin: FastifyPluginAsync;
  /** strict (default): an invalid Bearer JWT is answered by renderAuthError; lenient: request.authError is set. */
  jwt?: 'strict' | 'lenient';
  /** The service's wire format for a rejected Bearer JWT; default 401 `{message}`. */
  renderAuthError?: (e: JwtError) => AuthErrorResponse;
  /**
   * Sub-paths (relative to the prefix, matched on the route that served the request) that need no apikey,
   * like Kong routes without key-auth. `['/']` opens the whole service. Default per service: see service-table.ts.
   */
  openPaths?: string[];
}

/**
 * A service running elsewhere (distributed mode): the gateway checks the apikey, then forwards the request
 * unchanged (same path, query bytes, headers, streamed body; websockets for realtime) to `upstream`, which runs
 * the service behind its own gateway and re-verifies the apikey and JWT. See proxy-mount.ts.
 */
export interface RemoteMount {
  /** Base URL of the service's own server, e.g. `http://rest:8080` (a path on it is ignored). */
  upstream: string;
  /** As ServiceMount.openPaths; the service's defaults otherwise. */
  openPaths?: string[];
}

export interface GatewayOptions {
  project: ProjectInfo;
  services: Partial<Record<ServiceName, ServiceMount | RemoteMount>>;
  /** Default '*': reflect any Origin, with credentials. */
  cors?: { origins: string[] | '*' };
  /** Bytes; default 50 MiB. Applies to parsed and streamed bodies; a route may raise it with its own `bodyLimit`. */
  bodyLimit?: number;
  log?: Logger;
  /** Mounts GET /api/_test/sse and GET /api/_test/whoami. */
  testRoutes?: boolean;
  /**
   * Fastify's `trustProxy`: whom to believe in X-Forwarded-For for `request.ip` (auth's per-IP rate limits).
   * A service behind a proxying gateway trusts that gateway (e.g. a CIDR); default false.
   */
  trustProxy?: boolean | string | string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The caller as the gateway established it. Set on every request under a service prefix; on open paths
     * without a (valid) apikey it is the anonymous identity (role anon, the anon key's claims).
     */
    auth: AuthInfo;
    /** Set (lenient services only) when a Bearer JWT was sent but failed verification; `auth` is then the apikey's identity. */
    authError: JwtError | null;
  }
}
