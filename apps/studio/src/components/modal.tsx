// An accessible dialog: labelled by its title, Escape and the close button close it, focus moves into it on
// open and back to where it was on close, Tab stays inside.
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Button, ErrorBox } from './ui.tsx';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Modal({ title, onClose, children, wide, description }: {
  title: string; onClose: () => void; children: ReactNode; wide?: boolean; description?: ReactNode;
}) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    return () => before?.focus?.();
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') { e.stopPropagation(); onClose(); return; }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (!items.length) return;
    const [first, last] = [items[0], items[items.length - 1]];
    if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
  };
  return (
    <div className="backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div className={`modal${wide ? ' wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={titleId} ref={ref} onKeyDown={onKeyDown}>
        <div className="modal-head">
          <div>
            <h2 id={titleId}>{title}</h2>
            {description && <div className="muted">{description}</div>}
          </div>
          <Button small onClick={onClose} aria-label="Close dialog">Close</Button>
        </div>
        {children}
      </div>
    </div>
  );
}

/** Deletion guarded by typing a word (the project's or organization's name). */
export function ConfirmDelete({ what, word, pending, error, onConfirm, onClose }: {
  what: string; word: string; pending: boolean; error: unknown; onConfirm: () => void; onClose: () => void;
}) {
  const id = useId();
  const [typed, setTyped] = useState('');
  return (
    <Modal title={`Delete ${what}`} onClose={onClose} description="This cannot be undone: everything in it is removed.">
      <form onSubmit={(e) => { e.preventDefault(); if (typed === word) onConfirm(); }}>
        <div className="field">
          <label htmlFor={id}>Type <strong className="mono">{word}</strong> to confirm</label>
          <input id={id} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
        </div>
        <ErrorBox error={error} />
        <div className="row">
          <button type="submit" className="btn btn-danger" disabled={typed !== word || pending}>{pending ? 'Deleting…' : `Delete ${what}`}</button>
          <Button onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </Modal>
  );
}

/** A plain yes/no confirmation for a reversible-enough or single-item removal. */
export function ConfirmModal({ title, children, confirmLabel, pending, error, onConfirm, onClose }: {
  title: string; children: ReactNode; confirmLabel: string; pending: boolean; error: unknown; onConfirm: () => void; onClose: () => void;
}) {
  return (
    <Modal title={title} onClose={onClose}>
      <div className="stack">
        <div>{children}</div>
        <ErrorBox error={error} />
        <div className="row">
          <Button variant="danger" onClick={onConfirm} disabled={pending}>{pending ? 'Working…' : confirmLabel}</Button>
          <Button onClick={onClose}>Cancel</Button>
        </div>
      </div>
    </Modal>
  );
}
