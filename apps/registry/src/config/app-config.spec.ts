import { existsSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppConfig, ConfigError, redactUrl } from './app-config.js';

/** Runs `fn` and returns the ConfigError it throws; fails the test if it throws anything else or nothing. */
function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but nothing was thrown');
}

describe(AppConfig.name, () => {
  let tmp: string;

  beforeEach(() => {
    tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'atcompat-config-')));
  });

  afterEach(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  describe('defaults', () => {
    let previousCwd: string;

    beforeEach(() => {
      // The default data folder is relative to the working directory; keep it out of the repository.
      previousCwd = process.cwd();
      process.chdir(tmp);
    });

    afterEach(() => {
      process.chdir(previousCwd);
    });

    it('listens on port 3000, uses the embedded database in ./.atcompat/data and applies migrations', () => {
      const config = AppConfig.fromEnv({});

      expect(config.port).toBe(3000);
      expect(config.host).toBe('0.0.0.0');
      expect(config.migrationsRun).toBe(true);
      expect(config.demo).toBe(false);
      expect(config.logRequests).toBe(false);
      expect(config.database.kind).toBe('pglite');
      const dataDir = (config.database as { kind: 'pglite'; dataDir: string }).dataDir;
      expect(path.isAbsolute(dataDir)).toBe(true);
      expect(dataDir).toBe(path.join(tmp, '.atcompat', 'data'));
      expect(statSync(dataDir).isDirectory()).toBe(true);
    });

    it('treats blank values as unset', () => {
      const config = AppConfig.fromEnv({ PORT: '  ', ATCOMPAT_MIGRATIONS_RUN: '', ATCOMPAT_DATA_DIR: ' ', DATABASE_URL: '' });

      expect(config.port).toBe(3000);
      expect(config.migrationsRun).toBe(true);
      expect(config.database).toEqual({ kind: 'pglite', dataDir: path.join(tmp, '.atcompat', 'data') });
    });
  });

  describe('PORT', () => {
    const memory = { ATCOMPAT_DATA_DIR: 'memory://' };

    it('accepts a port number', () => {
      expect(AppConfig.fromEnv({ ...memory, PORT: '8080' }).port).toBe(8080);
    });

    it.each(['abc', '70000', '-1', '80.5', '65536'])('rejects %p with a message saying what to use', (value) => {
      const error = configErrorOf(() => AppConfig.fromEnv({ ...memory, PORT: value }));

      expect(error.setting).toBe('PORT');
      expect(error.message).toContain(`"${value}"`);
      expect(error.message).toMatch(/^PORT: /);
      expect(error.message).toMatch(/Use a whole number from 1 to 65535/);
      expect(error.message).toContain('PORT=3000');
    });
  });

  describe('DATABASE_URL', () => {
    it.each(['postgres://app:s3cret-pw@db.internal:5432/atcompat', 'postgresql://app:s3cret-pw@db.internal/atcompat'])(
      'accepts %p and keeps the password out of redactedUrl',
      (url) => {
        const config = AppConfig.fromEnv({ DATABASE_URL: url });

        expect(config.database.kind).toBe('postgres');
        const database = config.database as { kind: 'postgres'; url: string; redactedUrl: string };
        expect(database.url).toBe(url);
        expect(database.redactedUrl).not.toContain('s3cret-pw');
        expect(database.redactedUrl).toContain('app:***@db.internal');
        expect(database.redactedUrl).toContain('/atcompat');
      },
    );

    it('keeps a password given as ?password= out of redactedUrl', () => {
      const config = AppConfig.fromEnv({ DATABASE_URL: 'postgres://app@db.internal/atcompat?password=s3cret-pw' });

      expect(config.database.kind).toBe('postgres');
      expect((config.database as { redactedUrl: string }).redactedUrl).not.toContain('s3cret-pw');
    });

    it('trims surrounding white space', () => {
      const config = AppConfig.fromEnv({ DATABASE_URL: '  postgres://db.internal/atcompat \n' });

      expect(config.database).toEqual({
        kind: 'postgres',
        url: 'postgres://db.internal/atcompat',
        redactedUrl: 'postgres://db.internal/atcompat',
      });
    });

    it('takes precedence over ATCOMPAT_DATA_DIR', () => {
      const config = AppConfig.fromEnv({ DATABASE_URL: 'postgres://db.internal/atcompat', ATCOMPAT_DATA_DIR: 'memory://' });

      expect(config.database.kind).toBe('postgres');
    });

    it.each([
      ['another database engine', 'mysql://app:s3cret-pw@db.internal/atcompat', /only postgres:\/\/ and postgresql:\/\/ are supported/],
      ['something that is not a URL', 'not a url s3cret-pw', /is not a valid URL/],
      ['a URL without a database name', 'postgres://app:s3cret-pw@db.internal:5432/', /names no database/],
      ['a URL with a password but no host', 'postgres://app:s3cret-pw@/atcompat', /is not a valid URL/],
      ['a URL without a host', 'postgres:///atcompat?password=s3cret-pw', /has no host name/],
    ])('rejects %s, naming DATABASE_URL and never the password', (_what, url, message) => {
      const error = configErrorOf(() => AppConfig.fromEnv({ DATABASE_URL: url }));

      expect(error.setting).toBe('DATABASE_URL');
      expect(error.message).toMatch(/^DATABASE_URL: /);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('s3cret-pw');
      expect(String(error.stack)).not.toContain('s3cret-pw');
    });
  });

  describe('ATCOMPAT_DATA_DIR', () => {
    it('keeps memory:// as it is and creates nothing', () => {
      const config = AppConfig.fromEnv({ ATCOMPAT_DATA_DIR: 'memory://' });

      expect(config.database).toEqual({ kind: 'pglite', dataDir: 'memory://' });
      expect(existsSync('memory:')).toBe(false);
    });

    it('creates a folder that does not exist yet, with its parents', () => {
      const dir = path.join(tmp, 'nested', 'data');

      const config = AppConfig.fromEnv({ ATCOMPAT_DATA_DIR: dir });

      expect(config.database).toEqual({ kind: 'pglite', dataDir: dir });
      expect(statSync(dir).isDirectory()).toBe(true);
    });

    it('resolves a relative folder to an absolute path', () => {
      const relative = path.relative(process.cwd(), path.join(tmp, 'relative-data'));

      const config = AppConfig.fromEnv({ ATCOMPAT_DATA_DIR: relative });

      const dataDir = (config.database as { kind: 'pglite'; dataDir: string }).dataDir;
      expect(path.isAbsolute(dataDir)).toBe(true);
      expect(dataDir).toBe(path.join(tmp, 'relative-data'));
      expect(statSync(dataDir).isDirectory()).toBe(true);
    });

    it('rejects a path whose parent is a regular file, naming ATCOMPAT_DATA_DIR', () => {
      const file = path.join(tmp, 'a-file');
      writeFileSync(file, 'not a folder');
      const dir = path.join(file, 'data');

      const error = configErrorOf(() => AppConfig.fromEnv({ ATCOMPAT_DATA_DIR: dir }));

      expect(error.setting).toBe('ATCOMPAT_DATA_DIR');
      expect(error.message).toMatch(/^ATCOMPAT_DATA_DIR: /);
      expect(error.message).toContain(dir);
      expect(error.message).toContain('a file is in the way');
      expect(error.message).toContain('Point ATCOMPAT_DATA_DIR at a folder');
    });

    it('rejects a path that is itself a regular file', () => {
      const file = path.join(tmp, 'a-file');
      writeFileSync(file, 'not a folder');

      const error = configErrorOf(() => AppConfig.fromEnv({ ATCOMPAT_DATA_DIR: file }));

      expect(error.setting).toBe('ATCOMPAT_DATA_DIR');
      expect(error.message).toContain('a file is in the way');
    });
  });

  describe('boolean settings', () => {
    const memory = { ATCOMPAT_DATA_DIR: 'memory://' };

    it.each([
      ['true', true],
      ['YES', true],
      ['1', true],
      [' on ', true],
      ['false', false],
      ['no', false],
      ['0', false],
      ['Off', false],
    ])('reads %p as %p', (value, expected) => {
      const config = AppConfig.fromEnv({
        ...memory,
        ATCOMPAT_MIGRATIONS_RUN: value,
        ATCOMPAT_DEMO: value,
        ATCOMPAT_LOG_REQUESTS: value,
      });

      expect(config.migrationsRun).toBe(expected);
      expect(config.demo).toBe(expected);
      expect(config.logRequests).toBe(expected);
    });

    it.each(['ATCOMPAT_MIGRATIONS_RUN', 'ATCOMPAT_DEMO', 'ATCOMPAT_LOG_REQUESTS'])(
      'rejects "maybe" for %s, naming the variable and the values it takes',
      (name) => {
        const error = configErrorOf(() => AppConfig.fromEnv({ ...memory, [name]: 'maybe' }));

        expect(error.setting).toBe(name);
        expect(error.message).toBe(`${name}: "maybe" is not true or false. Use ${name}=true or ${name}=false.`);
      },
    );

    it('lets the demo option override ATCOMPAT_DEMO', () => {
      expect(AppConfig.fromEnv({ ...memory, ATCOMPAT_DEMO: 'false' }, { demo: true }).demo).toBe(true);
    });
  });
});

