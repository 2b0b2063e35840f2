// Sign in and sign up against the platform's users (/v1/auth/*); both land where the visitor was going.
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useSession, useSignInMutation, useSignUpMutation } from '../data/auth.ts';
import { Brand } from '../components/layout.tsx';
import { ErrorBox, Field } from '../components/ui.tsx';

function AuthForm({ mode }: { mode: 'sign-in' | 'sign-up' }) {
  const session = useSession();
  const [params] = useSearchParams();
  const signIn = useSignInMutation();
  const signUp = useSignUpMutation();
  const m = mode === 'sign-in' ? signIn : signUp;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = params.get('next');
  if (session) return <Navigate to={next && next.startsWith('/') ? next : '/'} replace />;
  const submit = (e: FormEvent) => { e.preventDefault(); m.mutate({ email, password }); };
  const title = mode === 'sign-in' ? 'Sign in to Powabase' : 'Create your Powabase account';
  const other = mode === 'sign-in' ? '/sign-up' : '/sign-in';
  return (
    <main className="auth-page" id="main">
      <div className="auth-card">
        <p><Brand /></p>
        <h1>{title}</h1>
        <form onSubmit={submit} noValidate>
          <Field label="Email" type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          <Field label="Password" type="password" name="password" required minLength={8}
            autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
            hint={mode === 'sign-up' ? 'At least 8 characters.' : undefined}
            value={password} onChange={(e) => setPassword(e.target.value)} />
          <ErrorBox error={m.error} />
          <button type="submit" className="btn btn-primary" style={{ width: '100%' }} disabled={m.isPending}>
            {m.isPending ? 'Please wait…' : mode === 'sign-in' ? 'Sign in' : 'Sign up'}
          </button>
        </form>
        <p className="muted" style={{ marginTop: 16 }}>
          {mode === 'sign-in' ? 'No account yet? ' : 'Have an account? '}
          <Link to={next ? `${other}?next=${encodeURIComponent(next)}` : other}>{mode === 'sign-in' ? 'Sign up' : 'Sign in'}</Link>
        </p>
        {mode === 'sign-in' && (
          <p className="muted field-hint">On a local platform the owner's password is in <code>platform/owner.json</code> of the data dir.</p>
        )}
      </div>
    </main>
  );
}

export const SignInPage = () => <AuthForm mode="sign-in" />;
export const SignUpPage = () => <AuthForm mode="sign-up" />;
