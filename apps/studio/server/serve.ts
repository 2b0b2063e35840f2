// Serves a built Studio from the platform's root: files of the build as they are (hashed assets cached for
// a year), index.html for every other GET (client-side routes). It answers only what no route matched,
// so the platform API (/v1, with its own JSON 404) is untouched.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8', '.map': 'application/json; charset=utf-8',
};

/** The file under `dir` a URL path names, or null (outside the folder, missing, or a folder). */
export function fileFor(dir: string, urlPath: string): string | null {
  let path: string;
  try { path = decodeURIComponent(urlPath.split('?')[0]); } catch { return null; }
  const full = normalize(join(dir, path));
  if (full !== dir && !full.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return null;
  return existsSync(full) && statSync(full).isFile() ? full : null;
}

function send(reply: FastifyReply, file: string, cache: string) {
  return reply
    .code(200)
    .header('content-type', TYPES[extname(file)] ?? 'application/octet-stream')
    .header('cache-control', cache)
    .header('x-content-type-options', 'nosniff')
    .send(createReadStream(file));
}

/** The not-found handler that serves the Studio built into `dir`. */
export function studioHandler(dir: string) {
  const index = join(dir, 'index.html');
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return reply.code(404).send({ message: `Route ${req.method} ${path} not found`, code: 'route_not_found' });
    }
    const file = path === '/' ? null : fileFor(dir, path);
    if (file) return send(reply, file, path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    // A missing file with an extension is a 404; anything else is a page of the Studio's router.
    if (extname(path)) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    return send(reply, index, 'no-cache');
  };
}

/** What the Studio's address answers when its build failed: the platform API keeps working. */
export function brokenStudioHandler(message: string) {
  return async (_req: FastifyRequest, reply: FastifyReply) =>
    reply.code(503).type('text/plain; charset=utf-8').send(`The Studio could not be built: ${message}\nSee the platform log; the API under /v1 works.`);
}
