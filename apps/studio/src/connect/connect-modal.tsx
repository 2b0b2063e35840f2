// The Connect modal (header button, or ?showConnect=true on any project page): API Keys (Project URL, anon
// key, service-role key, JWT secret) and Connection Strings (Database URL and a snippet per client).
// Secrets are masked with a reveal toggle; every value has a copy button.
import { useState } from 'react';
import { CONNECTION_KINDS, type ConnectInfo, type ConnectionKind } from '../api/types.ts';
import { useConnectQuery } from '../data/projects.ts';
import { Modal } from '../components/modal.tsx';
import { Button, CopyButton, ErrorBox, Loading, ValueField } from '../components/ui.tsx';

const KIND_LABEL: Record<ConnectionKind, string> = {
  psql: 'psql', uri: 'URI', nodejs: 'Node.js (pg)', python_psycopg: 'Python (psycopg2)', go: 'Go (database/sql)',
  jdbc: 'JDBC', dotnet: '.NET', php: 'PHP', sqlalchemy: 'SQLAlchemy', env: '.env',
};

type Tab = 'keys' | 'strings';

export function ConnectModal({ projectRef, onClose }: { projectRef: string; onClose: () => void }) {
  const connect = useConnectQuery(projectRef);
  const [tab, setTab] = useState<Tab>('keys');
  const tabs: Array<[Tab, string]> = [['keys', 'API Keys'], ['strings', 'Connection Strings']];
  return (
    <Modal title="Connect to your project" wide onClose={onClose} description="Use these values with supabase-js, any Postgres client or plain HTTP.">
      <div className="tabs" role="tablist" aria-label="Connection details">
        {tabs.map(([id, label]) => (
          <button key={id} role="tab" id={`connect-tab-${id}`} aria-selected={tab === id} aria-controls={`connect-panel-${id}`}
            tabIndex={tab === id ? 0 : -1} onClick={() => setTab(id)}
            onKeyDown={(e) => { if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') setTab(tab === 'keys' ? 'strings' : 'keys'); }}>
            {label}
          </button>
        ))}
      </div>
      {connect.isPending ? <Loading what="connection details" /> : connect.isError ? <ErrorBox error={connect.error} /> : (
        <div role="tabpanel" id={`connect-panel-${tab}`} aria-labelledby={`connect-tab-${tab}`}>
          {tab === 'keys' ? <ApiKeys c={connect.data} /> : <ConnectionStrings c={connect.data} />}
        </div>
      )}
    </Modal>
  );
}

function NotRunning() {
  return <div className="notice" role="status">The project is not running: its URL and Database URL appear once it is healthy.</div>;
}

function ApiKeys({ c }: { c: ConnectInfo }) {
  return (
    <div>
      {!c.url && <NotRunning />}
      <ValueField label="Project URL" value={c.url ?? ''} hint="The base of every HTTP call: /rest/v1, /auth/v1, /storage/v1, /realtime/v1, /api." />
      <ValueField label="Anon key" value={c.anon_key} hint="Safe in a browser: requests run as anon or as the signed-in user, under Row Level Security." />
      <ValueField label="Service role key" value={c.service_role_key} secret hint="Secret: bypasses Row Level Security and opens every /api route. Keep it on your server." />
      <ValueField label="JWT secret" value={c.jwt_secret} secret hint="Secret: verifies user tokens in your backend." />
    </div>
  );
}

function ConnectionStrings({ c }: { c: ConnectInfo }) {
  const [kind, setKind] = useState<ConnectionKind>('psql');
  const [shown, setShown] = useState(false);
  if (!c.db_url || !c.connection_strings) return <NotRunning />;
  const password = passwordOf(c.db_url);
  const snippet = c.connection_strings[kind];
  const visible = shown || !password ? snippet
    : [password, encodeURIComponent(password)].reduce((out, pw) => out.split(pw).join('•'.repeat(8)), snippet);
  return (
    <div>
      <ValueField label="Database URL" value={c.db_url} secret
        hint="Connects as the owner (postgres). Keep transactions short: an open transaction from a client stalls the project's API until it ends." />
      <div className="field">
        <label htmlFor="connect-kind">Client</label>
        <select id="connect-kind" value={kind} onChange={(e) => setKind(e.target.value as ConnectionKind)}>
          {CONNECTION_KINDS.map((k) => <option key={k} value={k}>{KIND_LABEL[k]}</option>)}
        </select>
      </div>
      <div className="spread" style={{ marginBottom: 6 }}>
        <strong id="snippet-label">{KIND_LABEL[kind]}</strong>
        <div className="row">
          {password && (
            <Button small aria-pressed={shown} onClick={() => setShown(!shown)} aria-label={`${shown ? 'Hide' : 'Reveal'} password in snippet`}>
              {shown ? 'Hide password' : 'Reveal password'}
            </Button>
          )}
          <CopyButton value={snippet} label={`${KIND_LABEL[kind]} snippet`} />
        </div>
      </div>
      <pre className="snippet" aria-labelledby="snippet-label" tabIndex={0}>{visible}</pre>
    </div>
  );
}

function passwordOf(url: string): string {
  try {
    const p = decodeURIComponent(new URL(url).password);
    return p === '[YOUR-PASSWORD]' ? '' : p;
  } catch {
    return '';
  }
}
