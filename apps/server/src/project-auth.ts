// Per-project auth config in this process: the platform default (POWABASE_AUTH_AUTOCONFIRM) under a project's stored
// settings, parsed by the auth service; the control plane's validation port over the same parser; and the mailer
// that follows a project's own SMTP settings (the platform's mailer otherwise), switched when the config changes.
import { createAuthService, parseAuthConfig, AuthConfigError, type AuthConfig, type AuthConfigInput, type AuthService } from '@powabase/auth';
import { AuthSettingsError, type AuthConfigPort, type AuthSettings } from '@powabase/control-plane';
import type { Logger, ProjectInfo } from '@powabase/core';
import type { Db } from '@powabase/db';
import { createSmtpMailer, type Mailer } from '@powabase/mail';

export interface PlatformAuthDefaults { autoconfirm: boolean }

/** Throws AuthConfigError when the settings are invalid. */
export function projectAuthConfig(project: ProjectInfo, settings: AuthSettings, defaults: PlatformAuthDefaults): AuthConfig {
  const input: AuthConfigInput = { autoconfirm: defaults.autoconfirm, ...settings };
  return parseAuthConfig(input, project, { hasMailer: true });
}

/** The control plane's port: validation and defaults by the auth service's own parser. */
export function authConfigPort(defaults: PlatformAuthDefaults): AuthConfigPort {
  return {
    resolve(settings, p) {
      // Only `url` is read (the default site_url). A stopped project has none: validation uses http://localhost and
      // GET shows site_url null until the project runs again.
      const project: ProjectInfo = { ref: p.ref, url: p.url ?? 'http://localhost', jwtSecret: '', anonKey: '', serviceRoleKey: '' };
      try {
        return projectAuthConfig(project, settings, defaults);
      } catch (e) {
        if (e instanceof AuthConfigError) throw new AuthSettingsError(e.message);
        throw e;
      }
    },
  };
}

type Smtp = AuthConfig['mailer']['smtp'];

export interface ProjectMailer extends Mailer {
  /** Sends through `smtp` from now on (null: the platform's mailer); a changed server gets a new transport. */
  use(smtp: Smtp): void;
  close(): void;
}

export function projectMailer(platform: Mailer): ProjectMailer {
  let key = 'null';
  let own: (Mailer & { close(): void }) | null = null;
  return {
    send: (mail) => (own ?? platform).send(mail),
    use(smtp) {
      const next = JSON.stringify(smtp);
      if (next === key) return;
      own?.close();
      key = next;
      // `from` is a fallback only: the auth service sends every mail with its config's sender.
      own = smtp ? createSmtpMailer({ ...smtp, from: 'Powabase <no-reply@powabase.local>' }) : null;
    },
    close() { own?.close(); own = null; key = 'null'; },
  };
}

export interface ProjectAuth {
  /** The gateway mount. */
  service: AuthService;
  /** Validates and applies new settings to the running service (throws AuthConfigError, changing nothing, when invalid). */
  reconfigure(settings: AuthSettings): void;
  close(): Promise<void>;
}

/** A project's auth service with its stored settings, and the mailer they choose. */
export function createProjectAuth(o: {
  db: Db; project: ProjectInfo; mailer: Mailer; log: Logger; defaults: PlatformAuthDefaults; settings: AuthSettings;
}): ProjectAuth {
  const mailer = projectMailer(o.mailer);
  const config = projectAuthConfig(o.project, o.settings, o.defaults);
  mailer.use(config.mailer.smtp);
  const service = createAuthService({ db: o.db, project: o.project, mailer, log: o.log, config });
  return {
    service,
    reconfigure(settings) {
      const next = projectAuthConfig(o.project, settings, o.defaults);
      mailer.use(next.mailer.smtp);
      service.reconfigure(next);
    },
    close: async () => mailer.close(),
  };
}
