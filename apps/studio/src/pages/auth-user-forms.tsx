// The dialogs that add users: create one with a password (optionally confirmed at once), or invite by mail.
import { useState } from 'react';
import type { AuthUser } from '../api/project-types.ts';
import { useCreateAuthUserMutation, useInviteAuthUserMutation } from '../data/auth-users.ts';
import { Modal } from '../components/modal.tsx';
import { Button, CheckField, ErrorBox, Field } from '../components/ui.tsx';

interface Props { projectRef: string; onClose: () => void; onDone: (u: AuthUser) => void }

export function CreateUserModal({ projectRef, onClose, onDone }: Props) {
  const create = useCreateAuthUserMutation(projectRef);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [autoConfirm, setAutoConfirm] = useState(true);
  return (
    <Modal title="Create user" onClose={onClose} description="The user signs in with this email and password.">
      <form onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ email, password, autoConfirm }, { onSuccess: (u) => { onDone(u); onClose(); } });
      }}>
        <Field label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="off" />
        <Field label="Password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="new-password" />
        <CheckField label="Auto-confirm user" checked={autoConfirm} onChange={(e) => setAutoConfirm(e.target.checked)}
          hint="A confirmed user can sign in at once; otherwise the address must be confirmed first." />
        <ErrorBox error={create.error} />
        <div className="row">
          <Button type="submit" variant="primary" disabled={!email || !password || create.isPending}>{create.isPending ? 'Creating…' : 'Create user'}</Button>
          <Button onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </Modal>
  );
}

export function InviteUserModal({ projectRef, onClose, onDone }: Props) {
  const invite = useInviteAuthUserMutation(projectRef);
  const [email, setEmail] = useState('');
  return (
    <Modal title="Invite user" onClose={onClose} description="The address gets a mail with a link to set up the account (locally: see the Inbox tab).">
      <form onSubmit={(e) => { e.preventDefault(); invite.mutate({ email }, { onSuccess: (u) => { onDone(u); onClose(); } }); }}>
        <Field label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="off" />
        <ErrorBox error={invite.error} />
        <div className="row">
          <Button type="submit" variant="primary" disabled={!email || invite.isPending}>{invite.isPending ? 'Sending…' : 'Send invitation'}</Button>
          <Button onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </Modal>
  );
}