describe(redactUrl.name, () => {
  it('replaces the password with ***', () => {
    expect(redactUrl('postgres://app:s3cret-pw@db.internal:5432/atcompat')).toBe('postgres://app:***@db.internal:5432/atcompat');
  });

  it('leaves a URL without a password as it is', () => {
    expect(redactUrl('postgres://app@db.internal/atcompat')).toBe('postgres://app@db.internal/atcompat');
  });

  it('hides a password given in the query string, which pg also reads', () => {
    const redacted = redactUrl('postgres://app@db.internal/atcompat?sslmode=require&password=s3cret-pw');

    expect(redacted).not.toContain('s3cret-pw');
    expect(redacted).toContain('password=***');
    expect(redacted).toContain('sslmode=require');
  });

  it('never echoes a string it cannot parse, which may hold a password', () => {
    expect(redactUrl('postgres://app:s3cret-pw@db.internal:99999/atcompat')).toBe('(unparseable URL)');
  });
});

describe('AppConfig tokens, report size and gate', () => {
  const memory = { ATCOMPAT_DATA_DIR: 'memory://' };

  it('has no admin token, a 10 MB report limit and no extra gate ATs by default', () => {
    const config = AppConfig.fromEnv(memory);

    expect(config.adminToken).toBeNull();
    expect(config.maxReportBytes).toBe(10 * 1024 * 1024);
    expect(config.gateRequiredAts).toEqual([]);
  });

  it('takes an admin token of at least 24 characters, trimmed', () => {
    expect(AppConfig.fromEnv({ ...memory, ATCOMPAT_ADMIN_TOKEN: ` ${'x'.repeat(24)} ` }).adminToken).toBe('x'.repeat(24));
    expect(AppConfig.fromEnv({ ...memory, ATCOMPAT_ADMIN_TOKEN: '  ' }).adminToken).toBeNull();
  });

  it('refuses a short admin token, naming ATCOMPAT_ADMIN_TOKEN and never echoing it', () => {
    const error = configErrorOf(() => AppConfig.fromEnv({ ...memory, ATCOMPAT_ADMIN_TOKEN: 'hunter2-but-longer' }));

    expect(error.setting).toBe('ATCOMPAT_ADMIN_TOKEN');
    expect(error.message).toContain('at least 24');
    expect(error.message).not.toContain('hunter2');
    expect(configErrorOf(() => AppConfig.fromEnv({ ...memory, ATCOMPAT_ADMIN_TOKEN: 'has a space in the middle of it' })).setting).toBe(
      'ATCOMPAT_ADMIN_TOKEN',
    );
  });

  it('reads ATCOMPAT_MAX_REPORT_BYTES as whole bytes, refusing anything else by name', () => {
    expect(AppConfig.fromEnv({ ...memory, ATCOMPAT_MAX_REPORT_BYTES: '2048' }).maxReportBytes).toBe(2048);
    for (const bad of ['10mb', '-1', '1.5', '100']) {
      expect(configErrorOf(() => AppConfig.fromEnv({ ...memory, ATCOMPAT_MAX_REPORT_BYTES: bad })).setting).toBe('ATCOMPAT_MAX_REPORT_BYTES');
    }
  });

  it('reads ATCOMPAT_GATE_REQUIRED_ATS as a list of slugs', () => {
    expect(AppConfig.fromEnv({ ...memory, ATCOMPAT_GATE_REQUIRED_ATS: 'zoomtext, read-and-write,zoomtext' }).gateRequiredAts).toEqual([
      'zoomtext',
      'read-and-write',
    ]);
    expect(configErrorOf(() => AppConfig.fromEnv({ ...memory, ATCOMPAT_GATE_REQUIRED_ATS: 'ZoomText' })).setting).toBe('ATCOMPAT_GATE_REQUIRED_ATS');
  });

  it('can be given an admin token later (the demo start), which must be long enough too', () => {
    const config = AppConfig.fromEnv(memory);

    expect(config.withAdminToken('y'.repeat(30)).adminToken).toBe('y'.repeat(30));
    expect(config.adminToken).toBeNull();
    expect(config.withAdminToken('y'.repeat(30)).maxReportBytes).toBe(config.maxReportBytes);
    expect(configErrorOf(() => config.withAdminToken('short')).setting).toBe('ATCOMPAT_ADMIN_TOKEN');
  });
});
