export * from './types.ts';
export { ROLE_SETUP_SQL, roleSetupParams } from './role.ts';
export { openPglite, DEFAULT_PGLITE_CONF, type PgliteDb, type PgliteOptions } from './pglite/engine.ts';
export { openPostgres, type PostgresOptions } from './postgres/engine.ts';
export { migrate, loadMigrations, checksum, type Migration, type MigrationSet } from './migrate.ts';
export { baseMigrations } from './base.ts';
export { copyTemplate, ensureTemplate } from './template.ts';
