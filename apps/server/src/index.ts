export { startPlatform, ensureLocalSetup, type Platform } from './platform.ts';
export { dataPlaneMigrations } from './data-plane.ts';
export { loadPlatformConfig, platformConfigSpec, type PlatformConfig } from './config.ts';
export { DataDirLockedError } from './lock.ts';
export { LocalProvisioner } from './local-provisioner.ts';
