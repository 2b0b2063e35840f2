// A project's AI sources (`/api/sources`): list, one, upload with progress (multipart over XHR), page texts,
// a derivative's text (the Markdown), re-extract, cancel, delete.
import type { AiSource, PageTexts, SourceList, SourceListRequest } from '../ai-types.ts';
import { projectHeaders, projectUrl, type ProjectTarget } from '../project-http.ts';
import { xhrUpload, type Progress } from '../upload.ts';
import { aiApi, aiError, aiFetch } from './ai-http.ts';

const id = (s: string) => encodeURIComponent(s);

export const listSources = (t: ProjectTarget, q: SourceListRequest) =>
  aiApi<SourceList>(t, '/sources', { query: { status: q.status || undefined, q: q.q?.trim() || undefined, limit: q.limit, offset: q.offset } });

export const getSource = (t: ProjectTarget, sourceId: string) => aiApi<AiSource>(t, `/sources/${id(sourceId)}`);

export interface SourceUpload { file: File | Blob; name?: string; extractionModel?: string; onProgress?: (p: Progress) => void; signal?: AbortSignal }

/**
 * A multipart/form-data body built as a Blob of parts (the file is referenced, not copied) and its content type.
 * Not `new Response(formData).blob()`: a Blob's `type` is lower-cased, which breaks the mixed-case boundary
 * browsers generate. A non-ASCII file name also goes as RFC 5987 `filename*` (UTF-8), which the service's
 * multipart parser (busboy) prefers; a raw UTF-8 `filename` would reach it as Latin-1.
 */
export function multipartBody(fields: Record<string, string | undefined>, file: Blob, fileName: string): { body: Blob; contentType: string } {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const boundary = `----powabase-studio-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const parts: BlobPart[] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (v !== undefined) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  }
  const rfc5987 = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const utf8 = ascii === fileName ? '' : `; filename*=UTF-8''${rfc5987}`;
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${ascii}"${utf8}\r\n`
    + `Content-Type: ${file.type || 'application/octet-stream'}\r\n\r\n`, file, `\r\n--${boundary}--\r\n`);
  return { body: new Blob(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Uploads a file as a new source over XHR, so the page can show the upload's progress. */
export async function uploadSource(t: ProjectTarget, u: SourceUpload): Promise<AiSource> {
  const fileName = u.file instanceof File ? u.file.name : (u.name ?? 'file');
  const { body, contentType } = multipartBody({ name: u.name, extraction_model: u.extractionModel }, u.file, fileName);
  const r = await xhrUpload({
    method: 'POST', url: projectUrl(t, '/api/sources/upload'), headers: projectHeaders(t, { 'content-type': contentType }),
    body, onProgress: u.onProgress, signal: u.signal,
  });
  if (r.status < 200 || r.status >= 300) throw aiError(r.status, r.statusText, r.body);
  return JSON.parse(r.body) as AiSource;
}

export const getPageTexts = (t: ProjectTarget, sourceId: string) => aiApi<PageTexts>(t, `/sources/${id(sourceId)}/page-texts`);

/** A text derivative (`markdown` or `text`) as a string. */
export async function getDerivativeText(t: ProjectTarget, sourceId: string, type: 'markdown' | 'text', index = 0): Promise<string> {
  const r = await aiFetch(t, `/sources/${id(sourceId)}/derivatives/${type}/download`, { query: { index }, headers: { accept: '*/*' } });
  return r.text();
}

export const reextractSource = (t: ProjectTarget, sourceId: string) =>
  aiApi<{ message: string; task_id: string }>(t, `/sources/${id(sourceId)}/reextract`, { method: 'POST', body: {} });

export const cancelSource = (t: ProjectTarget, sourceId: string) =>
  aiApi<{ message: string }>(t, `/sources/${id(sourceId)}/cancel`, { method: 'POST', body: {} });

export const deleteSource = (t: ProjectTarget, sourceId: string) =>
  aiApi<{ message: string }>(t, `/sources/${id(sourceId)}`, { method: 'DELETE' });

/** The original file, for a download. */
export async function downloadSource(t: ProjectTarget, sourceId: string): Promise<Blob> {
  return (await aiFetch(t, `/sources/${id(sourceId)}/download`, { headers: { accept: '*/*' } })).blob();
}
