// A project's auth config (GET/PATCH /v1/projects/{ref}/config/auth): stored by Management API field name with
// secrets sealed, validated by the app's AuthConfigPort (the auth service's own parser), and pushed to the running
// project by the provisioner; a stopped project gets it with its spec on the next start.
import { raise } from '../errors.ts';
import { emit, errorText } from '../events.ts';
import { checkPatch, MASK, renderFields, SECRET_FIELDS, toSettings, type AuthConfigFields, type FieldValue, type StoredFields } from '../auth-config/fields.ts';
import { sealerFor, type Sealer } from '../auth-config/seal.ts';
import { AuthSettingsError, type AuthConfigView, type AuthSettings } from '../auth-config/types.ts';
import { findAuthConfig, lockAuthConfig, saveAuthConfig } from '../store/auth-configs.ts';
import type { Queryable } from '../store/sql.ts';
import type { Project } from '../types.ts';
import { track, type Deps } from './deps.ts';

/** Turns the port's and the field checks' AuthSettingsError into the registry's 400. */
function checked<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof AuthSettingsError) throw raise('invalid_auth_config', e.message);
    throw e;
  }
}

/** Stored fields with their secrets opened; one sealed under another platform secret is dropped (and logged). */
function opened(d: Deps, ref: string, stored: StoredFields, sealer: Sealer = sealerFor(d.config.jwtSecret, ref)): StoredFields {
  const out = { ...stored };
  for (const name of SECRET_FIELDS) {
    if (typeof out[name] !== 'string' || out[name] === '') continue;
    try {
      out[name] = sealer.open(out[name] as string);
    } catch (e) {
      delete out[name];
      emit(d.log, { event: 'auth_config_unreadable', ref, field: name, error: errorText(e) });
    }
  }
  return out;
}

/** The settings the data plane runs with (what a ProjectSpec carries). */
export async function authSettingsOf(d: Deps, q: Queryable, ref: string): Promise<AuthSettings> {
  return toSettings(opened(d, ref, await findAuthConfig(q, ref)));
}

function view(d: Deps, ref: string, settings: AuthSettings, url: string | null): AuthConfigView {
  return checked(() => d.authConfig.resolve(settings, { ref, url }));
}

function render(d: Deps, ref: string, stored: StoredFields): AuthConfigFields {
  const url = d.provisioner.endpoints(ref)?.url ?? null;
  const v = view(d, ref, toSettings(opened(d, ref, stored)), url);
  return renderFields(v, stored, { siteUrlKnown: url !== null });
}

export async function getAuthConfig(d: Deps, project: Project): Promise<AuthConfigFields> {
  return render(d, project.ref, await findAuthConfig(d.db, project.ref));
}

/** null removes a field (back to the default); a secret PATCHed as the mask GET shows keeps its stored value. */
function merge(current: StoredFields, patch: Record<string, FieldValue | null>, sealer: Sealer): StoredFields {
  const next = { ...current };
  for (const [name, value] of Object.entries(patch)) {
    const secret = SECRET_FIELDS.includes(name);
    if (secret && value === MASK) continue;
    if (value === null || (secret && value === '')) delete next[name];
    else next[name] = secret ? sealer.seal(value as string) : value;
  }
  return next;
}

export async function updateAuthConfig(d: Deps, project: Project, body: Record<string, unknown>): Promise<AuthConfigFields> {
  const { ref } = project;
  const patch = checked(() => checkPatch(body));
  const sealer = sealerFor(d.config.jwtSecret, ref);
  const url = d.provisioner.endpoints(ref)?.url ?? null;
  const { stored, settings } = await d.db.tx(async (c) => {
    const next = merge(await lockAuthConfig(c, ref), patch, sealer);
    const s = checked(() => toSettings(opened(d, ref, next, sealer)));
    view(d, ref, s, url);
    await saveAuthConfig(c, ref, next);
    return { stored: next, settings: s };
  });
  emit(d.log, { event: 'auth_config_updated', ref, fields: Object.keys(patch) });
  try {
    await track(d, d.provisioner.configureAuth(ref, settings));
  } catch (e) {
    emit(d.log, { event: 'provisioner_failed', ref, op: 'configure_auth', error: errorText(e) });
    throw raise('provisioner_failed', `The auth config of ${ref} is saved, but applying it to the running project failed; it applies on the next restore.`);
  }
  return render(d, ref, stored);
}
