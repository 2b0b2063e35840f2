-- The two hot paths of the auth service as functions, so their statements are parsed and planned once per
-- database session (plpgsql keeps the plans) instead of on every request: on PGlite, planning costs more than
-- running them. Both return the user row with its identities and factors as the service's FULL_USER_COLUMNS
-- builds them (src/store/users.ts; keep the three alike). Only the auth admin role may call them.

-- Sign-in: touches the user (and the identity of `p_provider`, when given), creates an aal1 session with its
-- AMR claim and first refresh token.
create function auth.powabase_start_session(p_user uuid, p_method text, p_now timestamptz, p_session uuid,
  p_amr uuid, p_token text, p_user_agent text, p_ip inet, p_provider text)
returns table (usr auth.users, identities json, factors json)
language plpgsql
set search_path = ''
as $$
#variable_conflict use_column
begin
  if p_provider is not null then
    update auth.identities set last_sign_in_at = p_now where user_id = p_user and provider = p_provider;
  end if;
  update auth.users set last_sign_in_at = p_now, updated_at = p_now where id = p_user;
  insert into auth.sessions (id, user_id, created_at, updated_at, aal, refreshed_at, user_agent, ip)
    values (p_session, p_user, p_now, p_now, 'aal1', p_now at time zone 'UTC', p_user_agent, p_ip);
  insert into auth.mfa_amr_claims (session_id, created_at, updated_at, authentication_method, id)
    values (p_session, p_now, p_now, p_method, p_amr);
  insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
    values ('00000000-0000-0000-0000-000000000000', p_token, p_user::text, false, p_now, p_now, null, p_session);
  return query
  select u,
    coalesce((select json_agg(i order by i.created_at) from auth.identities i where i.user_id = u.id), '[]'),
    coalesce((select json_agg(json_build_object('id', f.id, 'user_id', f.user_id, 'friendly_name', f.friendly_name,
      'factor_type', f.factor_type, 'status', f.status, 'created_at', f.created_at, 'updated_at', f.updated_at,
      'phone', f.phone, 'last_challenged_at', f.last_challenged_at) order by f.created_at)
      from auth.mfa_factors f where f.user_id = u.id), '[]')
  from auth.users u where u.id = p_user;
end
$$;

-- The refresh_token grant's common case: if `p_token` is active, its session unexpired and its user not
-- banned, locks token and session, revokes the token, inserts `p_child` as its child, touches the session,
-- and returns the session's id, aal and AMR with the user. No row otherwise: the service then runs the full
-- grant (reuse rules, errors).
create function auth.powabase_rotate_refresh_token(p_token text, p_child text, p_now timestamptz)
returns table (s_id uuid, s_aal auth.aal_level, usr auth.users, identities json, factors json, amr json)
language plpgsql
set search_path = ''
as $$
#variable_conflict use_column
begin
  return query
  with t as (
    select rt.id, rt.token, rt.user_id as rt_user, s.id as s_id, s.aal as s_aal, s.user_id
    from auth.refresh_tokens rt join auth.sessions s on s.id = rt.session_id join auth.users u on u.id = s.user_id
    where rt.token = p_token and rt.revoked = false
      and (u.banned_until is null or u.banned_until <= p_now) and (s.not_after is null or s.not_after >= p_now)
    for update of rt, s),
  revoke as (update auth.refresh_tokens r set revoked = true, updated_at = p_now from t where r.id = t.id),
  child as (insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
            select '00000000-0000-0000-0000-000000000000', p_child, t.rt_user, false, p_now, p_now, t.token, t.s_id from t),
  touch as (update auth.sessions ss set refreshed_at = p_now at time zone 'UTC', updated_at = p_now from t where ss.id = t.s_id)
  select t.s_id, t.s_aal, u,
    coalesce((select json_agg(i order by i.created_at) from auth.identities i where i.user_id = u.id), '[]'),
    coalesce((select json_agg(json_build_object('id', f.id, 'user_id', f.user_id, 'friendly_name', f.friendly_name,
      'factor_type', f.factor_type, 'status', f.status, 'created_at', f.created_at, 'updated_at', f.updated_at,
      'phone', f.phone, 'last_challenged_at', f.last_challenged_at) order by f.created_at)
      from auth.mfa_factors f where f.user_id = u.id), '[]'),
    (select json_agg(json_build_object('m', a.authentication_method, 't', a.updated_at) order by a.updated_at desc)
      from auth.mfa_amr_claims a where a.session_id = t.s_id)
  from t join auth.users u on u.id = t.user_id;
end
$$;

revoke all on function auth.powabase_rotate_refresh_token(text, text, timestamptz) from public, anon, authenticated, service_role;
grant execute on function auth.powabase_rotate_refresh_token(text, text, timestamptz) to supabase_auth_admin;
revoke all on function auth.powabase_start_session(uuid, text, timestamptz, uuid, uuid, text, text, inet, text) from public, anon, authenticated, service_role;
grant execute on function auth.powabase_start_session(uuid, text, timestamptz, uuid, uuid, text, text, inet, text) to supabase_auth_admin;
