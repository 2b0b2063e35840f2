// Route definitions: one value per operation holding its path, schemas, who may call it and a handler
// that only calls the domain. The plugin mounts them, the OpenAPI document is generated from them.
import type { Logger } from '@powabase/core';
import { authenticate } from '../domain/auth.ts';
import { orgAccess, projectAccess } from '../domain/access.ts';
import type { Deps } from '../domain/deps.ts';
import type { Action, Role } from '../permissions.ts';
import type { MemberOrganization, Principal, Project } from '../types.ts';

export type JsonSchema = Record<string, unknown>;
export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteInput {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: any;
}

export interface Ctx { deps: Deps; log: Logger; authorization?: string }
export interface UserCtx extends Ctx { principal: Principal }
export interface OrgCtx extends UserCtx { org: MemberOrganization }
export interface ProjectCtx extends UserCtx { project: Project; role: Role }

interface Base {
  method: Method;
  /** Full path with `:param`s, e.g. /v1/projects/:ref */
  url: string;
  operationId: string;
  summary: string;
  tag: string;
  schema: { params?: JsonSchema; querystring?: JsonSchema; body?: JsonSchema; response: Record<number, JsonSchema> };
  /** Success status; defaults to the first response status. */
  status?: number;
}

export interface RouteDef extends Base {
  auth: 'public' | 'user';
  /** Permission-table actions the route may check (documented in OpenAPI). */
  actions: Action[];
  run(ctx: Ctx, input: RouteInput): Promise<unknown>;
}

type ActionOf<C> = Action | ((input: RouteInput, ctx: C) => Action);
const pick = <C>(a: ActionOf<C>, i: RouteInput, c: C) => (typeof a === 'function' ? a(i, c) : a);

export function publicRoute(def: Base & { handler(ctx: Ctx, input: RouteInput): Promise<unknown> }): RouteDef {
  return { ...def, auth: 'public', actions: [], run: def.handler };
}

export function userRoute(def: Base & { handler(ctx: UserCtx, input: RouteInput): Promise<unknown> }): RouteDef {
  return {
    ...def, auth: 'user', actions: [],
    run: async (ctx, input) => def.handler({ ...ctx, principal: await authenticate(ctx.deps, ctx.authorization) }, input),
  };
}

/** A route inside an organization found by `org(input)` (slug or id); `actions` lists what `action` may return. */
export function orgRoute(def: Base & {
  org(input: RouteInput): string;
  action: ActionOf<UserCtx>;
  actions?: Action[];
  handler(ctx: OrgCtx, input: RouteInput): Promise<unknown>;
}): RouteDef {
  return {
    ...def, auth: 'user', actions: def.actions ?? [def.action as Action],
    run: async (ctx, input) => {
      const u: UserCtx = { ...ctx, principal: await authenticate(ctx.deps, ctx.authorization) };
      const org = await orgAccess(ctx.deps, u.principal, def.org(input), pick(def.action, input, u));
      return def.handler({ ...u, org }, input);
    },
  };
}

/** A route on the project named by the `:ref` path parameter. */
export function projectRoute(def: Base & { action: Action; handler(ctx: ProjectCtx, input: RouteInput): Promise<unknown> }): RouteDef {
  return {
    ...def, auth: 'user', actions: [def.action],
    run: async (ctx, input) => {
      const u: UserCtx = { ...ctx, principal: await authenticate(ctx.deps, ctx.authorization) };
      const { project, role } = await projectAccess(ctx.deps, u.principal, input.params.ref, def.action);
      return def.handler({ ...u, project, role }, input);
    },
  };
}

export function successStatus(def: Base): number {
  return def.status ?? Number(Object.keys(def.schema.response)[0] ?? 200);
}
