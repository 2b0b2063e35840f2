// /api/sources routes: each handler validates its input, calls the sources domain, replies.
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AiContext } from '../../context.ts';
import { raise } from '../../errors.ts';
import { finishUpload, importFromStorage, receiveUpload, type UploadFields } from '../../sources/create.ts';
import { importUrl } from '../../sources/import-url.ts';
import {
  cancelSource, deleteSource, downloadDerivative, downloadOriginal, getSourceRow, listSources, pageTexts, patchSource,
  reextractSource, type Download,
} from '../../sources/manage.ts';
import { sourceJson, type SourceRow } from '../../sources/rows.ts';

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string>; Body: Record<string, unknown> }>;

const obj = (b: unknown): Record<string, unknown> => (b && typeof b === 'object' && !Array.isArray(b) ? b as Record<string, unknown> : {});

function sendFile(reply: FastifyReply, d: Download) {
  const ascii = d.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return reply.header('content-type', d.contentType).header('content-length', d.file.size)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(d.fileName)}`)
    .send(d.file.body);
}

const created = (r: SourceRow) => ({ id: r.id, name: r.name, file_type: r.file_type, storage_path: r.storage_path, extraction_status: r.extraction_status, task_id: r.celery_task_id, metadata: r.metadata, created_at: r.created_at });

export function sourceRoutes(app: FastifyInstance, ctx: AiContext): void {
  app.get('/sources', async (req: Req) => listSources(ctx, req.query));
  app.post('/sources/import-from-storage', async (req: Req, reply) => reply.code(201).send(created(await importFromStorage(ctx, obj(req.body)))));
  app.post('/sources/import-url', async (req: Req, reply) => reply.code(201).send(await importUrl(ctx, obj(req.body))));
  app.get('/sources/:id', async (req: Req) => sourceJson(await getSourceRow(ctx, req.params.id)));
  app.patch('/sources/:id', async (req: Req) => patchSource(ctx, req.params.id, obj(req.body)));
  app.delete('/sources/:id', async (req: Req) => deleteSource(ctx, req.params.id));
  app.get('/sources/:id/page-texts', async (req: Req) => pageTexts(ctx, req.params.id, req.query.page));
  app.post('/sources/:id/reextract', async (req: Req) => reextractSource(ctx, req.params.id, obj(req.body)));
  app.post('/sources/:id/cancel', async (req: Req) => cancelSource(ctx, req.params.id));
  app.get('/sources/:id/download', async (req: Req, reply) => sendFile(reply, await downloadOriginal(ctx, req.params.id)));
  app.get('/sources/:id/derivatives/:type/download', async (req: Req, reply) =>
    sendFile(reply, await downloadDerivative(ctx, req.params.id, req.params.type, req.query.index)));
}

/** Reads a multipart body: the `file` part is streamed to storage as it arrives; other parts are fields. */
function readUpload(ctx: AiContext, req: FastifyRequest): Promise<{ file: Awaited<ReturnType<typeof receiveUpload>>; fields: UploadFields }> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: 20, fieldSize: 1024 * 1024 } });
    } catch {
      return reject(raise('invalid_request', 'Expected a multipart/form-data body with a `file` part'));
    }
    const fields: Record<string, string> = {};
    let file: ReturnType<typeof receiveUpload> | null = null;
    let failed = false;
    const fail = (e: unknown) => { if (!failed) { failed = true; reject(e); } };
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || file) { stream.resume(); return; }
      file = receiveUpload(ctx, info.filename || 'file', info.mimeType, stream);
      file.catch((e) => { stream.resume(); fail(e); });
    });
    bb.on('field', (name, value) => { fields[name] = value; });
    bb.on('error', (e) => fail(raise('invalid_request', `Malformed multipart body: ${(e as Error).message}`)));
    bb.on('close', () => {
      if (!file) return fail(raise('invalid_request', 'Missing `file` part in the multipart body'));
      file.then((f) => resolve({ file: f, fields: fields as UploadFields }), fail);
    });
    const body = req.body as Readable;
    body.on('error', fail);
    body.pipe(bb);
  });
}

export function uploadRoute(app: FastifyInstance, ctx: AiContext): void {
  app.post('/sources/upload', async (req, reply) => {
    const { file, fields } = await readUpload(ctx, req);
    return reply.code(201).send(created(await finishUpload(ctx, file, fields)));
  });
}
