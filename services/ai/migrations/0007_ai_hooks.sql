-- Agent hooks (lifecycle middleware: http, rule, approval) and the run status of a run paused for an
-- approval. Hooks are immutable (delete and recreate); service role only, like the agents themselves.
create table ai.hooks (
  id uuid primary key default gen_random_uuid(),
  agent_id uuid references ai.agents (id) on delete cascade,
  orchestration_id uuid,
  event varchar(50) not null,
  matcher varchar(255),
  type varchar(50) not null,
  config jsonb not null default '{}'::jsonb,
  enabled boolean default true,
  position int default 0,
  created_at timestamptz default now(),
  check (agent_id is not null or orchestration_id is not null)
);
create index idx_ai_hooks_agent on ai.hooks (agent_id, position, created_at);
create index idx_ai_hooks_orchestration on ai.hooks (orchestration_id, position, created_at);

alter table ai.hooks enable row level security;
create policy service_role_all_hooks on ai.hooks for all to service_role using (true) with check (true);
revoke all on ai.hooks from anon, authenticated;
grant all on ai.hooks to service_role;

-- a streamed run waiting for POST /agents/runs/{run_id}/approve
alter table ai.agent_runs drop constraint if exists agent_runs_status_check;
alter table ai.agent_runs add constraint agent_runs_status_check
  check (status in ('pending', 'running', 'awaiting_approval', 'completed', 'failed', 'cancelled'));
