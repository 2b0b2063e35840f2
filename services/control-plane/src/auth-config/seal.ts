// Secrets at rest in the metadata database: AES-256-GCM under a per-project key derived (HKDF-SHA256) from the
// platform secret. Format `v1:<iv>:<tag>:<data>` (base64url). A new platform secret makes old values unreadable.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface Sealer {
  seal(plain: string): string;
  /** Throws when the value was sealed under another key or was tampered with. */
  open(sealed: string): string;
}

export function sealerFor(platformSecret: string, ref: string): Sealer {
  const key = Buffer.from(hkdfSync('sha256', platformSecret, `powabase-auth-config:${ref}`, 'project-auth-secrets', 32));
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), data.toString('base64url')].join(':');
    },
    open(sealed) {
      const [v, iv, tag, data] = sealed.split(':');
      if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed value');
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(data, 'base64url')), d.final()]).toString('utf8');
    },
  };
}
