// A stand-in for the app's AuthConfigPort (which wraps the auth service's parser): GoTrue-like defaults under the
// settings, and two of its checks, enough to see the control plane fill in defaults and answer 400.
import { AuthSettingsError, type AuthConfigPort, type AuthConfigView } from '../src/auth-config/types.ts';

export const fakeAuthConfig: AuthConfigPort = {
  resolve(s, project) {
    const v: AuthConfigView = {
      siteUrl: s.siteUrl ?? project.url ?? 'http://localhost', uriAllowList: s.uriAllowList ?? [], jwtExpiry: s.jwtExpiry ?? 3600,
      disableSignup: s.disableSignup ?? false, emailEnabled: s.emailEnabled ?? true, anonymousEnabled: s.anonymousEnabled ?? false,
      autoconfirm: s.autoconfirm ?? false, secureEmailChange: s.secureEmailChange ?? true, manualLinking: s.manualLinking ?? false,
      updatePasswordRequireReauth: s.updatePasswordRequireReauth ?? false, smtpMaxFrequencyS: s.smtpMaxFrequencyS ?? 60,
      refreshTokenRotation: s.refreshTokenRotation ?? true, refreshTokenReuseIntervalS: s.refreshTokenReuseIntervalS ?? 10,
      password: { minLength: 8, requiredCharacters: [], ...s.password },
      otp: { length: 6, expiryS: 3600, ...s.otp },
      rateLimits: {
        tokenRefresh: { count: 150, periodS: 300 }, verify: { count: 30, periodS: 300 }, otp: { count: 30, periodS: 300 },
        anonymousUsers: { count: 30, periodS: 3600 }, emailSent: { count: 30, periodS: 3600 }, ...s.rateLimits,
      },
    };
    if (!/^https?:\/\//.test(v.siteUrl)) throw new AuthSettingsError('siteUrl must be an http(s) URL');
    if (v.jwtExpiry < 30 || v.jwtExpiry > 604800) throw new AuthSettingsError('jwtExpiry must be 30..604800 seconds');
    return v;
  },
};
