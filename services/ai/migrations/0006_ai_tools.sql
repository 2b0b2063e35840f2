-- Agent tools: custom tools (ai.tools), an agent's tool assignments (ai.agent_tools, builtin by name or custom
-- by id, with a config_override) and its MCP servers (ai.agent_mcp_servers). Column names as in Powabase's
-- open-source schema. Service role only: tool configs can hold credentials (headers).
create table ai.tools (
  id uuid primary key default gen_random_uuid(),
  name varchar(255) not null,
  description text not null,
  type varchar(50) not null,
  input_schema jsonb not null,
  config jsonb default '{}'::jsonb,
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);
create index idx_ai_tools_created on ai.tools (created_at, id);
create trigger set_updated_at before update on ai.tools for each row execute function ai.trigger_set_updated_at();

create table ai.agent_tools (
  id uuid primary key default gen_random_uuid(),
  agent_id uuid not null references ai.agents (id) on delete cascade,
  tool_id uuid references ai.tools (id) on delete cascade,
  tool_type varchar(50) not null,
  tool_name varchar(255) not null,
  config_override jsonb default '{}'::jsonb,
  created_at timestamptz default now()
);
create index idx_ai_agent_tools_agent on ai.agent_tools (agent_id, created_at);
create unique index uq_ai_agent_tools_builtin on ai.agent_tools (agent_id, tool_name) where tool_type = 'builtin';
create unique index uq_ai_agent_tools_custom on ai.agent_tools (agent_id, tool_id) where tool_id is not null;

create table ai.agent_mcp_servers (
  id uuid primary key default gen_random_uuid(),
  agent_id uuid not null references ai.agents (id) on delete cascade,
  name varchar(255) not null,
  transport varchar(50) not null default 'http',
  url text not null,
  headers jsonb default '{}'::jsonb,
  config jsonb default '{}'::jsonb,
  enabled boolean default true,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  unique (agent_id, name)
);
create trigger set_updated_at before update on ai.agent_mcp_servers for each row execute function ai.trigger_set_updated_at();

do $$
declare t text;
begin
  foreach t in array array['tools', 'agent_tools', 'agent_mcp_servers'] loop
    execute format('alter table ai.%I enable row level security', t);
    execute format('create policy service_role_all_%1$s on ai.%1$I for all to service_role using (true) with check (true)', t);
  end loop;
end $$;
revoke all on ai.tools, ai.agent_tools, ai.agent_mcp_servers from anon, authenticated;
grant all on ai.tools, ai.agent_tools, ai.agent_mcp_servers to service_role;
