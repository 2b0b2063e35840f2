// What every domain operation receives: the metadata database, the provisioner, the log and the config.
import type { Logger } from '@powabase/core';
import type { Db } from '@powabase/db';
import type { ResolvedConfig } from '../config.ts';
import type { Provisioner } from '../provisioner.ts';

export interface Deps {
  db: Db;
  provisioner: Provisioner;
  log: Logger;
  config: ResolvedConfig;
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
