// The provisioner port: how the control plane makes, pauses, resumes and removes a project's data plane.
// The server app implements it (`local` in-process, `kubernetes`); the control plane only calls it.
import type { ProjectSecrets } from '@powabase/keys';
import type { AuthSettings } from './auth-config/types.ts';

export interface ComputeSettings { cpu: string; memory: string; disk: string } // defaults 400m / 1Gi / 10Gi

export interface ProjectSpec {
  ref: string;
  name: string;
  secrets: ProjectSecrets;
  compute: ComputeSettings;
  /** The project's stored auth settings (config/auth), in the auth service's config shape; {} for all defaults. */
  auth: AuthSettings;
}

/** Project URL (gateway base) and Database URL (postgresql://postgres:PASSWORD@HOST:PORT/postgres). */
export interface ProvisionedProject { url: string; dbUrl: string }

export interface Provisioner {
  /** 'local' | 'kubernetes' */
  readonly name: string;
  /** Must be idempotent for a ref: finishes a half-made project. */
  create(spec: ProjectSpec): Promise<ProvisionedProject>;
  pause(ref: string): Promise<void>;
  resume(spec: ProjectSpec): Promise<ProvisionedProject>;
  /** Removes all data; idempotent. */
  remove(ref: string): Promise<void>;
  health(ref: string): Promise<{ healthy: boolean; detail?: string }>;
  /** null when not running. */
  endpoints(ref: string): ProvisionedProject | null;
  /**
   * Applies new auth settings to the project's running auth service without a restart (after a start in progress);
   * a no-op when it is not running, as the next start gets them in its spec.
   */
  configureAuth(ref: string, settings: AuthSettings): Promise<void>;
}
