// Password policy: minimum length, required character sets, optional bundled common-password list.
// Failing it is GoTrue's 422 weak_password with reasons `length`, `characters`, `pwned`.
import type { AuthConfig } from '../config.ts';
import { weakPassword } from '../errors.ts';
import { COMMON_PASSWORDS } from './common-passwords.ts';

export interface PasswordCheck { reasons: string[]; message: string }

export function checkPassword(config: AuthConfig, password: string): PasswordCheck | null {
  const p = config.password;
  const reasons: string[] = [];
  const messages: string[] = [];
  if ([...password].length < p.minLength) {
    reasons.push('length');
    messages.push(`Password should be at least ${p.minLength} characters.`);
  }
  const missing = p.requiredCharacters.filter((set) => ![...set].some((ch) => password.includes(ch)));
  if (missing.length) {
    reasons.push('characters');
    messages.push(`Password should contain at least one character of each: ${p.requiredCharacters.map((s) => JSON.stringify(s)).join(', ')}.`);
  }
  if (p.rejectCommon && COMMON_PASSWORDS.has(password.toLowerCase())) {
    reasons.push('pwned');
    messages.push('Password is known to be weak and easy to guess, please choose a different one.');
  }
  return reasons.length ? { reasons, message: messages.join(' ') } : null;
}

export function assertStrongPassword(config: AuthConfig, password: string): void {
  const weak = checkPassword(config, password);
  if (weak) throw weakPassword(weak.message, weak.reasons);
}
