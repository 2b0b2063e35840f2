// Input checks shared by domain operations (the HTTP schemas check shapes; these check meaning).
import { raise } from '../errors.ts';
import type { ResolvedConfig } from '../config.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (!EMAIL.test(e) || e.length > 320) throw raise('invalid_email');
  return e;
}

export function checkPassword(config: ResolvedConfig, password: string): void {
  if (password.length < config.minPasswordLength) {
    throw raise('weak_password', `Password should be at least ${config.minPasswordLength} characters`);
  }
}

export function checkName(name: string, what: string): string {
  const n = name.trim();
  if (!n || n.length > 256) throw raise('validation_failed', `${what} must be 1 to 256 characters`);
  return n;
}
