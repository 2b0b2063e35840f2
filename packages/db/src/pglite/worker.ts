// Worker thread that owns one PGlite instance: PGlite runs SQL synchronously on its thread, so it lives
// here, serves the Postgres wire protocol on a loopback port (md5 password auth in front, then every
// client's units of work through one SessionQueue) and forwards LISTEN notifications to the parent thread.
import { parentPort, workerData } from 'node:worker_threads';
import net from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { checkPassword, fatal, md5Request, newSalt, readStartup, readTagged } from './wire-auth.ts';
import type { ToParent, ToWorker, WorkerInit } from './protocol.ts';
import { SessionQueue } from './session-queue.ts';
import { serveClient } from './wire-conn.ts';
import { firstError, simpleQuery } from './wire-messages.ts';

const init = workerData as WorkerInit;
const port = parentPort!;
const send = (m: ToParent) => port.postMessage(m);

async function main() {
  const db = await PGlite.create({
    dataDir: init.dataDir,
    extensions: { vector, pgcrypto, uuid_ossp, pg_trgm },
    postgresqlconf: init.postgresqlConf,
    relaxedDurability: false,
  });
  // PGlite is one session: this is the default every wire client sees (services use `set local`).
  await db.exec(`set search_path to "$user", public, extensions`);
  const sockets = new Map<number, net.Socket>();
  // A client that sits in an open transaction while others wait is cut off, as idle_in_transaction_session_timeout.
  const queue = new SessionQueue(db, init.idleInTransactionMs ?? 60_000, (client) => {
    sockets.get(client)?.end(fatal('25P03', 'terminating connection due to idle-in-transaction timeout'));
  });
  const listening = new Set<string>();
  const onNotify = (channel: string, payload: string) => {
    if (listening.has(channel)) send({ type: 'notification', channel, payload });
  };
  let nextClient = 1;
  const server = net.createServer((socket) => {
    const client = nextClient++;
    sockets.set(client, socket);
    socket.once('close', () => sockets.delete(client));
    accept(socket, (startup, rest) => serveClient(socket, client, startup, rest, queue, onNotify));
  });
  server.maxConnections = init.maxConnections ?? 200;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(init.port ?? 0, init.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as net.AddressInfo;

  port.on('message', async (msg: ToWorker) => {
    if (msg.type === 'listen' || msg.type === 'unlisten') {
      // The session must LISTEN for the server to emit notifications at all; the scanner then finds them in
      // the bytes of whichever wire client's statement delivers them. LISTEN rides the wire clients' queue:
      // run straight on the session it could land inside another client's open transaction and be undone
      // by its rollback. The queue also keeps listen/unlisten in the order they were asked.
      if (msg.type === 'listen') listening.add(msg.channel);
      else listening.delete(msg.channel);
      const error = await control(queue, `${msg.type} ${quoteIdent(msg.channel)}`).then(() => undefined, (e: Error) => e.message);
      send({ type: 'done', id: msg.id, ...(error ? { error } : {}) });
    } else if (msg.type === 'close') {
      try {
        // Connected clients (a psql on the Database URL) would keep server.close() waiting forever.
        for (const s of sockets.values()) s.destroy();
        await new Promise<void>((r) => server.close(() => r()));
        await new Promise<void>((r) => setImmediate(r)); // let handlers detach (and roll back) first
        await db.close();
      } catch (err) {
        send({ type: 'error', message: (err as Error).message });
      }
      send({ type: 'closed' });
      process.exit(0);
    }
  });
  send({ type: 'ready', port: address.port });
}

/** The queue id of the worker's own statements (wire clients are numbered from 1). */
const CONTROL_ID = -1;
const quoteIdent = (s: string) => '"' + s.replace(/"/g, '""') + '"';

/** Runs one statement of the worker's own through the wire clients' queue; rejects with its error. */
async function control(queue: SessionQueue, sql: string): Promise<void> {
  const chunks: Buffer[] = [];
  await queue.submit(CONTROL_ID, simpleQuery(sql), (d) => chunks.push(Buffer.from(d)));
  const error = firstError(Buffer.concat(chunks));
  if (error) throw new Error(error);
}

/** Demands the password (md5) before handing the authenticated socket to `serve`. */
function accept(socket: net.Socket, serve: (startup: Buffer, rest: Buffer) => void) {
  socket.setNoDelay(true);
  let buf: Buffer = Buffer.alloc(0);
  let startup: { params: Record<string, string>; raw: Buffer } | null = null;
  const salt = newSalt();
  const fail = (code: string, message: string) => {
    socket.end(fatal(code, message));
  };
  const onData = (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    try {
      while (!startup) {
        const r = readStartup(buf);
        if (!r) return;
        buf = r.rest;
        if (r.msg.kind === 'ssl') socket.write('N');
        else if (r.msg.kind === 'cancel') return void socket.end();
        else {
          startup = r.msg;
          socket.write(md5Request(salt));
        }
      }
      const m = readTagged(buf);
      if (!m) return;
      const user = startup.params.user ?? '';
      const answer = m.body.subarray(0, Math.max(0, m.body.indexOf(0))).toString('utf8');
      if (m.tag !== 'p' || !checkPassword(answer, user, init.password, salt)) {
        return fail('28P01', `password authentication failed for user "${user}"`);
      }
      socket.off('data', onData);
      // PGlite answers the original startup packet itself (AuthenticationOk, parameters, ReadyForQuery).
      serve(startup.raw, Buffer.from(m.rest));
    } catch (err) {
      fail('08P01', (err as Error).message);
    }
  };
  socket.on('data', onData);
  socket.on('error', () => socket.destroy());
}

main().catch((err) => {
  send({ type: 'error', message: (err as Error).stack ?? String(err), fatal: true });
  process.exit(1);
});
