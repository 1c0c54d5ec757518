import { AppConfig, ConfigError } from './app-config.js';

const memory = { ATCOMPAT_DATA_DIR: 'memory://' };
const oidc = { ATCOMPAT_OIDC_ISSUER: 'https://login.example.gov.uk/tenant/v2.0', ATCOMPAT_OIDC_CLIENT_ID: 'atcompat', ATCOMPAT_OIDC_CLIENT_SECRET: 's3cret-value' };

function settingOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('s3cret-value');
    return (error as ConfigError).setting;
  }
  throw new Error('expected a ConfigError');
}

describe('AppConfig: accounts, sessions, mail and adjustments', () => {
  it('has safe defaults', () => {
    const config = AppConfig.fromEnv(memory);
    expect(config).toMatchObject({
      publicUrl: null,
      sessionIdleMinutes: 60,
      sessionMaxHours: 12,
      signInRateLimit: 50,
      apiRateLimit: 600,
      oidc: null,
      smtpUrl: null,
      adjustmentRetentionDays: 365,
    });
  });

  it('reads the session, rate limit and retention numbers, and names a bad one', () => {
    const config = AppConfig.fromEnv({ ...memory, ATCOMPAT_SESSION_IDLE_MINUTES: '15', ATCOMPAT_SESSION_MAX_HOURS: '8', ATCOMPAT_ADJUSTMENT_RETENTION_DAYS: '730' });
    expect([config.sessionIdleMinutes, config.sessionMaxHours, config.adjustmentRetentionDays]).toEqual([15, 8, 730]);
    for (const name of ['ATCOMPAT_SESSION_IDLE_MINUTES', 'ATCOMPAT_SESSION_MAX_HOURS', 'ATCOMPAT_SIGN_IN_RATE_LIMIT', 'ATCOMPAT_API_RATE_LIMIT', 'ATCOMPAT_ADJUSTMENT_RETENTION_DAYS']) {
      for (const bad of ['0', '-1', 'soon', '1.5']) expect(settingOf(() => AppConfig.fromEnv({ ...memory, [name]: bad }))).toBe(name);
    }
  });

  it('needs https for ATCOMPAT_PUBLIC_URL, except on localhost', () => {
    expect(AppConfig.fromEnv({ ...memory, ATCOMPAT_PUBLIC_URL: 'https://atcompat.example.gov.uk/' }).publicUrl).toBe('https://atcompat.example.gov.uk');
    expect(AppConfig.fromEnv({ ...memory, ATCOMPAT_PUBLIC_URL: 'http://localhost:3000' }).publicUrl).toBe('http://localhost:3000');
    for (const bad of ['http://atcompat.example.gov.uk', 'not a url', 'https://atcompat.example.gov.uk/?x=1']) {
      expect(settingOf(() => AppConfig.fromEnv({ ...memory, ATCOMPAT_PUBLIC_URL: bad }))).toBe('ATCOMPAT_PUBLIC_URL');
    }
  });

  describe('single sign-on', () => {
    it('is on when all three settings and the public address are given', () => {
      const config = AppConfig.fromEnv({ ...memory, ...oidc, ATCOMPAT_PUBLIC_URL: 'https://atcompat.example.gov.uk' });
      expect(config.oidc).toEqual({
        issuer: oidc.ATCOMPAT_OIDC_ISSUER,
        clientId: 'atcompat',
        clientSecret: 's3cret-value',
        redirectUri: 'https://atcompat.example.gov.uk/sign-in/oidc/callback',
        departmentClaim: 'department',
      });
    });

    it('reads the department from the claim ATCOMPAT_OIDC_DEPARTMENT_CLAIM names, and refuses a name that is not one', () => {
      const env = { ...memory, ...oidc, ATCOMPAT_PUBLIC_URL: 'https://atcompat.example.gov.uk' };
      expect(AppConfig.fromEnv({ ...env, ATCOMPAT_OIDC_DEPARTMENT_CLAIM: 'extension_Department' }).oidc?.departmentClaim).toBe('extension_Department');
      expect(settingOf(() => AppConfig.fromEnv({ ...env, ATCOMPAT_OIDC_DEPARTMENT_CLAIM: 'two words' }))).toBe('ATCOMPAT_OIDC_DEPARTMENT_CLAIM');
    });

    it('names the missing one when only some are set', () => {
      expect(settingOf(() => AppConfig.fromEnv({ ...memory, ...oidc, ATCOMPAT_OIDC_CLIENT_SECRET: '' }))).toBe('ATCOMPAT_OIDC_CLIENT_SECRET');
      expect(settingOf(() => AppConfig.fromEnv({ ...memory, ATCOMPAT_OIDC_CLIENT_ID: 'x' }))).toBe('ATCOMPAT_OIDC_ISSUER');
    });

    it('needs an https issuer and ATCOMPAT_PUBLIC_URL for the callback', () => {
      expect(settingOf(() => AppConfig.fromEnv({ ...memory, ...oidc, ATCOMPAT_PUBLIC_URL: 'https://a.example.gov.uk', ATCOMPAT_OIDC_ISSUER: 'http://login.example.gov.uk' }))).toBe(
        'ATCOMPAT_OIDC_ISSUER',
      );
      expect(settingOf(() => AppConfig.fromEnv({ ...memory, ...oidc }))).toBe('ATCOMPAT_PUBLIC_URL');
    });
  });

  it('takes smtp:// or smtps:// for ATCOMPAT_SMTP_URL and an address for ATCOMPAT_MAIL_FROM', () => {
    expect(AppConfig.fromEnv({ ...memory, ATCOMPAT_SMTP_URL: 'smtp://user:pw@mail.example.gov.uk:587' }).smtpUrl).toBe('smtp://user:pw@mail.example.gov.uk:587');
    expect(settingOf(() => AppConfig.fromEnv({ ...memory, ATCOMPAT_SMTP_URL: 'http://mail.example.gov.uk' }))).toBe('ATCOMPAT_SMTP_URL');
    expect(AppConfig.fromEnv({ ...memory, ATCOMPAT_MAIL_FROM: 'atcompat <atcompat@example.gov.uk>' }).mailFrom).toBe('atcompat <atcompat@example.gov.uk>');
    expect(settingOf(() => AppConfig.fromEnv({ ...memory, ATCOMPAT_MAIL_FROM: 'nobody' }))).toBe('ATCOMPAT_MAIL_FROM');
  });
});
