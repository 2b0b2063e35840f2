// Accepting an invitation into an organization: `/join?token=pbi_...` (the link an admin shares). Signed-out
// visitors sign in or up first and come back here; the platform checks the token was sent to their email.
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../data/auth.ts';
import { useAcceptInvitationMutation } from '../data/members.ts';
import { TopBar } from '../components/layout.tsx';
import { Button, ErrorBox, Field } from '../components/ui.tsx';

export function InvitationAcceptPage() {
  const [params] = useSearchParams();
  const session = useSession();
  const navigate = useNavigate();
  const accept = useAcceptInvitationMutation();
  const [token, setToken] = useState(params.get('token') ?? '');
  return (
    <>
      <TopBar crumbs={<><span className="sep" aria-hidden="true">/</span><span>Invitation</span></>} />
      <main className="page narrow-page" id="main">
        <h1>Join an organization</h1>
        <p>
          You are signed in as <strong>{session?.user.email}</strong>. An invitation can only be accepted with the email address it was
          sent to; sign out and in with another account if it was sent elsewhere.
        </p>
        <form className="section" onSubmit={(e) => {
          e.preventDefault();
          accept.mutate(token.trim(), { onSuccess: (org) => navigate(`/org/${org.slug}`) });
        }}>
          <Field label="Invitation token" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" spellCheck={false}
            hint="It starts with pbi_ and came with the invitation link." />
          <ErrorBox error={accept.error} />
          <div className="row">
            <Button type="submit" variant="primary" disabled={!token.trim() || accept.isPending}>{accept.isPending ? 'Joining…' : 'Accept invitation'}</Button>
            <Link to="/organizations">Not now</Link>
          </div>
        </form>
      </main>
    </>
  );
}
