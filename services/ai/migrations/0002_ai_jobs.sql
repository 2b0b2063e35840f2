-- The AI worker's durable job queue: claimed with FOR UPDATE SKIP LOCKED under a lease that the running
-- worker renews; a job whose lease ran out (its worker died) is claimed again. Service role only.
create table ai.jobs (
  id uuid primary key default gen_random_uuid(),
  kind varchar(64) not null,
  payload jsonb not null default '{}'::jsonb,
  status varchar(20) not null default 'queued'
    check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  attempts integer not null default 0,
  max_attempts integer not null default 3,
  run_at timestamptz not null default now(),
  leased_until timestamptz,
  locked_by varchar(128),
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index idx_ai_jobs_ready on ai.jobs (run_at) where status = 'queued';
create index idx_ai_jobs_leases on ai.jobs (leased_until) where status = 'running';
create index idx_ai_jobs_ref on ai.jobs ((payload ->> 'ref'));
