// Hooks for the platform session: who is signed in, sign in/up/out.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import * as f from '../api/fetchers/auth.ts';
import { sessionStore } from '../api/session-store.ts';
import { keys } from './keys.ts';

export const useSession = () => useSyncExternalStore(sessionStore.subscribe, sessionStore.get);

export const useUserQuery = () => {
  const session = useSession();
  return useQuery({ queryKey: keys.user(), queryFn: f.getUser, enabled: !!session });
};

export function useSignInMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: f.signIn,
    onSuccess: (s) => { qc.clear(); sessionStore.set(s); },
  });
}

export function useSignUpMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: f.signUp,
    onSuccess: (s) => { qc.clear(); sessionStore.set(s); },
  });
}

export function useSignOutMutation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => f.signOut().catch(() => undefined), // signed out locally even if the session already ended
    onSettled: () => { sessionStore.set(null); qc.clear(); },
  });
}
