// createRealtimeService: the /realtime/v1 service of one project as a gateway mount (websocket + REST),
// with the change feed that turns queued database changes into postgres_changes and DB broadcasts.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fastifyWebsocket from '@fastify/websocket';
import { silentLogger, type Logger, type ProjectInfo } from '@powabase/core';
import type { Db } from '@powabase/db';
import type { RealtimeConfig } from './config.ts';
import { RealtimeCore } from './realtime.ts';
import { ChangeFeed } from './postgres/change-feed.ts';
import { planChange, resolveVisibility, sendChange, type PlannedChange } from './postgres/dispatch.ts';
import type { QueuedChange } from './postgres/change-feed.ts';
import { dispatchMessage } from './postgres/db-broadcast.ts';
import { deleteOldMessages } from './db/messages.ts';
import { emit } from './log-events.ts';
import { websocketRoute } from './http/websocket-route.ts';
import { broadcastRoutes } from './http/broadcast-routes.ts';

export interface RealtimeServiceOptions {
  db: Db;
  project: ProjectInfo;
  config: RealtimeConfig;
  log?: Logger;
}

/** The shape the gateway mounts (structurally the gateway's ServiceMount; services do not import it). */
export interface RealtimeMount {
  plugin: FastifyPluginAsync;
  jwt?: 'strict' | 'lenient';
  openPaths?: string[];
}

export interface RealtimeService extends RealtimeMount {
  /** Resolves once the change feed listens (the plugin waits for it too). */
  ready: Promise<void>;
  close(): Promise<void>;
  /** Live numbers, for tests and metrics. */
  stats(): { connections: number; topics: number };
}

const JANITOR_MS = 3600_000;
/** Frames above this close the socket (1009); payloads above config.maxPayloadBytes get error replies. */
const frameCap = (c: RealtimeConfig) => c.maxPayloadBytes * 2 + 64 * 1024;

export function createRealtimeService(opts: RealtimeServiceOptions): RealtimeService {
  const log = (opts.log ?? silentLogger).child({ component: 'realtime', ref: opts.project.ref });
  const { db, config } = opts;
  const core = new RealtimeCore({ db, project: opts.project, config, log });
  let messagesRelid = -1;
  const deps = { db, catalog: core.catalog, registry: core.pg, maxRecordBytes: config.maxRecordBytes };
  const failed = (relid: number, e: unknown) => emit(log, { event: 'change_dispatch_failed', relid, error: (e as Error).message });

  /** Plans the whole batch, checks RLS once per table, then sends everything in queue order. */
  async function dispatchBatch(changes: QueuedChange[]): Promise<void> {
    const steps: ({ message: QueuedChange } | { plan: PlannedChange })[] = [];
    for (const c of changes) {
      if (c.relid === messagesRelid) { steps.push({ message: c }); continue; }
      const plan = await planChange(deps, c).catch((e) => { failed(c.relid, e); return null; });
      if (plan) steps.push({ plan });
    }
    const plans = steps.flatMap((s) => ('plan' in s ? [s.plan] : []));
    await resolveVisibility(deps, plans).catch((e) => {
      failed(plans[0]?.info.relid ?? 0, e);
      for (const p of plans) p.visible ??= new Set();
    });
    for (const s of steps) {
      if ('message' in s) dispatchMessage(core.hub, s.message);
      else await sendChange(deps, s.plan).catch((e) => failed(s.plan.info.relid, e));
    }
  }

  const feed = new ChangeFeed({
    db,
    batchSize: config.changeBatchSize,
    pollMs: config.changePollMs,
    onBatch: (changes) => dispatchBatch(changes),
    onSchemaChange: () => core.catalog.clear(),
    onError: (e) => emit(log, { event: 'change_feed_failed', error: e.message }),
  });
  const janitor = () => deleteOldMessages(db, config.messageRetentionMs).catch((e: Error) => emit(log, { event: 'janitor_failed', error: e.message }));
  let janitorTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const ready = (async () => {
    const r = await db.query("select 'realtime.messages'::regclass::oid::int8 as id");
    messagesRelid = Number(r.rows[0].id);
    await feed.start();
    core.startSweeper();
    void janitor();
    janitorTimer = setInterval(janitor, JANITOR_MS);
    janitorTimer.unref();
  })();
  ready.catch((e: Error) => emit(log, { event: 'change_feed_failed', error: e.message }));

  const plugin: FastifyPluginAsync = async (app: FastifyInstance) => {
    await ready;
    await app.register(fastifyWebsocket, { options: { maxPayload: frameCap(config), perMessageDeflate: false } });
    websocketRoute(app, core);
    broadcastRoutes(app, core);
  };

  return {
    plugin,
    ready,
    stats: () => ({ connections: core.connections.size, topics: core.hub.topicCount }),
    async close() {
      if (closed) return;
      closed = true;
      if (janitorTimer) clearInterval(janitorTimer);
      core.stop();
      await ready.catch(() => {});
      await feed.stop();
    },
  };
}
