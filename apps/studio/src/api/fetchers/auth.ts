// Platform users: sign up, sign in, sign out, who am I (/v1/auth/*).
import { api } from '../http.ts';
import type { Session, User } from '../types.ts';

export interface Credentials { email: string; password: string }

export const signUp = (c: Credentials) => api<Session>('/v1/auth/signup', { method: 'POST', body: c, auth: false });
export const signIn = (c: Credentials) => api<Session>('/v1/auth/token?grant_type=password', { method: 'POST', body: c, auth: false });
export const signOut = () => api<void>('/v1/auth/logout', { method: 'POST' });
export const getUser = () => api<User>('/v1/auth/user');
