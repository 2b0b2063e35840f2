export * from './jwt.ts';
export * from './project-keys.ts';
export * from './password.ts';
