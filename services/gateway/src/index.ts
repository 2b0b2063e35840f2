// @powabase/gateway: the per-project API gateway (key-auth, JWT, CORS, prefix routing, streaming).
export { createGateway, DEFAULT_BODY_LIMIT, IDLE_TIMEOUT_MS } from './create-gateway.ts';
export { defaultRenderAuthError } from './auth-hook.ts';
export { SERVICE_ROUTES } from './service-table.ts';
export { UPSTREAM_IDLE_MS } from './proxy-mount.ts';
export type { GatewayOptions, ServiceMount, RemoteMount, ServiceName, AuthErrorResponse } from './types.ts';
