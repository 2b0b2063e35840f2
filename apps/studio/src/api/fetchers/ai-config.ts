// A project's AI provider keys (`/api/ai-provider-keys`, BYOK, never returned in clear) and its settings
// registry (`/api/settings`).
import type { KeyValidation, ProviderKey, SettingsRegistry } from '../ai-types.ts';
import type { ProjectTarget } from '../project-http.ts';
import { aiApi } from './ai-http.ts';

export const listProviderKeys = (t: ProjectTarget) => aiApi<ProviderKey[]>(t, '/ai-provider-keys');

/** Providers the platform pays for ("AI on us") when the project has no key of its own. */
export const platformProviders = (t: ProjectTarget) => aiApi<{ providers: string[] }>(t, '/ai-provider-keys/platform_supported');

/** Adds or replaces the key of a provider (one per provider). */
export const saveProviderKey = (t: ProjectTarget, provider: string, apiKey: string) =>
  aiApi<ProviderKey>(t, '/ai-provider-keys', { method: 'POST', body: { provider, api_key: apiKey } });

export const validateProviderKey = (t: ProjectTarget, provider: string, apiKey: string) =>
  aiApi<KeyValidation>(t, '/ai-provider-keys/validate', { method: 'POST', body: { provider, api_key: apiKey } });

export const deleteProviderKey = (t: ProjectTarget, provider: string) =>
  aiApi<void>(t, `/ai-provider-keys/${encodeURIComponent(provider)}`, { method: 'DELETE' });

export const getSettings = (t: ProjectTarget) => aiApi<SettingsRegistry>(t, '/settings');

/** All-or-nothing: a 400 carries `details` {KEY: reason} (on the ApiError's details). */
export const updateSettings = (t: ProjectTarget, settings: Record<string, string>) =>
  aiApi<{ ok: true; updated: string[] }>(t, '/settings', { method: 'PUT', body: { settings } });

export const resetSetting = (t: ProjectTarget, key: string) =>
  aiApi<{ ok: true; key: string; default: string }>(t, `/settings/${encodeURIComponent(key)}`, { method: 'DELETE' });

export const resetSettingsCategory = (t: ProjectTarget, category: string) =>
  aiApi<{ ok: true; reset: string[] }>(t, '/settings/reset-category', { method: 'POST', body: { category } });
