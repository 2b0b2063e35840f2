-- The `ai` schema's tables for sources, extraction, knowledge bases and settings (column names as in
-- Powabase's open-source schema). Embeddings need pgvector and live in 0002; agent/workflow tables come later.
create schema if not exists ai;

create or replace function ai.trigger_set_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at = now();
  return new;
end $$;

create table ai.sources (
  id uuid primary key default gen_random_uuid(),
  name varchar(255),
  file_type varchar(255) not null,
  storage_path varchar(1024) not null,
  extraction_status varchar(50) default 'pending'
    check (extraction_status in ('pending', 'extracting', 'extracted', 'attention_required', 'failed', 'cancelled')),
  derivatives jsonb default '{}'::jsonb,
  metadata jsonb default '{}'::jsonb,
  auto_metadata jsonb default '{}'::jsonb,
  error_message text,
  error_code text,
  celery_task_id varchar(255),
  content_hash varchar(64),
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);
create unique index sources_content_hash_uniq on ai.sources (content_hash) where content_hash is not null;
create index idx_ai_sources_status on ai.sources (extraction_status);
create index idx_ai_sources_created on ai.sources (created_at desc, id);

-- One row per page of extracted text (1-based pages); also stored as page_text derivatives in storage.
create table ai.page_texts (
  id uuid primary key default gen_random_uuid(),
  source_id uuid not null references ai.sources (id) on delete cascade,
  page integer not null,
  text text not null,
  created_at timestamptz default now(),
  unique (source_id, page)
);

create table ai.knowledge_bases (
  id uuid primary key default gen_random_uuid(),
  name varchar(255) not null,
  description text,
  indexing_config jsonb default '{"strategy": "chunk_embed", "chunk_size": 2000, "overlap": 50}'::jsonb,
  retrieval_config jsonb default '{"method": "hybrid", "top_k": 5}'::jsonb,
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);

create table ai.indexed_sources (
  id uuid primary key default gen_random_uuid(),
  knowledge_base_id uuid references ai.knowledge_bases (id) on delete cascade,
  source_id uuid references ai.sources (id) on delete cascade,
  index_status varchar(50) default 'pending'
    check (index_status in ('pending', 'indexing', 'indexed', 'failed', 'cancelled')),
  indexed_at timestamptz,
  stats jsonb default '{}'::jsonb,
  error_message text,
  indexing_config_snapshot jsonb,
  celery_task_id varchar(255),
  last_dispatched_at timestamptz default now(),
  attempts integer not null default 0,
  created_at timestamptz default now(),
  unique (knowledge_base_id, source_id)
);
create index idx_ai_indexed_sources_kb_status on ai.indexed_sources (knowledge_base_id, index_status);
create index idx_ai_indexed_sources_source on ai.indexed_sources (source_id);

create table ai.chunks (
  id uuid primary key default gen_random_uuid(),
  indexed_source_id uuid references ai.indexed_sources (id) on delete cascade,
  knowledge_base_id uuid not null references ai.knowledge_bases (id) on delete cascade,
  source_id uuid not null references ai.sources (id) on delete cascade,
  text text not null,
  chunk_index integer,
  start_char integer,
  end_char integer,
  tokens integer,
  meta jsonb default '{}'::jsonb,
  -- English full-text vector (stemmed), kept by Postgres; what full_text and hybrid search rank on.
  fts tsvector generated always as (to_tsvector('english', text)) stored,
  created_at timestamptz default now()
);
create index idx_ai_chunks_kb on ai.chunks (knowledge_base_id);
create index idx_ai_chunks_source on ai.chunks (source_id);
create index idx_ai_chunks_indexed_source on ai.chunks (indexed_source_id, chunk_index);
create index idx_ai_chunks_fts on ai.chunks using gin (fts);

create table ai.full_documents (
  id uuid primary key default gen_random_uuid(),
  indexed_source_id uuid references ai.indexed_sources (id) on delete cascade,
  knowledge_base_id uuid not null references ai.knowledge_bases (id) on delete cascade,
  source_id uuid not null references ai.sources (id) on delete cascade,
  summary text not null,
  full_text_path varchar(1024) not null,
  summary_model varchar(255),
  summary_tokens integer,
  full_text_tokens integer,
  meta jsonb,
  created_at timestamptz default now()
);
create index idx_ai_full_documents_kb on ai.full_documents (knowledge_base_id);
create index idx_ai_full_documents_fts on ai.full_documents using gin (to_tsvector('english', summary));

