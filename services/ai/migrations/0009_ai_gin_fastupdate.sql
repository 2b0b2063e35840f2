-- The chunks' full-text GIN index without the fast-update pending list: PGlite never autovacuums, so the
-- pending list only grows and every full-text search scans it (measured: ~1.8 ms p50 of a ~9 ms statement on
-- 100k chunks). Inserts update the index directly instead (indexing is bound by embedding, not by this).
alter index ai.idx_ai_chunks_fts set (fastupdate = off);
select gin_clean_pending_list('ai.idx_ai_chunks_fts'::regclass);
