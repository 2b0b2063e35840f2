// BYOK provider keys (ai.ai_provider_keys): sealed at rest, masked on the way out, validated by format and
// (when configured) against the provider's API. Resolution for the pipeline: BYOK key, else platform key.
import type { Db } from '@powabase/db';
import type { AiConfig, Provider } from '../config.ts';
import { raise } from '../errors.ts';
import { maskKey, type SecretBox } from './crypto.ts';

export const PROVIDERS: Provider[] = ['openai', 'anthropic', 'google', 'openrouter'];

interface KeyRow { id: string; provider: string; api_key_encrypted: string; is_valid: boolean; last_validated_at: Date | null; created_at: Date; updated_at: Date }

export type Validation = { is_valid: boolean; error?: string; hard?: boolean };

const FORMAT: Record<Provider, RegExp> = {
  openai: /^sk-[A-Za-z0-9_\-]{16,}$/,
  anthropic: /^sk-ant-[A-Za-z0-9_\-]{16,}$/,
  google: /^[A-Za-z0-9_\-]{30,}$/,
  openrouter: /^sk-or-[A-Za-z0-9_\-]{16,}$/,
};

export class ProviderKeyStore {
  constructor(private readonly db: Db, private readonly box: SecretBox, private readonly config: AiConfig) {}

  private json(r: KeyRow) {
    let masked = '••••';
    try { masked = maskKey(this.box.open(r.api_key_encrypted)); } catch { /* undecryptable: masked stays opaque */ }
    return { id: r.id, provider: r.provider, masked_key: masked, is_valid: r.is_valid, last_validated_at: r.last_validated_at, created_at: r.created_at, updated_at: r.updated_at };
  }

  async list() {
    const r = await this.db.query<KeyRow>('select * from ai.ai_provider_keys order by provider');
    return r.rows.map((x) => this.json(x));
  }

  platformSupported(): { providers: Provider[] } {
    return { providers: PROVIDERS.filter((p) => !!this.config.platformKeys[p]) };
  }

  /** Format check (hard failure) then, if enabled, a live call (soft failure: stored with is_valid false). */
  async validate(provider: unknown, apiKey: unknown): Promise<Validation> {
    if (typeof provider !== 'string' || !PROVIDERS.includes(provider as Provider)) {
      return { is_valid: false, hard: true, error: `provider must be one of ${PROVIDERS.join(', ')}` };
    }
    if (typeof apiKey !== 'string' || !apiKey.trim()) return { is_valid: false, hard: true, error: 'api_key is required' };
    const key = apiKey.trim();
    if (!FORMAT[provider as Provider].test(key)) return { is_valid: false, hard: true, error: `This does not look like a ${provider} API key` };
    if (!this.config.validateKeysOnline) return { is_valid: true };
    return this.liveCheck(provider as Provider, key);
  }

  private async liveCheck(provider: Provider, key: string): Promise<Validation> {
    const base = this.config.providerBaseUrls[provider].replace(/\/+$/, '');
    const url = provider === 'google' ? `${base}/models?key=${encodeURIComponent(key)}` : `${base}/models`;
    const headers: Record<string, string> = provider === 'anthropic' ? { 'x-api-key': key, 'anthropic-version': '2023-06-01' }
      : provider === 'google' ? {} : { authorization: `Bearer ${key}` };
    try {
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
      await res.body?.cancel().catch(() => {});
      if (res.status === 401 || res.status === 403) return { is_valid: false, hard: true, error: `${provider} rejected the key (HTTP ${res.status})` };
      if (!res.ok) return { is_valid: false, error: `${provider} answered HTTP ${res.status}; the key was saved but not confirmed` };
      return { is_valid: true };
    } catch (e) {
      return { is_valid: false, error: `${provider} could not be reached (${(e as Error).message}); the key was saved but not confirmed` };
    }
  }

  /** Upsert one key; 201 when inserted. Hard validation failures are 400 with `fields`. */
  async save(provider: unknown, apiKey: unknown): Promise<{ created: boolean; key: ReturnType<ProviderKeyStore['json']> }> {
    const v = await this.validate(provider, apiKey);
    if (v.hard) throw raise('validation_failed', 'Validation failed', { fields: { [String(provider)]: v.error } });
    const r = await this.db.query<KeyRow & { inserted: boolean }>(
      `insert into ai.ai_provider_keys (provider, api_key_encrypted, is_valid, last_validated_at) values ($1, $2, $3, now())
       on conflict (provider) do update set api_key_encrypted = excluded.api_key_encrypted, is_valid = excluded.is_valid,
         last_validated_at = now(), updated_at = now()
       returning *, (xmax = 0) as inserted`, [provider, this.box.seal(String(apiKey).trim()), v.is_valid]);
    return { created: r.rows[0].inserted, key: this.json(r.rows[0]) };
  }

  /** Batch `{openai?, anthropic?, ...}`: null or "" is a no-op; any hard failure rejects the whole batch. */
  async saveBatch(body: Record<string, unknown>) {
    const entries = Object.entries(body).filter(([, v]) => v !== null && v !== undefined && v !== '');
    const fields: Record<string, string> = {};
    const checked: Array<[string, string, Validation]> = [];
    for (const [p, k] of entries) {
      const v = await this.validate(p, k);
      if (v.hard) fields[p] = v.error!;
      else checked.push([p, String(k).trim(), v]);
    }
    if (Object.keys(fields).length) throw raise('validation_failed', 'Validation failed', { fields });
    await this.db.tx(async (c) => {
      for (const [p, k, v] of checked) {
        await c.query(
          `insert into ai.ai_provider_keys (provider, api_key_encrypted, is_valid, last_validated_at) values ($1, $2, $3, now())
           on conflict (provider) do update set api_key_encrypted = excluded.api_key_encrypted, is_valid = excluded.is_valid,
             last_validated_at = now(), updated_at = now()`, [p, this.box.seal(k), v.is_valid]);
      }
    });
    return this.list();
  }

  async remove(provider: string): Promise<void> {
    const r = await this.db.query('delete from ai.ai_provider_keys where provider = $1', [provider]);
    if (!r.rowCount) throw raise('provider_key_not_found', `No key stored for provider ${provider}`);
  }

  /** The key the pipeline uses for a provider: the project's BYOK key, else the platform's, else null. */
  async resolve(provider: Provider): Promise<string | null> {
    const r = await this.db.query<KeyRow>('select * from ai.ai_provider_keys where provider = $1', [provider]);
    if (r.rows[0]) {
      try { return this.box.open(r.rows[0].api_key_encrypted); } catch {
        throw raise('provider_key_decrypt_failed', `The stored ${provider} key cannot be decrypted; save it again`, { provider });
      }
    }
    return this.config.platformKeys[provider] ?? null;
  }
}
