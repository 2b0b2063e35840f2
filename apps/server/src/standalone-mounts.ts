// The one service a standalone process runs, built exactly as the embedded data plane builds it (same factories,
// same defaults), from the standalone config: its gateway mount and what must close on shutdown.
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Logger, ProjectInfo } from '@powabase/core';
import type { Db } from '@powabase/db';
import type { ServiceMount, ServiceName } from '@powabase/gateway';
import { createSmtpMailer, type Mailer } from '@powabase/mail';
import { createFileBackend, createS3Backend, createServiceObjects, createStorageService, defaultStorageConfig, type ObjectBackend } from '@powabase/storage';
import { createRealtimeService } from '@powabase/realtime';
import { createAiService, createStorageFileStore, defaultAiConfig } from '@powabase/ai';
import { createRestService, defaultRestConfig } from '@powabase/rest';
import type { AuthSettings } from '@powabase/control-plane';
import { createProjectAuth } from './project-auth.ts';
import type { StandaloneConfig } from './standalone-config.ts';

export interface BuiltService {
  name: ServiceName;
  mount: ServiceMount;
  close(): Promise<void>;
}

export function projectOf(c: StandaloneConfig): ProjectInfo {
  return { ref: c.projectRef, url: c.projectUrl, jwtSecret: c.jwtSecret, anonKey: c.anonKey, serviceRoleKey: c.serviceKey };
}

/** Objects: a folder (a volume) or one S3 bucket with a prefix per project. */
export function objectBackend(c: StandaloneConfig): ObjectBackend {
  if (c.storageBackend === 'file') return createFileBackend({ root: c.storageDir });
  const credentials = c.s3AccessKeyId ? { accessKeyId: c.s3AccessKeyId, secretAccessKey: c.s3SecretAccessKey } : undefined;
  return createS3Backend({
    bucket: c.s3Bucket,
    prefix: c.s3Prefix || `projects/${c.projectRef}/`,
    client: { region: c.s3Region, endpoint: c.s3Endpoint || undefined, forcePathStyle: c.s3ForcePathStyle, credentials },
  });
}

/** SMTP when configured; otherwise mail is dropped, with a log line saying so (never the content). */
function mailerOf(c: StandaloneConfig, log: Logger): Mailer & { close(): void } {
  if (c.smtpHost) {
    return createSmtpMailer({ host: c.smtpHost, port: c.smtpPort, secure: c.smtpPort === 465, user: c.smtpUser || undefined, pass: c.smtpPass || undefined, from: c.smtpFrom });
  }
  return {
    send: async (mail) => { log.warn({ event: 'mail_dropped', subject: mail.subject }, 'mail_dropped: POWABASE_SMTP_HOST is not set'); return { messageId: '' }; },
    close: () => {},
  };
}

export async function buildService(c: StandaloneConfig, db: Db, log: Logger): Promise<BuiltService> {
  const project = projectOf(c);
  switch (c.service) {
    case 'rest': {
      const rest = await createRestService({ db, project, config: defaultRestConfig(), log });
      return { name: 'rest', mount: rest, close: () => rest.close() };
    }
    case 'auth': {
      const mailer = mailerOf(c, log);
      const settings = (c.authSettings ? JSON.parse(c.authSettings) : {}) as AuthSettings;
      const auth = createProjectAuth({ db, project, mailer, log, defaults: { autoconfirm: c.authAutoconfirm }, settings });
      return { name: 'auth', mount: auth.service, close: async () => { await auth.close(); mailer.close(); } };
    }
    case 'storage': {
      const tusDir = c.tusDir || (c.storageBackend === 'file' ? join(c.storageDir, '.tus') : join(tmpdir(), 'powabase-tus', c.projectRef));
      const storage = createStorageService({
        db, project, log, backend: objectBackend(c),
        config: defaultStorageConfig({ tus: { ...defaultStorageConfig().tus, dir: tusDir } }),
      });
      return { name: 'storage', mount: storage, close: async () => {} };
    }
    case 'realtime': {
      const realtime = createRealtimeService({ db, project, config: c.realtime, log });
      return { name: 'realtime', mount: realtime, close: () => realtime.close() };
    }
    case 'api': {
      // AI originals and derivatives are Storage objects, so the AI service needs the storage backend too.
      const files = createStorageFileStore(createServiceObjects({ db, backend: objectBackend(c), log }));
      const api = await createAiService({ db, project, log, files, config: defaultAiConfig() });
      return { name: 'api', mount: api, close: () => api.close() };
    }
    default:
      throw new Error(`${c.service} is not a data-plane service`);
  }
}
