// AI → Provider keys: the project's own (BYOK) keys per LLM provider, masked; add or replace one, check one
// without saving, delete; providers the platform pays for are marked "AI on us".
import { useState } from 'react';
import { useParams } from 'react-router';
import { PROVIDERS, type ProviderKey } from '../api/ai-types.ts';
import { useDeleteProviderKeyMutation, usePlatformProvidersQuery, useProviderKeysQuery, useSaveProviderKeyMutation, useValidateProviderKeyMutation } from '../data/ai-config.ts';
import { formatDate } from '../components/format.ts';
import { ConfirmModal, Modal } from '../components/modal.tsx';
import { ApiError } from '../api/http.ts';
import { Button, ErrorBox, Field, Loading } from '../components/ui.tsx';

const LABEL: Record<string, string> = { openai: 'OpenAI', anthropic: 'Anthropic', google: 'Google', openrouter: 'OpenRouter' };

export function AiProviderKeysPage() {
  const { ref = '' } = useParams();
  const keys = useProviderKeysQuery(ref);
  const platform = usePlatformProvidersQuery(ref);
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const byProvider = new Map((keys.data ?? []).map((k) => [k.provider, k]));
  const onUs = new Set(platform.data?.providers ?? []);
  return (
    <div className="stack">
      <h2 style={{ margin: 0 }}>LLM provider keys</h2>
      <p className="muted">Keys are stored encrypted and never shown again in full. A project key is used before the platform's.</p>
      <ErrorBox error={keys.error ?? platform.error} />
      {keys.isPending ? <Loading what="provider keys" /> : (
        <div className="table-wrap">
          <table className="data">
            <caption className="sr-only">LLM provider keys</caption>
            <thead><tr><th scope="col">Provider</th><th scope="col">Key</th><th scope="col">Status</th><th scope="col" className="hide-narrow">Checked</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {PROVIDERS.map((p) => <KeyRow key={p} provider={p} stored={byProvider.get(p)} onUs={onUs.has(p)} onEdit={() => setEditing(p)} onRemove={() => setRemoving(p)} />)}
            </tbody>
          </table>
        </div>
      )}
      {editing && <KeyModal projectRef={ref} provider={editing} replacing={byProvider.has(editing)} onClose={() => setEditing(null)} />}
      {removing && <RemoveKey projectRef={ref} provider={removing} onClose={() => setRemoving(null)} />}
    </div>
  );
}

function KeyRow({ provider, stored, onUs, onEdit, onRemove }: { provider: string; stored?: ProviderKey; onUs: boolean; onEdit: () => void; onRemove: () => void }) {
  const label = LABEL[provider] ?? provider;
  return (
    <tr data-provider={provider}>
      <td>{label}</td>
      <td className="mono">{stored?.masked_key ?? <span className="muted">none</span>}</td>
      <td>
        {stored ? <span className={`badge ${stored.is_valid ? 'ok' : 'bad'}`}><span className="dot" aria-hidden="true" />BYOK · {stored.is_valid ? 'valid' : 'not confirmed'}</span>
          : onUs ? <span className="badge ok"><span className="dot" aria-hidden="true" />AI on us</span>
          : <span className="badge">Not set</span>}
      </td>
      <td className="hide-narrow">{formatDate(stored?.last_validated_at)}</td>
      <td>
        <div className="row" style={{ flexWrap: 'nowrap' }}>
          <Button small onClick={onEdit} aria-label={`${stored ? 'Replace' : 'Add'} key for ${label}`}>{stored ? 'Replace' : 'Add key'}</Button>
          {stored && <Button small variant="danger" onClick={onRemove} aria-label={`Delete key for ${label}`}>Delete</Button>}
        </div>
      </td>
    </tr>
  );
}

/** The reason the service gave for this provider (`fields`), else the error's message. */
const fieldReason = (e: unknown, provider: string) =>
  e instanceof ApiError && typeof e.details?.[provider] === 'string' ? String(e.details[provider]) : undefined;

function KeyModal({ projectRef, provider, replacing, onClose }: { projectRef: string; provider: string; replacing: boolean; onClose: () => void }) {
  const save = useSaveProviderKeyMutation(projectRef);
  const check = useValidateProviderKeyMutation(projectRef);
  const [apiKey, setApiKey] = useState('');
  const label = LABEL[provider] ?? provider;
  const reason = fieldReason(save.error, provider);
  return (
    <Modal title={`${replacing ? 'Replace' : 'Add'} ${label} key`} onClose={onClose} description="Saving checks the key's format and, where the platform allows, asks the provider.">
      <form onSubmit={(e) => { e.preventDefault(); save.mutate({ provider, apiKey: apiKey.trim() }, { onSuccess: onClose }); }}>
        <Field label="API key" type="password" value={apiKey} onChange={(e) => { setApiKey(e.target.value); check.reset(); }} autoComplete="off" spellCheck={false} required />
        {reason ? <div className="error" role="alert">{reason}</div> : <ErrorBox error={save.error ?? check.error} />}
        {check.data && (
          <div className={check.data.is_valid ? 'notice' : 'error'} role="status">
            {check.data.is_valid ? 'The key is valid.' : check.data.error ?? 'The key is not valid.'}
          </div>
        )}
        <div className="row">
          <Button type="submit" variant="primary" disabled={!apiKey.trim() || save.isPending}>{save.isPending ? 'Saving…' : 'Save key'}</Button>
          <Button onClick={() => check.mutate({ provider, apiKey: apiKey.trim() })} disabled={!apiKey.trim() || check.isPending}>{check.isPending ? 'Checking…' : 'Check key'}</Button>
          <Button onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </Modal>
  );
}

function RemoveKey({ projectRef, provider, onClose }: { projectRef: string; provider: string; onClose: () => void }) {
  const del = useDeleteProviderKeyMutation(projectRef);
  return (
    <ConfirmModal title={`Delete ${LABEL[provider] ?? provider} key`} confirmLabel="Delete key" pending={del.isPending} error={del.error} onClose={onClose}
      onConfirm={() => del.mutate(provider, { onSuccess: onClose })}>
      The project stops using its own {LABEL[provider] ?? provider} key; the platform's key is used if it has one.
    </ConfirmModal>
  );
}
