// The "New knowledge base" dialog: name, indexing strategy, chunk size and overlap, embedding model and
// retrieval method, starting from the project's defaults (GET /config/kb-defaults).
import { useId, useState, type ReactNode } from 'react';
import type { KbDefaults } from '../api/ai-types.ts';
import { useCreateKnowledgeBaseMutation, useKbDefaultsQuery } from '../data/ai-knowledge-bases.ts';
import { embeddingChoices, kbFormFor, kbInput, type KbForm } from '../data/ai-kb-form.ts';
import { Modal } from '../components/modal.tsx';
import { Button, ErrorBox, Field, Loading } from '../components/ui.tsx';

const CUSTOM = '__custom__';

export function CreateKbModal({ projectRef, onClose, onCreated }: { projectRef: string; onClose: () => void; onCreated: (id: string) => void }) {
  const defaults = useKbDefaultsQuery(projectRef);
  return (
    <Modal title="New knowledge base" onClose={onClose} wide description="Sources added to it are chunked and embedded in the background.">
      {defaults.isPending ? <Loading what="defaults" /> : defaults.isError ? <ErrorBox error={defaults.error} />
        : <KbFormView projectRef={projectRef} defaults={defaults.data} onClose={onClose} onCreated={onCreated} />}
    </Modal>
  );
}

function Select({ label, value, onChange, children, hint }: { label: string; value: string; onChange: (v: string) => void; children: ReactNode; hint?: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={hint ? `${id}-hint` : undefined}>{children}</select>
      {hint && <div id={`${id}-hint`} className="field-hint">{hint}</div>}
    </div>
  );
}

function KbFormView({ projectRef, defaults, onClose, onCreated }: { projectRef: string; defaults: KbDefaults; onClose: () => void; onCreated: (id: string) => void }) {
  const create = useCreateKnowledgeBaseMutation(projectRef);
  const [form, setForm] = useState<KbForm>(() => kbFormFor(defaults));
  const choices = embeddingChoices(defaults);
  const [custom, setCustom] = useState(!choices.includes(form.embeddingModel));
  const set = (p: Partial<KbForm>) => setForm((f) => ({ ...f, ...p }));
  const strategy = defaults.strategies[form.strategy];
  const submit = () => create.mutate(kbInput(form), { onSuccess: (kb) => { onClose(); onCreated(kb.id); } });
  return (
    <form onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <Field label="Name" value={form.name} onChange={(e) => set({ name: e.target.value })} required autoComplete="off" />
      <Field label="Description" value={form.description} onChange={(e) => set({ description: e.target.value })} autoComplete="off" />
      <Select label="Indexing strategy" value={form.strategy} onChange={(v) => { setForm((f) => kbFormFor(defaults, v, f)); }}
        hint={strategy?.requires_llm ? 'Needs an LLM provider, which this Powabase version does not have yet.' : 'Split at Markdown headings into chunks, embed each chunk.'}>
        {Object.entries(defaults.strategies).map(([k, s]) => (
          <option key={k} value={k} disabled={!s.available}>{s.label}{s.available ? '' : ' (needs an LLM)'}</option>
        ))}
      </Select>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <Field label="Chunk size (tokens)" type="number" min={50} max={8000} value={form.chunkSize} onChange={(e) => set({ chunkSize: e.target.value })} required />
        <Field label="Chunk overlap (tokens)" type="number" min={0} max={4000} value={form.overlap} onChange={(e) => set({ overlap: e.target.value })} required />
      </div>
      <Select label="Embedding model" value={custom ? CUSTOM : form.embeddingModel}
        onChange={(v) => { if (v === CUSTOM) { setCustom(true); set({ embeddingModel: 'openai/' }); } else { setCustom(false); set({ embeddingModel: v }); } }}
        hint="local/use-lite runs offline with no key; OpenAI models use the project's OpenAI key.">
        {choices.map((m) => <option key={m} value={m}>{m}{m === defaults.embedding_models.default ? ' (default)' : ''}</option>)}
        <option value={CUSTOM}>Other OpenAI-compatible model…</option>
      </Select>
      {custom && <Field label="Model name" value={form.embeddingModel} onChange={(e) => set({ embeddingModel: e.target.value })} hint="openai/<model>, served at the EMBEDDING_API_BASE setting" required />}
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <Select label="Retrieval method" value={form.method} onChange={(v) => set({ method: v })}>
          {(strategy?.compatible_retrievers ?? []).map((m) => <option key={m} value={m}>{strategy.retriever_labels[m] ?? m}</option>)}
        </Select>
        <Field label="Results (top k)" type="number" min={1} max={200} value={form.topK} onChange={(e) => set({ topK: e.target.value })} required />
        {form.method === 'hybrid' && (
          <Field label="Vector weight" type="number" min={0} max={1} step={0.05} value={form.vectorWeight} onChange={(e) => set({ vectorWeight: e.target.value })} required />
        )}
      </div>
      <ErrorBox error={create.error} />
      <div className="row">
        <Button type="submit" variant="primary" disabled={!form.name.trim() || create.isPending || !strategy?.available}>
          {create.isPending ? 'Creating…' : 'Create knowledge base'}
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </form>
  );
}
