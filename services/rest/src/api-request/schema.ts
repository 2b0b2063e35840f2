// Schema selection by profile headers: `Content-Profile` for POST/PUT/PATCH/DELETE, `Accept-Profile`
// otherwise; absent → the first exposed schema. A schema that is not exposed → PGRST106.
import { restError } from '../errors.ts';

const CONTENT_PROFILE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function selectSchema(method: string, headers: Readonly<Record<string, string>>, exposed: readonly string[]):
  { schema: string; negotiatedByProfile: boolean } {
  if (exposed.length === 0) throw new Error('exposedSchemas must not be empty');
  const header = CONTENT_PROFILE_METHODS.has(method) ? 'content-profile' : 'accept-profile';
  const profile = headers[header]?.trim();
  if (profile === undefined) return { schema: exposed[0]!, negotiatedByProfile: exposed.length !== 1 };
  if (!exposed.includes(profile)) throw restError('PGRST106', { schema: profile, schemas: exposed.join(', ') });
  return { schema: profile, negotiatedByProfile: true };
}
