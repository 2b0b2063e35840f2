export * from './errors.ts';
export * from './log.ts';
export * from './ids.ts';
export * from './config.ts';
export * from './project.ts';
