// SQL on a project's database as its owner, through the platform (POST /v1/projects/{ref}/database/query).
import { api } from '../http.ts';
import type { Row } from '../types.ts';

export const runQuery = <R = Row>(ref: string, query: string, signal?: AbortSignal) =>
  api<R[]>(`/v1/projects/${encodeURIComponent(ref)}/database/query`, { method: 'POST', body: { query }, signal });
