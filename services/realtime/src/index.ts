// @powabase/realtime: a Supabase Realtime-compatible /realtime/v1 (Phoenix channels: broadcast, presence,
// postgres changes under RLS, private channels authorised by RLS on realtime.messages).
export { createRealtimeService, type RealtimeService, type RealtimeServiceOptions, type RealtimeMount } from './service.ts';
export { defaultRealtimeConfig, realtimeConfigFields, type RealtimeConfig } from './config.ts';
export { realtimeMigrations } from './migrations.ts';
