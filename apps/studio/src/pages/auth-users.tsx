// Authentication → Users: the project's users a page at a time (GoTrue admin API), search by email, phone or
// id, create a user (optionally confirmed), invite by mail, delete with a confirmation.
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import type { AuthUser } from '../api/project-types.ts';
import { useAuthUsersQuery, useAuthUsersSearchQuery, useDeleteAuthUserMutation } from '../data/auth-users.ts';
import { formatDate, userStatus } from '../components/format.ts';
import { ConfirmModal } from '../components/modal.tsx';
import { TargetGate } from '../components/project-target-gate.tsx';
import { Button, ErrorBox, Loading, Pager } from '../components/ui.tsx';
import { CreateUserModal, InviteUserModal } from './auth-user-forms.tsx';

const PAGE_SIZES = [20, 50, 100];
const SEARCH_DELAY_MS = 300;

export function AuthUsersPage() {
  const { ref = '' } = useParams();
  return <TargetGate projectRef={ref} what="users">{() => <UsersList projectRef={ref} />}</TargetGate>;
}

function UsersList({ projectRef }: { projectRef: string }) {
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(PAGE_SIZES[0]);
  const [dialog, setDialog] = useState<'create' | 'invite' | null>(null);
  const [removing, setRemoving] = useState<AuthUser | null>(null);
  const [notice, setNotice] = useState('');
  const next = typed.trim();
  useEffect(() => {
    if (next === search) return undefined;
    const t = setTimeout(() => { setSearch(next); setPage(1); }, SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [next, search]);
  const listed = useAuthUsersQuery(projectRef, { page, perPage }, !search);
  const found = useAuthUsersSearchQuery(projectRef, { search, page, perPage }, !!search);
  const q = search ? found : listed;
  const del = useDeleteAuthUserMutation(projectRef);
  const total = q.data?.total ?? 0;
  return (
    <section className="stack" aria-labelledby="users-title">
      <div className="spread">
        <h2 id="users-title" style={{ margin: 0 }}>Users</h2>
        <div className="row">
          <Button variant="primary" onClick={() => setDialog('create')}>Create user</Button>
          <Button onClick={() => setDialog('invite')}>Invite user</Button>
        </div>
      </div>
      <div className="toolbar">
        <div className="field grow">
          <label htmlFor="user-search">Search users</label>
          <input id="user-search" type="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="Email, phone or user id" />
        </div>
        <div className="field">
          <label htmlFor="users-per-page">Users per page</label>
          <select id="users-per-page" value={perPage} onChange={(e) => { setPerPage(Number(e.target.value)); setPage(1); }}>
            {PAGE_SIZES.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </div>
      </div>
      {notice && <div className="notice" role="status">{notice}</div>}
      <ErrorBox error={q.error ?? del.error} />
      {q.isPending && !q.data ? <Loading what="users" /> : (
        <>
          <UsersTable users={q.data?.users ?? []} onDelete={setRemoving} stale={q.isPlaceholderData} />
          {total === 0 && <p className="muted">{search ? `No users match “${search}”.` : 'No users yet. Create or invite one, or sign up through your app.'}</p>}
          <Pager page={page} pageSize={perPage} total={total} onPage={setPage} busy={q.isFetching} what="users" />
        </>
      )}
      {dialog === 'create' && <CreateUserModal projectRef={projectRef} onClose={() => setDialog(null)} onDone={(u) => setNotice(`User ${u.email} created.`)} />}
      {dialog === 'invite' && <InviteUserModal projectRef={projectRef} onClose={() => setDialog(null)} onDone={(u) => setNotice(`Invitation sent to ${u.email}.`)} />}
      {removing && (
        <ConfirmModal title="Delete user" confirmLabel="Delete user" pending={del.isPending} error={del.error} onClose={() => { setRemoving(null); del.reset(); }}
          onConfirm={() => del.mutate(removing.id, { onSuccess: () => { setNotice(`User ${removing.email || removing.id} deleted.`); setRemoving(null); } })}>
          Delete <strong>{removing.email || removing.id}</strong>? Their sessions end and they can no longer sign in. This cannot be undone.
        </ConfirmModal>
      )}
    </section>
  );
}

/** `stale`: the previous page still shows while the next one loads. */
function UsersTable({ users, onDelete, stale }: { users: AuthUser[]; onDelete: (u: AuthUser) => void; stale: boolean }) {
  if (!users.length) return null;
  return (
    <div className={`table-wrap${stale ? ' stale' : ''}`} aria-busy={stale}>
      <table className="data">
        <caption className="sr-only">Users of the project</caption>
        <thead>
          <tr>
            <th scope="col">Email</th><th scope="col">Status</th><th scope="col" className="hide-narrow">Provider</th>
            <th scope="col" className="hide-narrow">Created</th><th scope="col" className="hide-narrow">Last sign-in</th>
            <th scope="col" className="hide-narrow">User id</th><th scope="col"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td title={u.email}>{u.email || u.phone || '—'}</td>
              <td>{userStatus(u)}</td>
              <td className="hide-narrow">{u.app_metadata?.provider ?? (u.is_anonymous ? 'anonymous' : 'email')}</td>
              <td className="hide-narrow">{formatDate(u.created_at)}</td>
              <td className="hide-narrow">{formatDate(u.last_sign_in_at)}</td>
              <td className="mono hide-narrow id-cell" title={u.id}>{u.id}</td>
              <td><Button small variant="danger" aria-label={`Delete user ${u.email || u.id}`} onClick={() => onDelete(u)}>Delete</Button></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
