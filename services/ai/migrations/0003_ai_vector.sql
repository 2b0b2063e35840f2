-- Embeddings (pgvector). Created only where the `vector` extension is installed; on a server without it the
-- AI service answers 503 and re-runs this at start, so installing pgvector later completes the schema.
do $$ begin
  if exists (select 1 from pg_extension where extname = 'vector') and to_regclass('ai.embeddings') is null then
    execute format($ddl$
      create table ai.embeddings (
        id uuid primary key default gen_random_uuid(),
        item_id uuid not null,
        item_table varchar(50) not null check (item_table in ('chunks', 'graph_index_nodes', 'full_documents', 'doc2json_documents')),
        indexed_source_id uuid references ai.indexed_sources (id) on delete cascade,
        knowledge_base_id uuid references ai.knowledge_bases (id) on delete cascade,
        source_id uuid references ai.sources (id) on delete cascade,
        embedding_model varchar(255) not null,
        dims smallint not null,
        embedding %1$I.vector not null,
        created_at timestamptz default now(),
        unique (item_id, embedding_model)
      );
      create index idx_ai_embeddings_kb on ai.embeddings (knowledge_base_id);
      create index idx_ai_embeddings_source on ai.embeddings (source_id);
      create index idx_ai_embeddings_indexed_source on ai.embeddings (indexed_source_id);
      create index idx_ai_embeddings_hnsw_512 on ai.embeddings
        using hnsw ((embedding::%1$I.vector(512)) %1$I.vector_cosine_ops) where dims = 512;
      create index idx_ai_embeddings_hnsw_1536 on ai.embeddings
        using hnsw ((embedding::%1$I.vector(1536)) %1$I.vector_cosine_ops) where dims = 1536;
      alter table ai.embeddings enable row level security;
      create policy service_role_all_embeddings on ai.embeddings for all to service_role using (true) with check (true);
      create policy authenticated_read_embeddings on ai.embeddings for select to authenticated using (true);
      grant all on ai.embeddings to service_role;
      grant select on ai.embeddings to authenticated;
      revoke all on ai.embeddings from anon;
    $ddl$, (select extnamespace::regnamespace::text from pg_extension where extname = 'vector'));
  end if;
end $$;
