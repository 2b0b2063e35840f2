// Hooks for the platform's local mail inbox: the list polls so new mail shows up on its own.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as f from '../api/fetchers/mail.ts';
import { keys } from './keys.ts';

const POLL_MS = 3000;

export const useMailQuery = (to: string) =>
  // Previous data while a new recipient filter loads, so the open message is not unmounted meanwhile.
  useQuery({ queryKey: keys.mail.list(to), queryFn: () => f.listMail({ to, limit: 200 }), refetchInterval: POLL_MS, placeholderData: keepPreviousData });

export const useMailMessageQuery = (id: string | null) =>
  useQuery({ queryKey: keys.mail.message(id ?? ''), queryFn: () => f.getMail(id!), enabled: !!id });

export function useDeleteMailMutation() {
  const qc = useQueryClient();
  // Lists only: the deleted message's own query would refetch into a 404 while its view closes.
  return useMutation({ mutationFn: f.deleteMail, onSettled: () => qc.invalidateQueries({ queryKey: keys.mail.lists() }) });
}

export function useClearMailMutation() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: f.clearMail, onSettled: () => qc.invalidateQueries({ queryKey: keys.mail.all() }) });
}
