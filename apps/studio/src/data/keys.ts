// The query-key factory: every cached resource's key comes from here, so invalidations match what queries use.
import type { UsersPageRequest, UsersSearchRequest } from '../api/fetchers/auth-users.ts';
import type { RowsRequest } from '../api/fetchers/tables.ts';

export const keys = {
  user: () => ['user'] as const,
  organizations: {
    all: () => ['organizations'] as const,
    detail: (slug: string) => ['organizations', slug] as const,
    members: (slug: string) => ['organizations', slug, 'members'] as const,
    invitations: (slug: string) => ['organizations', slug, 'invitations'] as const,
  },
  projects: {
    all: () => ['projects'] as const,
    detail: (ref: string) => ['projects', ref] as const,
    health: (ref: string) => ['projects', ref, 'health'] as const,
    connect: (ref: string) => ['projects', ref, 'connect'] as const,
    /** The project's auth settings (`/v1/projects/{ref}/config/auth`). */
    authConfig: (ref: string) => ['projects', ref, 'auth-config'] as const,
  },
  database: {
    all: (ref: string) => ['projects', ref, 'database'] as const,
    schemas: (ref: string) => ['projects', ref, 'database', 'schemas'] as const,
    tables: (ref: string, schema: string) => ['projects', ref, 'database', 'tables', schema] as const,
    columns: (ref: string, schema: string, table: string) => ['projects', ref, 'database', 'columns', schema, table] as const,
    rows: (ref: string, q: RowsRequest) => ['projects', ref, 'database', 'rows', q] as const,
  },
  authUsers: {
    all: (ref: string) => ['projects', ref, 'auth-users'] as const,
    page: (ref: string, q: UsersPageRequest) => ['projects', ref, 'auth-users', 'page', q] as const,
    search: (ref: string, q: UsersSearchRequest) => ['projects', ref, 'auth-users', 'search', q] as const,
  },
  storage: {
    all: (ref: string) => ['projects', ref, 'storage'] as const,
    buckets: (ref: string) => ['projects', ref, 'storage', 'buckets'] as const,
    objects: (ref: string, bucket: string) => ['projects', ref, 'storage', 'objects', bucket] as const,
    folder: (ref: string, bucket: string, prefix: string) => ['projects', ref, 'storage', 'objects', bucket, prefix] as const,
  },
  /** The platform's local mail catcher: one inbox for every project. */
  mail: {
    all: () => ['mail'] as const,
    lists: () => ['mail', 'list'] as const,
    list: (to: string) => ['mail', 'list', to] as const,
    message: (id: string) => ['mail', 'message', id] as const,
  },
};
