// Control-plane configuration: what the app passes in, and the defaults. The app reads the environment.
import type { ComputeSettings } from './provisioner.ts';

export interface ControlPlaneConfig {
  /** Secret that signs platform access tokens (HS256). Required, at least 32 characters. */
  jwtSecret: string;
  /** Later signups allowed (the first user can always sign up). */
  allowSignup?: boolean;
  /** Largest JSON body accepted, in bytes. */
  bodyLimit?: number;
  accessTokenTtlS?: number;
  refreshTokenTtlS?: number;
  invitationTtlS?: number;
  minPasswordLength?: number;
  /** bcrypt cost for platform passwords. */
  bcryptCost?: number;
  /** Region label shown on projects. */
  region?: string;
  defaultCompute?: ComputeSettings;
}

export type ResolvedConfig = Readonly<Required<ControlPlaneConfig>>;

export const DEFAULT_COMPUTE: ComputeSettings = Object.freeze({ cpu: '400m', memory: '1Gi', disk: '10Gi' });

export function resolveConfig(c: ControlPlaneConfig): ResolvedConfig {
  if (typeof c.jwtSecret !== 'string' || c.jwtSecret.length < 32) {
    throw new Error('control plane: config.jwtSecret must be a string of at least 32 characters');
  }
  return Object.freeze({
    jwtSecret: c.jwtSecret,
    allowSignup: c.allowSignup ?? true,
    bodyLimit: c.bodyLimit ?? 1024 * 1024,
    accessTokenTtlS: c.accessTokenTtlS ?? 3600,
    refreshTokenTtlS: c.refreshTokenTtlS ?? 30 * 24 * 3600,
    invitationTtlS: c.invitationTtlS ?? 7 * 24 * 3600,
    minPasswordLength: c.minPasswordLength ?? 8,
    bcryptCost: c.bcryptCost ?? 10,
    region: c.region ?? 'local',
    defaultCompute: Object.freeze({ ...DEFAULT_COMPUTE, ...c.defaultCompute }),
  });
}
