-- Per-project auth settings set through PATCH /v1/projects/{ref}/config/auth, by their Management API
-- field names; only fields set explicitly are kept (absent = the platform default). Secret fields
-- (smtp_pass, external_*_secret) are sealed (AES-256-GCM) with a key derived from the platform secret.
create table platform.project_auth_config (
  ref text primary key references platform.projects (ref) on delete cascade,
  settings jsonb not null default '{}',
  updated_at timestamptz not null default now()
);