create table ai.doc2json_documents (
  id uuid primary key default gen_random_uuid(),
  indexed_source_id uuid references ai.indexed_sources (id) on delete cascade,
  knowledge_base_id uuid not null references ai.knowledge_bases (id) on delete cascade,
  source_id uuid not null references ai.sources (id) on delete cascade,
  summary text not null,
  extracted_json jsonb not null,
  json_schema jsonb not null,
  window_summaries jsonb default '[]'::jsonb,
  extraction_model varchar(255),
  summary_tokens integer,
  input_tokens integer,
  window_size integer,
  window_overlap integer,
  window_count integer,
  meta jsonb,
  created_at timestamptz default now()
);
create index idx_ai_doc2json_kb on ai.doc2json_documents (knowledge_base_id);

create table ai.page_index_toc (
  id uuid primary key default gen_random_uuid(),
  indexed_source_id uuid references ai.indexed_sources (id) on delete cascade,
  knowledge_base_id uuid not null references ai.knowledge_bases (id) on delete cascade,
  source_id uuid not null references ai.sources (id) on delete cascade,
  doc_name text,
  doc_description text,
  structure jsonb not null,
  created_at timestamptz default now()
);

create table ai.page_index_nodes (
  id uuid primary key default gen_random_uuid(),
  toc_id uuid not null references ai.page_index_toc (id) on delete cascade,
  indexed_source_id uuid references ai.indexed_sources (id) on delete cascade,
  knowledge_base_id uuid not null references ai.knowledge_bases (id) on delete cascade,
  source_id uuid not null references ai.sources (id) on delete cascade,
  node_id text not null,
  title text,
  depth integer default 0,
  parent_node_id text,
  text text not null,
  line_num integer,
  meta jsonb,
  created_at timestamptz default now(),
  unique (toc_id, node_id)
);

create table ai.graph_index_toc (
  id uuid primary key default gen_random_uuid(),
  indexed_source_id uuid references ai.indexed_sources (id) on delete cascade,
  knowledge_base_id uuid not null references ai.knowledge_bases (id) on delete cascade,
  source_id uuid not null references ai.sources (id) on delete cascade,
  doc_name text,
  doc_description text,
  structure jsonb not null,
  created_at timestamptz default now()
);

create table ai.graph_index_nodes (
  id uuid primary key default gen_random_uuid(),
  toc_id uuid not null references ai.graph_index_toc (id) on delete cascade,
  indexed_source_id uuid references ai.indexed_sources (id) on delete cascade,
  knowledge_base_id uuid not null references ai.knowledge_bases (id) on delete cascade,
  source_id uuid not null references ai.sources (id) on delete cascade,
  node_id text not null,
  title text,
  depth integer default 0,
  parent_node_id text,
  text text not null,
  line_num integer,
  meta jsonb,
  enrichment_error text,
  created_at timestamptz default now(),
  unique (toc_id, node_id)
);

create table ai.enrichment_configs (
  id uuid primary key default gen_random_uuid(),
  knowledge_base_id uuid not null unique references ai.knowledge_bases (id) on delete cascade,
  fields jsonb not null default '[]'::jsonb,
  llm_model varchar(255),
  max_tokens integer default 2000,
  use_multimodal boolean default false,
  metadata_table_name varchar(255) not null,
  status varchar(50) default 'idle' check (status in ('idle', 'enriching', 'completed', 'completed_with_errors', 'failed')),
  enriched_count integer default 0,
  total_count integer default 0,
  error_message text,
  celery_task_id varchar(255),
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);

create table ai.context_handlers (
  id uuid primary key default gen_random_uuid(),
  query text not null,
  status varchar(50) default 'pending' check (status in ('pending', 'running', 'completed', 'failed')),
  knowledge_base_configs jsonb not null default '[]'::jsonb,
  max_context_tokens integer default 32000,
  retrieved_context jsonb,
  metadata jsonb,
  errors jsonb default '[]'::jsonb,
  formatted_context text,
  completed_at timestamptz,
  created_at timestamptz default now()
);

-- Overrides of the settings registry; values are strings, secret values are encrypted (see README).
create table ai.project_settings (
  key varchar(255) primary key,
  value text,
  updated_at timestamptz default now()
);

create table ai.ai_provider_keys (
  id uuid primary key default gen_random_uuid(),
  provider varchar(50) not null unique,
  api_key_encrypted text not null,
  is_valid boolean not null default true,
  last_validated_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

do $$
declare t text;
begin
  foreach t in array array['sources', 'knowledge_bases', 'enrichment_configs', 'ai_provider_keys'] loop
    execute format('create trigger set_updated_at_%1$s before update on ai.%1$I for each row execute function ai.trigger_set_updated_at()', t);
  end loop;
end $$;
