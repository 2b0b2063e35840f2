// redirect_to validation against the site URL and the allow-list (GoTrue's glob rules): anything else falls
// back to the site URL, so a link can never send a user (and their tokens) to a foreign origin.
import type { AuthConfig } from '../config.ts';

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') { re += '.*'; i++; }
    else if (ch === '*') re += '[^./]*';
    else if (ch === '?') re += '[^./]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function sameOrigin(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && a.host === b.host;
}

export function isRedirectAllowed(config: AuthConfig, target: string): boolean {
  let url: URL;
  try { url = new URL(target); } catch { return false; }
  if (!['http:', 'https:'].includes(url.protocol) && !config.uriAllowList.some((g) => g.startsWith(url.protocol))) return false;
  try { if (sameOrigin(url, new URL(config.siteUrl))) return true; } catch { /* site URL validated at parse */ }
  const plain = target.split('#')[0];
  for (const entry of config.uriAllowList) {
    if (entry.includes('*') || entry.includes('?')) {
      if (globToRegExp(entry).test(plain)) return true;
      continue;
    }
    try {
      const allowed = new URL(entry);
      if (sameOrigin(allowed, url) && url.pathname.startsWith(allowed.pathname)) return true;
    } catch { /* not a URL: ignore */ }
  }
  return false;
}

/** The redirect to use: the requested one when allowed, else the site URL. */
export function resolveRedirect(config: AuthConfig, requested: string | undefined | null): string {
  return requested && isRedirectAllowed(config, requested) ? requested : config.siteUrl;
}
