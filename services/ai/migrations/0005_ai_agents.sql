-- Agents, their knowledge-base assignments, sessions and runs (column names as in Powabase's open-source
-- schema). Messages are not a table: a session's chat is assembled from its runs' input and output messages.
create table ai.agents (
  id uuid primary key default gen_random_uuid(),
  name varchar(255) not null,
  model varchar(255) not null default 'gpt-4o-mini',
  system_prompt text,
  settings jsonb default '{}'::jsonb,
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);
create index idx_ai_agents_created on ai.agents (created_at desc, id);
create trigger set_updated_at before update on ai.agents for each row execute function ai.trigger_set_updated_at();

create table ai.agent_knowledge_bases (
  id uuid primary key default gen_random_uuid(),
  agent_id uuid not null references ai.agents (id) on delete cascade,
  knowledge_base_id uuid not null references ai.knowledge_bases (id) on delete cascade,
  config jsonb default '{}'::jsonb,
  created_at timestamptz default now(),
  unique (agent_id, knowledge_base_id)
);

create table ai.agent_sessions (
  id uuid primary key default gen_random_uuid(),
  session_id varchar(255) not null unique,
  agent_id uuid references ai.agents (id) on delete cascade,
  user_id uuid,
  session_data jsonb default '{}'::jsonb,
  metadata jsonb default '{}'::jsonb,
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);
create index idx_ai_agent_sessions_agent on ai.agent_sessions (agent_id, created_at desc);
create index idx_ai_agent_sessions_user on ai.agent_sessions (user_id);
create trigger set_updated_at before update on ai.agent_sessions for each row execute function ai.trigger_set_updated_at();

create table ai.agent_runs (
  id uuid primary key default gen_random_uuid(),
  session_id uuid references ai.agent_sessions (id) on delete cascade,
  run_id varchar(255) not null unique,
  agent_id uuid,
  context_handler_id uuid,
  status varchar(50) default 'pending' check (status in ('pending', 'running', 'completed', 'failed', 'cancelled')),
  input_messages jsonb,
  output_messages jsonb,
  content text,
  retrieved_context jsonb,
  error text,
  started_at timestamptz,
  completed_at timestamptz,
  parent_orchestration_run_id uuid,
  parent_workflow_execution_id uuid,
  steps int,
  events jsonb default '[]'::jsonb,
  tool_calls jsonb default '[]'::jsonb,
  reasoning_steps jsonb,
  model varchar(128),
  prompt_tokens int,
  completion_tokens int,
  reasoning_tokens int,
  cached_tokens int,
  total_tokens int,
  tool_call_count int,
  tool_call_error_count int,
  tool_call_duration_ms_total int,
  created_at timestamptz default now()
);
create index idx_ai_agent_runs_session on ai.agent_runs (session_id, created_at);
create index idx_ai_agent_runs_status on ai.agent_runs (status);
create index idx_ai_agent_runs_agent on ai.agent_runs (agent_id, created_at desc);

do $$
declare t text;
begin
  foreach t in array array['agents', 'agent_knowledge_bases', 'agent_sessions', 'agent_runs'] loop
    execute format('alter table ai.%I enable row level security', t);
    execute format('create policy service_role_all_%1$s on ai.%1$I for all to service_role using (true) with check (true)', t);
  end loop;
end $$;
revoke all on ai.agents, ai.agent_knowledge_bases, ai.agent_sessions, ai.agent_runs from anon, authenticated;
grant all on ai.agents, ai.agent_knowledge_bases, ai.agent_sessions, ai.agent_runs to service_role;
