// Password and token hashing. bcrypt via @node-rs/bcrypt (native, runs off the event loop) for passwords;
// sha256 for high-entropy random tokens, where a fast hash is enough and can be looked up.
import bcrypt from '@node-rs/bcrypt';
import { createHash } from 'node:crypto';

export const hashPassword = (plain: string, cost = 10): Promise<string> => bcrypt.hash(plain, { cost });
export const verifyPassword = (plain: string, hash: string): Promise<boolean> => bcrypt.verify(plain, hash);
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
