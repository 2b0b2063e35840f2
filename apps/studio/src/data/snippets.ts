// Saved SQL snippets, per signed-in user and project. Kept in this browser's storage until the platform has
// a snippets API; the hook's shape stays when it moves there.
import { useCallback, useEffect, useState } from 'react';

export interface Snippet { id: string; name: string; sql: string; saved_at: string }

const key = (userId: string, ref: string) => `powabase.studio.snippets.${userId}.${ref}`;

function load(k: string): Snippet[] {
  try { return JSON.parse(globalThis.localStorage?.getItem(k) ?? '[]') as Snippet[]; } catch { return []; }
}

export function useSnippets(userId: string | undefined, ref: string) {
  const k = userId ? key(userId, ref) : '';
  const [snippets, setSnippets] = useState<Snippet[]>(() => (k ? load(k) : []));
  useEffect(() => { setSnippets(k ? load(k) : []); }, [k]);
  const write = useCallback((next: Snippet[]) => {
    setSnippets(next);
    if (k) globalThis.localStorage?.setItem(k, JSON.stringify(next));
  }, [k]);
  const save = useCallback((name: string, sql: string) => {
    const s: Snippet = { id: crypto.randomUUID(), name, sql, saved_at: new Date().toISOString() };
    write([s, ...snippets.filter((x) => x.name !== name)]);
    return s;
  }, [snippets, write]);
  const remove = useCallback((id: string) => write(snippets.filter((x) => x.id !== id)), [snippets, write]);
  return { snippets, save, remove };
}
