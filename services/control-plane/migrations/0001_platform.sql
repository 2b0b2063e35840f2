-- Control-plane metadata: platform users and their sessions, access tokens, organizations, members,
-- invitations, projects and project secrets. Everything lives in the `platform` schema.
create schema if not exists platform;

create table platform.users (
  id uuid primary key,
  email text not null,
  password_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on platform.users (lower(email));

create table platform.sessions (
  id uuid primary key,
  user_id uuid not null references platform.users (id) on delete cascade,
  created_at timestamptz not null default now()
);
create index sessions_user_idx on platform.sessions (user_id);

-- Refresh tokens are random, stored as sha256 hashes, rotated on every use; a reused (revoked) token
-- ends its whole session.
create table platform.refresh_tokens (
  token_hash text primary key,
  session_id uuid not null references platform.sessions (id) on delete cascade,
  revoked_at timestamptz,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index refresh_tokens_session_idx on platform.refresh_tokens (session_id);

create table platform.access_tokens (
  id uuid primary key,
  user_id uuid not null references platform.users (id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz
);
create index access_tokens_user_idx on platform.access_tokens (user_id);

create table platform.organizations (
  id uuid primary key,
  slug text not null unique,
  name text not null,
  created_at timestamptz not null default now()
);

create table platform.members (
  organization_id uuid not null references platform.organizations (id) on delete cascade,
  user_id uuid not null references platform.users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'developer', 'read_only')),
  created_at timestamptz not null default now(),
  primary key (organization_id, user_id)
);
create index members_user_idx on platform.members (user_id);

create table platform.invitations (
  id uuid primary key,
  organization_id uuid not null references platform.organizations (id) on delete cascade,
  email text not null,
  role text not null check (role in ('owner', 'admin', 'developer', 'read_only')),
  token_hash text not null unique,
  invited_by uuid references platform.users (id) on delete set null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create unique index invitations_org_email_key on platform.invitations (organization_id, lower(email));

create table platform.projects (
  ref text primary key,
  organization_id uuid not null references platform.organizations (id) on delete cascade,
  name text not null,
  status text not null check (status in
    ('COMING_UP', 'ACTIVE_HEALTHY', 'UNHEALTHY', 'PAUSING', 'PAUSED', 'RESTORING', 'REMOVED', 'FAILED')),
  compute jsonb not null,
  -- Set when a project was marked REMOVED but the provisioner has not confirmed its data is gone.
  removal_pending boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index projects_org_idx on platform.projects (organization_id);
create index projects_status_idx on platform.projects (status);

-- Secrets are a separate row so they can be wiped when a project is removed.
create table platform.project_secrets (
  ref text primary key references platform.projects (ref) on delete cascade,
  jwt_secret text not null,
  anon_key text not null,
  service_role_key text not null,
  db_password text not null
);
