// Authentication → Inbox: the platform's local mail catcher (every project's outgoing mail when no SMTP server
// is configured): newest first, filter by recipient, open a message (HTML in a sandboxed frame, or text),
// delete one or all. The list polls, so a new confirmation mail shows up on its own; the open message and its
// HTML/Text tab live in the address (`?message=&format=text`), so neither a refetch nor a reload loses them.
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../api/http.ts';
import type { MailMessage } from '../api/project-types.ts';
import { useClearMailMutation, useDeleteMailMutation, useMailMessageQuery, useMailQuery } from '../data/mail.ts';
import { formatDate } from '../components/format.ts';
import { ConfirmModal } from '../components/modal.tsx';
import { Button, ErrorBox, Loading } from '../components/ui.tsx';

export function AuthInboxPage() {
  const [params, setParams] = useSearchParams();
  const selected = params.get('message');
  const format = params.get('format') === 'text' ? 'text' : 'html';
  const select = (id: string | null) => setParams((p) => {
    const next = new URLSearchParams(p);
    if (id) next.set('message', id); else next.delete('message');
    return next;
  });
  const setFormat = (f: 'html' | 'text') => setParams((p) => {
    const next = new URLSearchParams(p);
    if (f === 'text') next.set('format', 'text'); else next.delete('format');
    return next;
  }, { replace: true });
  const [typed, setTyped] = useState('');
  const [to, setTo] = useState('');
  const next = typed.trim();
  useEffect(() => {
    if (next === to) return undefined;
    const t = setTimeout(() => setTo(next), 300);
    return () => clearTimeout(t);
  }, [next, to]);
  const list = useMailQuery(to);
  const clear = useClearMailMutation();
  const [confirmClear, setConfirmClear] = useState(false);
  if (list.error instanceof ApiError && list.error.status === 404) {
    return <div className="notice" role="status">There is no local inbox: this platform sends project mail through its SMTP server.</div>;
  }
  return (
    <section className="stack" aria-labelledby="inbox-title">
      <div className="spread">
        <h2 id="inbox-title" style={{ margin: 0 }}>Inbox</h2>
        <div className="row">
          <Button onClick={() => list.refetch()} disabled={list.isFetching}>Refresh</Button>
          <Button variant="danger" onClick={() => setConfirmClear(true)} disabled={!list.data?.total}>Delete all</Button>
        </div>
      </div>
      <p className="muted">The local mail catcher: the mail every project on this platform sends (sign-up confirmations, invitations, magic links, password resets).</p>
      <div className="field">
        <label htmlFor="mail-to">Recipient</label>
        <input id="mail-to" type="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="Exact address, e.g. ada@example.com" />
      </div>
      <ErrorBox error={list.error} />
      {list.isPending ? <Loading what="mail" /> : (
        <div className="split">
          <MessageList messages={list.data?.messages ?? []} selected={selected} onSelect={select} filtered={!!to} />
          {selected ? <MessageView id={selected} onGone={() => select(null)} view={format} setView={setFormat} /> : <p className="muted">Open a message to read it.</p>}
        </div>
      )}
      {confirmClear && (
        <ConfirmModal title="Delete all mail" confirmLabel="Delete all mail" pending={clear.isPending} error={clear.error}
          onClose={() => setConfirmClear(false)}
          onConfirm={() => clear.mutate(undefined, { onSuccess: () => { setConfirmClear(false); select(null); } })}>
          Delete every message in the local inbox, for every project? This cannot be undone.
        </ConfirmModal>
      )}
    </section>
  );
}

function MessageList({ messages, selected, onSelect, filtered }: {
  messages: MailMessage[]; selected: string | null; onSelect: (id: string) => void; filtered: boolean;
}) {
  if (!messages.length) return <p className="muted" role="status">{filtered ? 'No mail to this address.' : 'No mail yet.'}</p>;
  return (
    <ul className="mail-list" aria-label="Messages">
      {messages.map((m) => (
        <li key={m.id}>
          <button className={m.id === selected ? 'active' : undefined} aria-current={m.id === selected ? 'true' : undefined} onClick={() => onSelect(m.id)}>
            <span className="subject">{m.subject || '(no subject)'}</span>
            <span className="muted">To {m.to.join(', ')}</span>
            <span className="muted">{formatDate(m.receivedAt)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The mail's HTML runs with no scripts, no same-origin access; its links open in a new tab. */
const frameDoc = (html: string) => `<!doctype html><meta charset="utf-8"><base target="_blank"><style>body{font-family:system-ui,sans-serif;background:#fff;color:#111;margin:12px}</style>${html}`;

function MessageView({ id, onGone, view, setView }: {
  id: string; onGone: () => void; view: 'html' | 'text'; setView: (v: 'html' | 'text') => void;
}) {
  const m = useMailMessageQuery(id);
  const del = useDeleteMailMutation();
  if (m.isPending) return <Loading what="message" />;
  if (m.isError) return <ErrorBox error={m.error} />;
  const msg = m.data;
  const hasHtml = !!msg.html.trim();
  const shown = hasHtml ? view : 'text';
  return (
    <article className="mail-view card stack" aria-labelledby="mail-subject">
      <div className="spread">
        <h3 id="mail-subject" style={{ margin: 0 }}>{msg.subject || '(no subject)'}</h3>
        <Button small variant="danger" onClick={() => del.mutate(id, { onSuccess: onGone })} disabled={del.isPending}>Delete message</Button>
      </div>
      <dl className="facts">
        <dt>From</dt><dd>{msg.from}</dd>
        <dt>To</dt><dd>{msg.to.join(', ')}</dd>
        <dt>Date</dt><dd>{formatDate(msg.date || msg.receivedAt)}</dd>
      </dl>
      <ErrorBox error={del.error} />
      {hasHtml && (
        <div className="tabs" role="tablist" aria-label="Message format">
          {(['html', 'text'] as const).map((v) => (
            <button key={v} role="tab" id={`mail-tab-${v}`} aria-selected={shown === v} aria-controls="mail-body" tabIndex={shown === v ? 0 : -1}
              onClick={() => setView(v)} onKeyDown={(e) => { if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') setView(v === 'html' ? 'text' : 'html'); }}>
              {v === 'html' ? 'HTML' : 'Text'}
            </button>
          ))}
        </div>
      )}
      <div id="mail-body" role={hasHtml ? 'tabpanel' : undefined} aria-labelledby={hasHtml ? `mail-tab-${shown}` : undefined}>
        {shown === 'html'
          ? <iframe className="mail-frame" title={`Message: ${msg.subject}`} sandbox="allow-popups allow-popups-to-escape-sandbox" srcDoc={frameDoc(msg.html)} />
          : <pre className="snippet mail-text" tabIndex={0} aria-label="Text of the message">{msg.text || '(no text part)'}</pre>}
      </div>
    </article>
  );
}
