-- Access to `ai` as documented: RLS on every table; service_role may do everything; authenticated may read
-- the content and configuration tables and write knowledge-base configuration; anon gets nothing.
-- Credentials (provider keys, settings that may hold secrets) and the job queue stay service-role only.
do $$
declare t text;
begin
  foreach t in array array['sources', 'page_texts', 'knowledge_bases', 'indexed_sources', 'chunks', 'full_documents',
                           'doc2json_documents', 'page_index_toc', 'page_index_nodes', 'graph_index_toc',
                           'graph_index_nodes', 'enrichment_configs', 'context_handlers', 'project_settings',
                           'ai_provider_keys', 'jobs'] loop
    execute format('alter table ai.%I enable row level security', t);
    execute format('create policy service_role_all_%1$s on ai.%1$I for all to service_role using (true) with check (true)', t);
  end loop;
  foreach t in array array['sources', 'page_texts', 'knowledge_bases', 'indexed_sources', 'chunks', 'full_documents',
                           'doc2json_documents', 'page_index_toc', 'page_index_nodes', 'graph_index_toc',
                           'graph_index_nodes', 'enrichment_configs', 'context_handlers'] loop
    execute format('create policy authenticated_read_%1$s on ai.%1$I for select to authenticated using (true)', t);
  end loop;
  foreach t in array array['knowledge_bases', 'enrichment_configs'] loop
    execute format('create policy authenticated_insert_%1$s on ai.%1$I for insert to authenticated with check (true)', t);
    execute format('create policy authenticated_update_%1$s on ai.%1$I for update to authenticated using (true) with check (true)', t);
    execute format('create policy authenticated_delete_%1$s on ai.%1$I for delete to authenticated using (true)', t);
  end loop;
end $$;

revoke all on all tables in schema ai from anon, authenticated;
revoke all on all functions in schema ai from anon;
grant all on all tables in schema ai to service_role;
grant select on ai.sources, ai.page_texts, ai.knowledge_bases, ai.indexed_sources, ai.chunks, ai.full_documents,
  ai.doc2json_documents, ai.page_index_toc, ai.page_index_nodes, ai.graph_index_toc, ai.graph_index_nodes,
  ai.enrichment_configs, ai.context_handlers to authenticated;
grant insert, update, delete on ai.knowledge_bases, ai.enrichment_configs to authenticated;
do $$ begin
  if to_regclass('ai.embeddings') is not null then
    grant select on ai.embeddings to authenticated;
  end if;
end $$;
