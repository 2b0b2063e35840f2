// @powabase/control-plane: organizations, members, platform users, projects, keys and the platform API.
export { createControlPlane, controlPlaneMigrations, type ControlPlane, type ControlPlaneOptions } from './control-plane.ts';
export type { ComputeSettings, ProjectSpec, ProvisionedProject, Provisioner } from './provisioner.ts';
export { AuthSettingsError, type AuthConfigPort, type AuthConfigView, type AuthSettings } from './auth-config/types.ts';
export { DEFAULT_COMPUTE, type ControlPlaneConfig, type ResolvedConfig } from './config.ts';
export { cpErrors, type CpErrorCode } from './errors.ts';
export { PERMISSIONS, ROLES, can, type Action, type Role } from './permissions.ts';
export { PROJECT_STATUSES, TRANSITIONS, canTransition, type ProjectStatus } from './lifecycle.ts';
export { buildConnectionStrings, parseDbUrl, type ConnectionStrings, type DbParts } from './connect/connection-strings.ts';
export type { LocalSetup, LocalSetupInput } from './domain/local-setup.ts';
export type { RecoverEntry } from './domain/recover.ts';
export type { ApiKey, ConnectInfo } from './domain/project-keys.ts';
export type { AccessTokenInfo, Invitation, Member, MemberOrganization, Organization, Principal, Project, User } from './types.ts';
