// Create or edit a bucket: name (new buckets only), public or private, file size limit, allowed MIME types.
import { useState } from 'react';
import type { Bucket } from '../api/project-types.ts';
import { useCreateBucketMutation, useUpdateBucketMutation } from '../data/storage.ts';
import { fromBytes, parseMimeTypes, SIZE_UNITS, toBytes, type SizeUnit } from '../components/format.ts';
import { Modal } from '../components/modal.tsx';
import { Button, CheckField, ErrorBox, Field } from '../components/ui.tsx';

export function BucketFormModal({ projectRef, bucket, onClose, onSaved }: {
  projectRef: string; bucket?: Bucket; onClose: () => void; onSaved?: (id: string) => void;
}) {
  const create = useCreateBucketMutation(projectRef);
  const update = useUpdateBucketMutation(projectRef);
  const save = bucket ? update : create;
  const initialLimit = fromBytes(bucket?.file_size_limit ?? null);
  const [name, setName] = useState('');
  const [isPublic, setPublic] = useState(bucket?.public ?? false);
  const [limit, setLimit] = useState(initialLimit.value);
  const [unit, setUnit] = useState<SizeUnit>(initialLimit.unit);
  const [mimes, setMimes] = useState(bucket?.allowed_mime_types?.join(', ') ?? '');
  const [invalid, setInvalid] = useState('');
  const submit = () => {
    const bytes = toBytes(limit, unit);
    if (Number.isNaN(bytes)) { setInvalid('The file size limit must be a positive number.'); return; }
    setInvalid('');
    const input = { public: isPublic, file_size_limit: bytes, allowed_mime_types: parseMimeTypes(mimes) };
    const done = () => { onSaved?.(bucket?.id ?? name.trim()); onClose(); };
    if (bucket) update.mutate({ id: bucket.id, ...input }, { onSuccess: done });
    else create.mutate({ name: name.trim(), ...input }, { onSuccess: done });
  };
  return (
    <Modal title={bucket ? `Edit bucket ${bucket.name}` : 'New bucket'} onClose={onClose}>
      <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
        {!bucket && (
          <Field label="Bucket name" value={name} onChange={(e) => setName(e.target.value)} required autoComplete="off" spellCheck={false}
            hint="Letters, digits, dots, hyphens and underscores. It cannot be changed later." />
        )}
        <CheckField label="Public bucket" checked={isPublic} onChange={(e) => setPublic(e.target.checked)}
          hint="Anyone with an object's URL can download it, without a key. Uploads and deletions still need permission." />
        <div className="field">
          <label htmlFor="bucket-limit">File size limit</label>
          <div className="row" style={{ flexWrap: 'nowrap' }}>
            <input id="bucket-limit" type="number" min="0" step="any" inputMode="decimal" value={limit} onChange={(e) => setLimit(e.target.value)}
              aria-describedby="bucket-limit-hint" placeholder="No limit" />
            <select aria-label="File size limit unit" value={unit} onChange={(e) => setUnit(e.target.value as SizeUnit)} style={{ width: 'auto' }}>
              {Object.keys(SIZE_UNITS).map((u) => <option key={u} value={u}>{u}</option>)}
            </select>
          </div>
          <div id="bucket-limit-hint" className="field-hint">Largest file this bucket accepts. Empty: the platform's own limit.</div>
        </div>
        <Field label="Allowed MIME types" value={mimes} onChange={(e) => setMimes(e.target.value)} spellCheck={false} autoComplete="off"
          placeholder="image/png, image/*" hint="Comma-separated; wildcards like image/* allowed. Empty: any type." />
        <ErrorBox error={invalid || save.error} />
        <div className="row">
          <Button type="submit" variant="primary" disabled={(!bucket && !name.trim()) || save.isPending}>
            {save.isPending ? 'Saving…' : bucket ? 'Save bucket' : 'Create bucket'}
          </Button>
          <Button onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </Modal>
  );
}
