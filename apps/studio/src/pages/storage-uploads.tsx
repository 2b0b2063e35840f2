// Uploads into the open folder: a file picker (and drop target) feeding a queue that uploads one file at a
// time and shows each file's progress bar, then its outcome.
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { useUploadObjectMutation } from '../data/storage.ts';
import { formatBytes } from '../components/format.ts';
import { Button, errorMessage } from '../components/ui.tsx';

export interface UploadItem { id: string; name: string; loaded: number; total: number; status: 'waiting' | 'uploading' | 'done' | 'failed'; error?: string }

export function useUploadQueue(projectRef: string, bucket: string) {
  const upload = useUploadObjectMutation(projectRef, bucket);
  const [items, setItems] = useState<UploadItem[]>([]);
  const chain = useRef(Promise.resolve());
  const patch = (id: string, p: Partial<UploadItem>) => setItems((xs) => xs.map((x) => (x.id === id ? { ...x, ...p } : x)));
  const add = useCallback((files: File[], prefix: string) => {
    const batch = files.map((file) => ({ file, item: { id: crypto.randomUUID(), name: file.name, loaded: 0, total: file.size, status: 'waiting' as const } }));
    setItems((xs) => [...xs, ...batch.map((b) => b.item)]);
    for (const { file, item } of batch) {
      chain.current = chain.current.then(async () => {
        patch(item.id, { status: 'uploading' });
        try {
          await upload.mutateAsync({ key: prefix + file.name, file, onProgress: (p) => patch(item.id, { loaded: p.loaded, total: p.total }) });
          patch(item.id, { status: 'done', loaded: file.size });
        } catch (e) {
          patch(item.id, { status: 'failed', error: errorMessage(e) });
        }
      });
    }
  }, [upload]);
  const clearFinished = () => setItems((xs) => xs.filter((x) => x.status === 'waiting' || x.status === 'uploading'));
  return { items, add, clearFinished };
}

/** A button-looking label around a hidden file input: keyboard- and screen-reader-reachable. */
export function FilePicker({ onFiles, children }: { onFiles: (files: File[]) => void; children: ReactNode }) {
  return (
    <label className="btn btn-primary file-picker">
      {children}
      <input type="file" multiple className="sr-only" onChange={(e) => { onFiles([...(e.target.files ?? [])]); e.target.value = ''; }} />
    </label>
  );
}

const STATUS: Record<UploadItem['status'], string> = { waiting: 'Waiting', uploading: 'Uploading', done: 'Uploaded', failed: 'Failed' };

export function UploadList({ items, onClear }: { items: UploadItem[]; onClear: () => void }) {
  if (!items.length) return null;
  const finished = items.some((x) => x.status === 'done' || x.status === 'failed');
  return (
    <section className="card uploads" aria-label="Uploads">
      <ul>
        {items.map((x) => {
          const pct = x.total ? Math.round((x.loaded / x.total) * 100) : x.status === 'done' ? 100 : 0;
          return (
            <li key={x.id} data-status={x.status}>
              <div className="spread">
                <span className="name" title={x.name}>{x.name}</span>
                <span className="muted">{STATUS[x.status]} · {formatBytes(x.loaded)} of {formatBytes(x.total)}</span>
              </div>
              <progress max={100} value={pct} aria-label={`Upload of ${x.name}`}>{pct}%</progress>
              {x.error && <div className="error" role="alert">{x.name}: {x.error}</div>}
            </li>
          );
        })}
      </ul>
      {finished && <Button small onClick={onClear}>Clear finished uploads</Button>}
    </section>
  );
}
