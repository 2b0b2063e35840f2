// One bucket: its settings, a folder path (?path=a/b/), the folder's folders and files, uploads with progress,
// new folders, downloads, signed URLs, deletions (with a confirmation; a bucket's with its name typed).
import { useState, type DragEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { Bucket, StorageEntry } from '../api/project-types.ts';
import { FOLDER_PLACEHOLDER } from '../api/fetchers/storage.ts';
import {
  useCreateFolderMutation, useDeleteBucketMutation, useDeleteFolderMutation, useDeleteObjectsMutation, useDownloadObjectMutation, useFolderQuery,
} from '../data/storage.ts';
import { formatBytes, formatDate, normalisePrefix } from '../components/format.ts';
import { ConfirmDelete, ConfirmModal, Modal } from '../components/modal.tsx';
import { Button, ErrorBox, Field, Loading } from '../components/ui.tsx';
import { BucketFormModal } from './storage-bucket-form.tsx';
import { SignedUrlModal } from './storage-signed-url.tsx';
import { FilePicker, UploadList, useUploadQueue } from './storage-uploads.tsx';

type Dialog = { kind: 'edit' } | { kind: 'delete-bucket' } | { kind: 'folder' } | { kind: 'url'; key: string } | { kind: 'remove'; entry: StorageEntry };

/** `onDeleted` comes from the page around: this view unmounts as soon as the bucket list no longer has it. */
export function BucketView({ projectRef, bucket, onDeleted }: { projectRef: string; bucket: Bucket; onDeleted: () => void }) {
  const [params, setParams] = useSearchParams();
  const prefix = normalisePrefix(params.get('path') ?? '');
  const openFolder = (p: string) => setParams(p ? { path: p } : {});
  const folder = useFolderQuery(projectRef, bucket.id, prefix);
  const uploads = useUploadQueue(projectRef, bucket.id);
  const download = useDownloadObjectMutation(projectRef, bucket.id);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [dragging, setDragging] = useState(false);
  const close = () => setDialog(null);
  const entries = (folder.data ?? []).filter((e) => e.name !== FOLDER_PLACEHOLDER);
  const onDrop = (e: DragEvent) => { e.preventDefault(); setDragging(false); uploads.add([...e.dataTransfer.files], prefix); };
  return (
    <div className={`stack drop-zone${dragging ? ' dragging' : ''}`} onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
      onDragLeave={() => setDragging(false)} onDrop={onDrop}>
      <div className="spread">
        <h1 style={{ margin: 0 }}>{bucket.name} <span className="badge">{bucket.public ? 'Public' : 'Private'}</span></h1>
        <div className="row">
          <Button small onClick={() => setDialog({ kind: 'edit' })}>Edit bucket</Button>
          <Button small variant="danger" onClick={() => setDialog({ kind: 'delete-bucket' })}>Delete bucket</Button>
        </div>
      </div>
      <p className="muted">
        File size limit: {bucket.file_size_limit ? formatBytes(bucket.file_size_limit) : 'platform default'} ·
        Allowed types: {bucket.allowed_mime_types?.length ? bucket.allowed_mime_types.join(', ') : 'any'}
      </p>
      <Breadcrumbs bucket={bucket.name} prefix={prefix} onOpen={openFolder} />
      <div className="row">
        <FilePicker onFiles={(files) => uploads.add(files, prefix)}>Upload files</FilePicker>
        <Button onClick={() => setDialog({ kind: 'folder' })}>New folder</Button>
        <Button onClick={() => folder.refetch()} disabled={folder.isFetching}>Reload</Button>
        <span className="muted wide-only-text">or drop files here</span>
      </div>
      <UploadList items={uploads.items} onClear={uploads.clearFinished} />
      <ErrorBox error={folder.error ?? download.error} />
      {folder.isPending ? <Loading what="files" /> : entries.length === 0 ? (
        <p className="muted" role="status">{prefix ? 'This folder is empty.' : 'This bucket is empty. Upload files or create a folder.'}</p>
      ) : (
        <EntriesTable entries={entries} prefix={prefix} onOpen={openFolder} onDownload={(k) => download.mutate(k)}
          onUrl={(key) => setDialog({ kind: 'url', key })} onRemove={(entry) => setDialog({ kind: 'remove', entry })} />
      )}
      {dialog?.kind === 'edit' && <BucketFormModal projectRef={projectRef} bucket={bucket} onClose={close} />}
      {dialog?.kind === 'delete-bucket' && <DeleteBucket projectRef={projectRef} bucket={bucket} onClose={close} onDone={onDeleted} />}
      {dialog?.kind === 'folder' && <NewFolder projectRef={projectRef} bucket={bucket.id} prefix={prefix} onClose={close} onDone={openFolder} />}
      {dialog?.kind === 'url' && <SignedUrlModal projectRef={projectRef} bucket={bucket} objectKey={dialog.key} onClose={close} />}
      {dialog?.kind === 'remove' && <RemoveEntry projectRef={projectRef} bucket={bucket.id} prefix={prefix} entry={dialog.entry} onClose={close} />}
    </div>
  );
}

function Breadcrumbs({ bucket, prefix, onOpen }: { bucket: string; prefix: string; onOpen: (p: string) => void }) {
  const parts = prefix.split('/').filter(Boolean);
  return (
    <nav aria-label="Folder path" className="path">
      <ol>
        <li>{parts.length ? <button className="link" onClick={() => onOpen('')}>{bucket}</button> : <span aria-current="location">{bucket}</span>}</li>
        {parts.map((p, i) => (
          <li key={i}>
            {i === parts.length - 1 ? <span aria-current="location">{p}</span>
              : <button className="link" onClick={() => onOpen(`${parts.slice(0, i + 1).join('/')}/`)}>{p}</button>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function EntriesTable({ entries, prefix, onOpen, onDownload, onUrl, onRemove }: {
  entries: StorageEntry[]; prefix: string; onOpen: (p: string) => void; onDownload: (key: string) => void;
  onUrl: (key: string) => void; onRemove: (e: StorageEntry) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="data">
        <caption className="sr-only">Folders and files in {prefix || 'the bucket root'}</caption>
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Size</th><th scope="col" className="hide-narrow">Type</th><th scope="col" className="hide-narrow">Last modified</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const folder = e.id === null;
            const key = prefix + e.name;
            return (
              <tr key={e.name} data-kind={folder ? 'folder' : 'file'}>
                <td title={e.name}>
                  {folder ? <button className="link" onClick={() => onOpen(`${key}/`)} aria-label={`Open folder ${e.name}`}>📁 {e.name}</button> : e.name}
                </td>
                <td>{folder ? '—' : formatBytes(e.metadata?.size)}</td>
                <td className="hide-narrow">{folder ? 'Folder' : e.metadata?.mimetype ?? '—'}</td>
                <td className="hide-narrow">{folder ? '—' : formatDate(e.updated_at ?? e.created_at)}</td>
                <td>
                  <div className="row" style={{ flexWrap: 'nowrap' }}>
                    {!folder && <Button small onClick={() => onDownload(key)} aria-label={`Download ${e.name}`}>Download</Button>}
                    {!folder && <Button small onClick={() => onUrl(key)} aria-label={`Get URL of ${e.name}`}>Get URL</Button>}
                    <Button small variant="danger" onClick={() => onRemove(e)} aria-label={`Delete ${e.name}`}>Delete</Button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function DeleteBucket({ projectRef, bucket, onClose, onDone }: { projectRef: string; bucket: Bucket; onClose: () => void; onDone: () => void }) {
  const del = useDeleteBucketMutation(projectRef, onDone);
  return <ConfirmDelete what="bucket" word={bucket.name} pending={del.isPending} error={del.error} onClose={onClose}
    onConfirm={() => del.mutate(bucket.id)} />;
}

function NewFolder({ projectRef, bucket, prefix, onClose, onDone }: {
  projectRef: string; bucket: string; prefix: string; onClose: () => void; onDone: (p: string) => void;
}) {
  const create = useCreateFolderMutation(projectRef, bucket);
  const [name, setName] = useState('');
  const path = normalisePrefix(prefix + name);
  return (
    <Modal title="New folder" onClose={onClose} description={`In ${bucket}/${prefix}`}>
      <form onSubmit={(e) => { e.preventDefault(); create.mutate(path, { onSuccess: () => { onClose(); onDone(path); } }); }}>
        <Field label="Folder name" value={name} onChange={(e) => setName(e.target.value)} required autoComplete="off" spellCheck={false} />
        <ErrorBox error={create.error} />
        <div className="row">
          <Button type="submit" variant="primary" disabled={!name.trim() || create.isPending}>Create folder</Button>
          <Button onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </Modal>
  );
}

function RemoveEntry({ projectRef, bucket, prefix, entry, onClose }: {
  projectRef: string; bucket: string; prefix: string; entry: StorageEntry; onClose: () => void;
}) {
  const folder = entry.id === null;
  const removeFiles = useDeleteObjectsMutation(projectRef, bucket);
  const removeFolder = useDeleteFolderMutation(projectRef, bucket);
  const m = folder ? removeFolder : removeFiles;
  const key = prefix + entry.name;
  const run = () => (folder ? removeFolder.mutate(`${key}/`, { onSuccess: onClose }) : removeFiles.mutate([key], { onSuccess: onClose }));
  return (
    <ConfirmModal title={folder ? 'Delete folder' : 'Delete file'} confirmLabel={folder ? 'Delete folder' : 'Delete file'}
      pending={m.isPending} error={m.error} onClose={onClose} onConfirm={run}>
      {folder ? <>Delete the folder <strong className="mono">{key}/</strong> and every file in it?</> : <>Delete <strong className="mono">{key}</strong>?</>} This cannot be undone.
    </ConfirmModal>
  );
}
