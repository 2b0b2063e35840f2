// AI → Settings: the project's typed settings registry, one category at a time (grouped by subcategory,
// advanced ones on request); edit and save the changed values together (all or nothing, reasons shown on
// the fields), revert one setting, reset a whole category.
import { useId, useState } from 'react';
import { useParams } from 'react-router';
import type { Setting } from '../api/ai-types.ts';
import { ApiError } from '../api/http.ts';
import { useAiSettingsQuery, useResetAiCategoryMutation, useResetAiSettingMutation, useUpdateAiSettingsMutation } from '../data/ai-config.ts';
import { ConfirmModal } from '../components/modal.tsx';
import { Button, CheckField, ErrorBox, Loading } from '../components/ui.tsx';

export function AiSettingsPage() {
  const { ref = '' } = useParams();
  const settings = useAiSettingsQuery(ref);
  const [category, setCategory] = useState('');
  if (settings.isPending) return <Loading what="settings" />;
  if (settings.isError) return <ErrorBox error={settings.error} />;
  const cats = Object.entries(settings.data.categories);
  const current = category && settings.data.categories[category] ? category : cats.find(([k]) => k === 'knowledge-indexing')?.[0] ?? cats[0]?.[0] ?? '';
  return (
    <div className="stack">
      <h2 style={{ margin: 0 }}>AI settings</h2>
      <div className="tabs" role="tablist" aria-label="Setting categories">
        {cats.map(([k, c]) => (
          <button key={k} type="button" role="tab" id={`settings-tab-${k}`} aria-selected={k === current} aria-controls="settings-panel" onClick={() => setCategory(k)}>{c.label}</button>
        ))}
      </div>
      <div role="tabpanel" id="settings-panel" aria-labelledby={`settings-tab-${current}`}>
        {current && <CategoryForm key={current} projectRef={ref} category={current} label={settings.data.categories[current].label} settings={settings.data.categories[current].settings} />}
      </div>
    </div>
  );
}

function CategoryForm({ projectRef, category, label, settings }: { projectRef: string; category: string; label: string; settings: Setting[] }) {
  const update = useUpdateAiSettingsMutation(projectRef);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [advanced, setAdvanced] = useState(false);
  const [resetting, setResetting] = useState(false);
  const [saved, setSaved] = useState(false);
  const changed = Object.entries(drafts).filter(([k, v]) => { const s = settings.find((x) => x.key === k); return s && (s.secret ? v !== '' : v !== s.value); });
  const reasons = update.error instanceof ApiError ? update.error.details ?? {} : {};
  const shown = settings.filter((s) => advanced || !s.advanced || s.key in drafts);
  const groups = [...new Set(shown.map((s) => s.subcategory ?? ''))];
  const save = () => update.mutate(Object.fromEntries(changed), { onSuccess: () => { setDrafts({}); setSaved(true); } });
  return (
    // noValidate: the service's reasons are shown on the fields (the same words for every client)
    <form className="stack" noValidate onSubmit={(e) => { e.preventDefault(); save(); }}>
      <div className="spread">
        <CheckField label="Show advanced settings" checked={advanced} onChange={(e) => setAdvanced(e.target.checked)} />
        <Button small variant="danger" onClick={() => setResetting(true)}>Reset {label} to defaults</Button>
      </div>
      {groups.map((g) => (
        <fieldset key={g || 'general'} className="section" style={{ margin: 0 }}>
          <legend className="muted">{g ? g.replace(/_/g, ' ') : label}</legend>
          {shown.filter((s) => (s.subcategory ?? '') === g).map((s) => (
            <SettingField key={s.key} projectRef={projectRef} setting={s} draft={drafts[s.key]} reason={typeof reasons[s.key] === 'string' ? String(reasons[s.key]) : undefined}
              onChange={(v) => { setSaved(false); setDrafts((d) => ({ ...d, [s.key]: v })); }} />
          ))}
        </fieldset>
      ))}
      {!Object.keys(reasons).length && <ErrorBox error={update.error} />}
      {saved && !changed.length && <div className="notice" role="status">Settings saved.</div>}
      <div className="row">
        <Button type="submit" variant="primary" disabled={!changed.length || update.isPending}>{update.isPending ? 'Saving…' : changed.length ? `Save ${changed.length} change${changed.length === 1 ? '' : 's'}` : 'Save changes'}</Button>
        <Button onClick={() => { setDrafts({}); update.reset(); }} disabled={!Object.keys(drafts).length}>Discard changes</Button>
      </div>
      {resetting && <ResetCategory projectRef={projectRef} category={category} label={label} onClose={() => setResetting(false)} onDone={() => setDrafts({})} />}
    </form>
  );
}

function SettingField({ projectRef, setting: s, draft, reason, onChange }: {
  projectRef: string; setting: Setting; draft: string | undefined; reason?: string; onChange: (v: string) => void;
}) {
  const id = useId();
  const reset = useResetAiSettingMutation(projectRef);
  const value = draft ?? (s.secret ? '' : s.value);
  const hint = <>{s.description}{!s.secret && <> · default <span className="mono">{s.default || '(empty)'}</span></>}{s.secret && s.is_set && ' · a value is saved'}</>;
  const control = s.type === 'bool' ? (
    <CheckField label={s.label} checked={value === 'true'} onChange={(e) => onChange(String(e.target.checked))} hint={hint} />
  ) : (
    <div className="field">
      <label htmlFor={id}>{s.label}</label>
      {s.type === 'choice' ? (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-hint`}>
          {(s.choices ?? []).map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      ) : (
        <input id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-hint`} aria-invalid={reason ? true : undefined}
          type={s.secret ? 'password' : s.type === 'int' || s.type === 'float' ? 'number' : 'text'} min={s.min} max={s.max}
          step={s.type === 'float' ? 'any' : undefined} placeholder={s.secret && s.is_set ? 'Saved; type to replace' : undefined} autoComplete="off" spellCheck={false} />
      )}
      <div id={`${id}-hint`} className="field-hint">{hint}</div>
    </div>
  );
  return (
    <div data-setting={s.key}>
      <div className="row" style={{ alignItems: 'flex-start', flexWrap: 'nowrap' }}>
        <div style={{ flex: 1, minWidth: 0 }}>{control}</div>
        {s.is_set && <Button small onClick={() => reset.mutate(s.key)} disabled={reset.isPending} aria-label={`Revert ${s.label} to its default`}>Revert</Button>}
      </div>
      {reason && <div className="error" role="alert">{s.label}: {reason}</div>}
      <ErrorBox error={reset.error} />
    </div>
  );
}

function ResetCategory({ projectRef, category, label, onClose, onDone }: { projectRef: string; category: string; label: string; onClose: () => void; onDone: () => void }) {
  const reset = useResetAiCategoryMutation(projectRef);
  return (
    <ConfirmModal title={`Reset ${label}`} confirmLabel="Reset to defaults" pending={reset.isPending} error={reset.error} onClose={onClose}
      onConfirm={() => reset.mutate(category, { onSuccess: () => { onDone(); onClose(); } })}>
      Every {label} setting of this project goes back to its default value (saved keys included).
    </ConfirmModal>
  );
}
