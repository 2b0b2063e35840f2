-- The LLM-built strategies' item tables (created in 0001) get the indexes their indexing and search use:
-- English full text on node text and summaries (what full_text / hybrid rank on; full_documents.summary
-- has one since 0001) and the lookups by knowledge base, indexed source and tree.
create index if not exists idx_ai_full_documents_indexed_source on ai.full_documents (indexed_source_id);
create index if not exists idx_ai_doc2json_indexed_source on ai.doc2json_documents (indexed_source_id);
create index if not exists idx_ai_doc2json_fts on ai.doc2json_documents using gin (to_tsvector('english', summary));
create index if not exists idx_ai_page_index_toc_kb on ai.page_index_toc (knowledge_base_id, source_id);
create index if not exists idx_ai_page_index_toc_indexed_source on ai.page_index_toc (indexed_source_id);
create index if not exists idx_ai_page_index_nodes_kb on ai.page_index_nodes (knowledge_base_id);
create index if not exists idx_ai_page_index_nodes_fts on ai.page_index_nodes using gin (to_tsvector('english', text));
create index if not exists idx_ai_graph_index_toc_kb on ai.graph_index_toc (knowledge_base_id, source_id);
create index if not exists idx_ai_graph_index_toc_indexed_source on ai.graph_index_toc (indexed_source_id);
create index if not exists idx_ai_graph_index_nodes_kb on ai.graph_index_nodes (knowledge_base_id);
create index if not exists idx_ai_graph_index_nodes_parent on ai.graph_index_nodes (toc_id, parent_node_id);
create index if not exists idx_ai_graph_index_nodes_fts on ai.graph_index_nodes using gin (to_tsvector('english', text));
