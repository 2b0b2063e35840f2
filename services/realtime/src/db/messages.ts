// realtime.messages as a store: persisted REST broadcasts, replay of a private topic, and the janitor.
import type { Db } from '@powabase/db';

export interface StoredMessage {
  id: string;
  event: string;
  payload: unknown;
  binary: Buffer | null;
}

export async function persistMessage(db: Db, m: { topic: string; event: string; payload: unknown; binary: Buffer | null; isPrivate: boolean }): Promise<void> {
  await db.query(
    "insert into realtime.messages (topic, extension, event, payload, binary_payload, private) values ($1, 'broadcast', $2, $3::jsonb, $4, $5)",
    [m.topic, m.event, m.binary ? null : JSON.stringify(m.payload ?? null), m.binary, m.isPrivate],
  );
}

/** Persisted broadcasts of a private topic since `sinceMs`, oldest first, at most `limit`. */
export async function replayMessages(db: Db, topic: string, sinceMs: number, limit: number): Promise<StoredMessage[]> {
  const r = await db.query(
    `select id, event, payload, binary_payload from (
       select id, event, payload, binary_payload, inserted_at from realtime.messages
       where topic = $1 and extension = 'broadcast' and private and event is not null
         and inserted_at >= to_timestamp($2::float8 / 1000) at time zone 'utc'
       order by inserted_at desc limit $3) m
     order by inserted_at`,
    [topic, sinceMs, limit],
  );
  return r.rows.map((x) => ({ id: x.id, event: x.event, payload: x.payload, binary: x.binary_payload ?? null }));
}

export async function deleteOldMessages(db: Db, olderThanMs: number): Promise<void> {
  await db.query("delete from realtime.messages where inserted_at < (now() at time zone 'utc') - ($1::float8 * interval '1 millisecond')", [olderThanMs]);
}
