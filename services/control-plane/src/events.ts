// Typed log events of the control plane: one place says what is logged and with which fields.
import type { Logger } from '@powabase/core';
import type { ProjectStatus } from './lifecycle.ts';

export type CpEvent =
  | { event: 'project_status_changed'; ref: string; from: ProjectStatus; to: ProjectStatus }
  | { event: 'provisioner_failed'; ref: string; op: string; error: string }
  | { event: 'project_recovered'; ref: string; from: ProjectStatus; to: ProjectStatus }
  | { event: 'recover_done'; projects: number; failed: number }
  | { event: 'user_signed_up'; user_id: string; first: boolean }
  | { event: 'organization_created'; slug: string; user_id: string }
  | { event: 'request_failed'; code: string; status: number; error: string }
  | { event: 'database_unreachable'; ref: string; error: string }
  | { event: 'auth_config_updated'; ref: string; fields: string[] }
  | { event: 'auth_config_unreadable'; ref: string; field: string; error: string };

const LEVEL: Record<CpEvent['event'], 'info' | 'warn' | 'error'> = {
  project_status_changed: 'info',
  provisioner_failed: 'warn',
  project_recovered: 'info',
  recover_done: 'info',
  user_signed_up: 'info',
  organization_created: 'info',
  request_failed: 'error',
  database_unreachable: 'warn',
  auth_config_updated: 'info',
  auth_config_unreadable: 'warn',
};

export function emit(log: Logger, e: CpEvent): void {
  log[LEVEL[e.event]](e, e.event);
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
