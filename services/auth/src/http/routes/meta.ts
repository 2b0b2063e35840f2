// Public metadata routes: /health, /settings, /.well-known/jwks.json (empty: HS256 only).
import type { FastifyInstance } from 'fastify';
import type { AuthDeps } from '../../types.ts';

export const GOTRUE_VERSION = 'v2.184.0-powabase';

const KNOWN_PROVIDERS = ['apple', 'azure', 'bitbucket', 'discord', 'facebook', 'snapchat', 'figma', 'fly', 'github', 'gitlab',
  'google', 'keycloak', 'kakao', 'linkedin', 'linkedin_oidc', 'notion', 'spotify', 'slack', 'slack_oidc', 'workos', 'twitch',
  'twitter', 'zoom'];

export async function metaRoutes(app: FastifyInstance, deps: AuthDeps): Promise<void> {
  app.get('/health', async () => ({ version: GOTRUE_VERSION, name: 'GoTrue', description: 'GoTrue is a user registration and authentication API' }));

  app.get('/settings', async () => {
    const c = deps.config;
    const external: Record<string, boolean> = { anonymous_users: c.anonymousEnabled };
    for (const p of KNOWN_PROVIDERS) external[p] = false;
    for (const [name, p] of Object.entries(c.providers)) external[name] = p.enabled;
    external.email = c.emailEnabled;
    external.phone = false;
    return {
      external, disable_signup: c.disableSignup, mailer_autoconfirm: c.autoconfirm, phone_autoconfirm: false,
      sms_provider: '', saml_enabled: false, saml_private_key_next_configured: false, passkeys_enabled: false,
    };
  });

  app.get('/.well-known/jwks.json', async () => ({ keys: [] }));
}
