import request from 'supertest';
import type { Role } from '../../apps/registry/src/accounts/user.entity.js';
import { UsersService } from '../../apps/registry/src/accounts/users.service.js';
import type { TestRegistry } from './registry.js';

/** A password long enough for the rules; every test account gets it unless the test says otherwise. */
export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestAccount {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** Creates an account straight through the service (what `npm run admin:create` does). */
export async function createAccount(
  registry: TestRegistry,
  options: { email: string; name?: string; role?: Role; password?: string; department?: string; departments?: string[]; systems?: string[] },
): Promise<TestAccount> {
  const user = await registry.app.get(UsersService).create({
    email: options.email,
    name: options.name ?? options.email.split('@')[0]!,
    role: options.role ?? 'staff',
    password: options.password ?? TEST_PASSWORD,
    department: options.department,
    departments: options.departments,
    systemSlugs: options.systems,
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** The `_csrf` value of the first form on a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no _csrf field on the page');
  return match[1]!;
}

/** A browser: a supertest agent that keeps cookies, with the CSRF token of its current session. */
export interface Browser {
  agent: ReturnType<typeof request.agent>;
  /** The token for the next POST (read from a page, since it changes when signing in or out). */
  csrf(): Promise<string>;
  /** POST a form (urlencoded) with the CSRF token added. */
  post(path: string, form?: Record<string, string | string[]>): Promise<request.Response>;
}

/** A signed-out browser. */
export function browser(registry: TestRegistry): Browser {
  const agent = request.agent(registry.app.getHttpServer());
  const csrf = async () => {
    // Signed out, the sign-in form carries the token; signed in, every page's sign-out form does.
    const signInPage = await agent.get('/sign-in').redirects(0);
    return csrfFrom(signInPage.status === 200 ? signInPage.text : (await agent.get('/').expect(200)).text);
  };
  return {
    agent,
    csrf,
    post: async (path, form = {}) => {
      // The token first: the agent attaches its cookies when the request is created.
      const token = await csrf();
      return agent.post(path).type('form').send({ ...form, _csrf: token }).redirects(0);
    },
  };
}

/** A browser signed in as `email`; fails the test if signing in does not work. */
export async function signIn(registry: TestRegistry, email: string, password = TEST_PASSWORD): Promise<Browser> {
  const b = browser(registry);
  const res = await b.post('/sign-in', { email, password });
  if (res.status !== 303) throw new Error(`signing in as ${email} answered ${res.status}, not 303`);
  return b;
}

/**
 * Signs in over plain HTTP (fetch) at `base`, for tests that send raw requests: the session's
 * Cookie header and the CSRF token of its pages.
 */
export async function signInOverHttp(base: string, email: string, password = TEST_PASSWORD): Promise<{ cookie: string; csrf: string }> {
  const cookieOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
  const form = await fetch(`${base}/sign-in`);
  const signedIn = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookieOf(form), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, _csrf: csrfFrom(await form.text()) }).toString(),
  });
  if (signedIn.status !== 303) throw new Error(`signing in as ${email} answered ${signedIn.status}, not 303`);
  const cookie = cookieOf(signedIn);
  const home = await fetch(`${base}/`, { headers: { cookie } });
  return { cookie, csrf: csrfFrom(await home.text()) };
}
