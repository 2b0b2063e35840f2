// What every domain operation receives: the metadata database, the provisioner, the log, the config and the
// auth-config port.
import type { Logger } from '@powabase/core';
import type { Db } from '@powabase/db';
import type { AuthConfigPort } from '../auth-config/types.ts';
import type { ResolvedConfig } from '../config.ts';
import type { Provisioner } from '../provisioner.ts';

export interface Deps {
  db: Db;
  provisioner: Provisioner;
  log: Logger;
  config: ResolvedConfig;
  /** Validates auth settings and fills in the platform's defaults (the app implements it with the auth service). */
  authConfig: AuthConfigPort;
  /** Provisioner operations still running; close() waits for them. */
  inflight: Set<Promise<unknown>>;
}

/** Runs a provisioner call and keeps track of it until it settles. */
export function track<T>(d: Deps, p: Promise<T>): Promise<T> {
  d.inflight.add(p);
  const done = () => { d.inflight.delete(p); };
  p.then(done, done);
  return p;
}
