// Signed-URL tokens: HS256 JWTs over `<bucket>/<key>` with a scope (download | upload), signed with the
// project's URL signing secret. Verification failures map to Supabase's codes.
import { JwtError, signJwt, verifyJwt, type Claims } from '@powabase/keys';
import { raise } from '../errors.ts';

export interface DownloadTokenClaims extends Claims { url: string; scope?: 'download'; transformations?: string }
export interface UploadTokenClaims extends Claims { url: string; scope: 'upload'; owner?: string; upsert: boolean }

export class Signer {
  constructor(private readonly secret: string) {}

  signDownload(url: string, expiresInS: number, transformations?: string): Promise<string> {
    const claims: DownloadTokenClaims = { url, scope: 'download', ...(transformations ? { transformations } : {}) };
    return signJwt(this.secret, claims, { expiresInS });
  }

  signUpload(url: string, expiresInS: number, owner: string | undefined, upsert: boolean): Promise<string> {
    const claims: UploadTokenClaims = { url, scope: 'upload', upsert, ...(owner ? { owner } : {}) };
    return signJwt(this.secret, claims, { expiresInS });
  }

  async verify<T extends DownloadTokenClaims | UploadTokenClaims>(token: string | undefined, url: string, scope: 'download' | 'upload'): Promise<T> {
    if (!token) throw raise('InvalidSignature', 'Missing token');
    let claims: Claims;
    try {
      claims = await verifyJwt(this.secret, token);
    } catch (e) {
      if (e instanceof JwtError && e.reason === 'expired') throw raise('ExpiredToken');
      throw raise('InvalidJWT', e instanceof JwtError ? e.message : 'Invalid JWT');
    }
    // Download tokens from older servers carry no scope.
    const tokenScope = claims.scope ?? 'download';
    if (tokenScope !== scope) throw raise('InvalidSignature', `Token is not scoped for ${scope}`);
    if (claims.url !== url) throw raise('InvalidSignature', 'Invalid signature');
    return claims as T;
  }
}
