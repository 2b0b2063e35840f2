// Members of an organization and their roles; owners and admins change roles, remove members and invite.
import { useState } from 'react';
import { useParams } from 'react-router';
import { ROLES, type Role } from '../api/types.ts';
import { useUserQuery } from '../data/auth.ts';
import { useOrganizationQuery } from '../data/organizations.ts';
import {
  useCreateInvitationMutation, useDeleteInvitationMutation, useInvitationsQuery, useMembersQuery,
  useRemoveMemberMutation, useUpdateMemberRoleMutation,
} from '../data/members.ts';
import { Button, ErrorBox, Field, Loading, ValueField } from '../components/ui.tsx';

export function OrgMembersPage() {
  const { slug = '' } = useParams();
  const org = useOrganizationQuery(slug);
  const me = useUserQuery();
  const manage = org.data?.role === 'owner' || org.data?.role === 'admin';
  const members = useMembersQuery(slug);
  const invitations = useInvitationsQuery(slug, !!manage);
  const setRole = useUpdateMemberRoleMutation(slug);
  const remove = useRemoveMemberMutation(slug);
  const invite = useCreateInvitationMutation(slug);
  const withdraw = useDeleteInvitationMutation(slug);
  const [email, setEmail] = useState('');
  const [role, setInviteRole] = useState<Role>('developer');
  const assignable = (r: Role) => org.data?.role === 'owner' || r !== 'owner';
  return (
    <div className="stack">
      <h2>Members</h2>
      {members.isPending ? <Loading what="members" /> : <ErrorBox error={members.error} />}
      <ErrorBox error={setRole.error ?? remove.error} />
      {members.data && (
        <div className="table-wrap">
          <table className="data">
            <caption className="sr-only">Members of the organization</caption>
            <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Joined</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {members.data.map((m) => (
                <tr key={m.user_id}>
                  <td>{m.email}{m.user_id === me.data?.id ? ' (you)' : ''}</td>
                  <td>
                    {manage && assignable(m.role_name) ? (
                      <select aria-label={`Role of ${m.email}`} value={m.role_name}
                        onChange={(e) => setRole.mutate({ userId: m.user_id, role: e.target.value as Role })}>
                        {ROLES.filter(assignable).map((r) => <option key={r} value={r}>{r}</option>)}
                      </select>
                    ) : m.role_name}
                  </td>
                  <td>{new Date(m.created_at).toLocaleDateString()}</td>
                  <td>
                    {(manage && assignable(m.role_name)) || m.user_id === me.data?.id ? (
                      <Button small variant="danger" onClick={() => remove.mutate(m.user_id)}>
                        {m.user_id === me.data?.id ? 'Leave' : 'Remove'}
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {manage && (
        <section className="section" aria-labelledby="invite">
          <h3 id="invite">Invite a member</h3>
          <form onSubmit={(e) => { e.preventDefault(); invite.mutate({ email, role }, { onSuccess: () => setEmail('') }); }}>
            <Field label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
            <div className="field">
              <label htmlFor="invite-role">Role</label>
              <select id="invite-role" value={role} onChange={(e) => setInviteRole(e.target.value as Role)}>
                {ROLES.filter(assignable).map((r) => <option key={r} value={r}>{r}</option>)}
              </select>
            </div>
            <ErrorBox error={invite.error} />
            <Button type="submit" variant="primary" disabled={!email || invite.isPending}>Send invitation</Button>
          </form>
          {invite.data?.token && (
            <div className="notice" style={{ marginTop: 12 }}>
              <ValueField label="Invitation link (share it: the invitee opens it signed in with that email)"
                value={`${window.location.origin}/join?token=${encodeURIComponent(invite.data.token)}`} />
              <ValueField label="Invitation token" value={invite.data.token} />
            </div>
          )}
          <h3 style={{ marginTop: 16 }}>Pending invitations</h3>
          {invitations.data?.length ? (
            <ul>
              {invitations.data.map((i) => (
                <li key={i.id} className="row">
                  <span>{i.email} · {i.role_name} · expires {new Date(i.expires_at).toLocaleDateString()}</span>
                  <Button small onClick={() => withdraw.mutate(i.id)}>Withdraw</Button>
                </li>
              ))}
            </ul>
          ) : <p className="muted">None.</p>}
        </section>
      )}
    </div>
  );
}
