// Personal access tokens (`pbp_` + 40 hex): shown once, stored as sha256. The CLI's token is derived
// from the platform secret, so ensureLocalSetup can hand out the same one on every start.
import { createHmac, randomBytes } from 'node:crypto';
import { uuid } from '@powabase/core';
import { hashToken } from '@powabase/keys';
import { raise } from '../errors.ts';
import type { AccessTokenInfo, User } from '../types.ts';
import * as store from '../store/access-tokens.ts';
import { ACCESS_TOKEN_PREFIX } from './auth.ts';
import type { Deps } from './deps.ts';
import { checkName } from './validate.ts';

export const CLI_TOKEN_NAME = 'powabase-cli';

export async function createAccessToken(d: Deps, user: User, name: string): Promise<AccessTokenInfo & { token: string }> {
  const token = ACCESS_TOKEN_PREFIX + randomBytes(20).toString('hex');
  const info = await store.insertAccessToken(d.db, { id: uuid(), userId: user.id, name: checkName(name, 'name'), hash: hashToken(token) });
  return { ...info, token };
}

export const listAccessTokens = (d: Deps, user: User) => store.listAccessTokens(d.db, user.id);

export async function deleteAccessToken(d: Deps, user: User, id: string): Promise<AccessTokenInfo> {
  const gone = await store.deleteAccessToken(d.db, user.id, id);
  if (!gone) throw raise('access_token_not_found');
  return gone;
}

/** The CLI's token for this user: the same on every call, recreated if it was deleted. */
export async function cliAccessToken(d: Deps, user: User): Promise<string> {
  const mac = createHmac('sha256', d.config.jwtSecret).update(`cli-access-token:${user.id}`).digest('hex');
  const token = ACCESS_TOKEN_PREFIX + mac.slice(0, 40);
  await store.upsertAccessToken(d.db, { id: uuid(), userId: user.id, name: CLI_TOKEN_NAME, hash: hashToken(token) });
  return token;
}
