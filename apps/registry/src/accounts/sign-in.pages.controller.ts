import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SkipAudit } from '../audit/audit.interceptor.js';
import { AuditService, SYSTEM_ACTOR, type Actor } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import { renderPage } from '../web/views.js';
import { OidcService, SsoError, type OidcTransaction } from './oidc.service.js';
import { CurrentUser, PublicPage } from './page-access.js';
import { SessionsService } from './sessions.service.js';
import { safeReturnTo } from './sign-in-policy.js';
import { SESSION_COOKIE } from './session-secret.js';
import type { User } from './user.entity.js';
import { LOCKOUT_MESSAGE, UsersService } from './users.service.js';
import { cookieSettings } from './web-session.middleware.js';
import { webUserOf, type WebUser } from './web-user.js';

const OIDC_COOKIE = 'atcompat_oidc';
const OIDC_COOKIE_PATH = '/sign-in/oidc';
const WRONG = 'Enter a correct email address and password';

type FormBody = Record<string, string | string[] | undefined>;
const field = (body: FormBody, name: string): string => {
  const value = body?.[name];
  return typeof value === 'string' ? value : '';
};

const userActor = (user: Pick<User, 'id' | 'name' | 'email'>): Actor => ({ kind: 'user', id: user.id, label: `${user.name} <${user.email}>` });

/** Signing in with a password or single sign-on, and signing out. */
@ApiExcludeController()
@Controller()
@SkipAudit()
export class SignInPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly oidc: OidcService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  @Get('sign-in')
  @PublicPage()
  async form(@Query() query: Record<string, unknown>, @CurrentUser() user: WebUser | undefined, @Res() res: Response) {
    const returnTo = safeReturnTo(query.returnTo);
    if (user) return res.redirect(303, returnTo);
    await this.render(res, { returnTo, signedOut: query.signedOut === '1' });
  }

  @Post('sign-in')
  @PublicPage()
  async signIn(@Body() body: FormBody, @Req() req: Request, @Res() res: Response) {
    const email = field(body, 'email').trim();
    const password = field(body, 'password');
    const returnTo = safeReturnTo(field(body, 'returnTo'));
    const missing = [
      ...(email ? [] : [{ text: 'Enter your email address', href: '#email', field: 'email' }]),
      ...(password ? [] : [{ text: 'Enter your password', href: '#password', field: 'password' }]),
    ];
    if (missing.length) return this.render(res, { returnTo, email, errors: errorsOf(missing) }, 400);

    // Wrong passwords count per email and client address: guessing from elsewhere cannot lock the person out.
    const result = await this.users.signIn(email, password, clientAddress(req));
    if (!result.ok) {
      if (result.user) {
        await this.audit.record({ actor: userActor(result.user), kind: `account.sign-in-refused.${result.reason}`, recordType: 'account', recordId: result.user.id });
      } else {
        await this.audit.record({ actor: SYSTEM_ACTOR, kind: 'account.sign-in-refused.unknown-account', recordType: 'account' });
      }
      const text = result.reason === 'locked' ? LOCKOUT_MESSAGE : result.reason === 'disabled' ? 'This account has been turned off. Ask an administrator.' : WRONG;
      return this.render(res, { returnTo, email, errors: errorsOf([{ text, href: '#email', field: 'email' }]) }, 401);
    }
    await this.begin(req, res, result.user, 'password');
    res.redirect(303, returnTo);
  }

  @Post('sign-out')
  @PublicPage()
  async signOut(@CurrentUser() user: WebUser | undefined, @Req() req: Request, @Res() res: Response) {
    if (user) {
      await this.sessions.end(user.sessionId);
      await this.audit.record({ actor: userActor(user), kind: 'account.signed-out', recordType: 'account', recordId: user.id });
    }
    res.clearCookie(SESSION_COOKIE, cookieSettings(req, this.config));
    res.redirect(303, '/sign-in?signedOut=1');
  }

  /** Single sign-on, step 1: remember state, nonce and the PKCE verifier in a short-lived cookie, then go to the provider. */
  @Get('sign-in/oidc')
  @PublicPage()
  async startSso(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    const { url, transaction } = await this.oidc.start(safeReturnTo(query.returnTo));
    res.cookie(OIDC_COOKIE, JSON.stringify(transaction), { ...cookieSettings(req, this.config), path: OIDC_COOKIE_PATH, maxAge: 10 * 60_000 });
    res.redirect(303, url);
  }

  /** Single sign-on, step 2: the provider sends the person back with a code. */
  @Get('sign-in/oidc/callback')
  @PublicPage()
  async finishSso(@Req() req: Request, @Res() res: Response) {
    const transaction = readTransaction(req.cookies?.[OIDC_COOKIE]);
    res.clearCookie(OIDC_COOKIE, { ...cookieSettings(req, this.config), path: OIDC_COOKIE_PATH });
    if (!transaction) throw new SsoError('The sign-in took too long or was started in another browser. Try signing in again.');
    const callback = new URL(req.originalUrl, this.config.publicUrl ?? `${req.protocol}://${req.get('host')}`);
    const identity = await this.oidc.finish(callback, transaction);
    const user = await this.users.findOrCreateForSso(identity.email, identity.name, identity.subject, identity.department);
    if (user.disabled) throw new SsoError('This account has been turned off. Ask an administrator.');
    await this.users.markSignedIn(user.id);
    await this.begin(req, res, user, 'single sign-on');
    res.redirect(303, safeReturnTo(transaction.returnTo));
  }

  private async begin(req: Request, res: Response, user: User, how: string): Promise<void> {
    // Signing in again from a signed-in browser replaces its session rather than leaving it behind.
    const previous = webUserOf(req);
    if (previous) await this.sessions.end(previous.sessionId);
    const session = await this.sessions.start(user.id);
    res.cookie(SESSION_COOKIE, session.id, { ...cookieSettings(req, this.config), expires: session.expiresAt });
    await this.audit.record({ actor: userActor(user), kind: 'account.signed-in', recordType: 'account', recordId: user.id, detail: { method: how } });
  }

  private render(res: Response, locals: Record<string, unknown>, status = 200): Promise<void> {
    return renderPage(res, 'accounts/sign-in.njk', { ...locals, ssoEnabled: this.oidc.enabled }, status);
  }
}

/** The address the request came from, as the rate limits see it. */
function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

function errorsOf(list: { text: string; href: string; field: string }[]) {
  return {
    list: list.map(({ text, href }) => ({ text, href })),
    fields: Object.fromEntries(list.map(({ text, field: name }) => [name, { text }])),
  };
}

function readTransaction(raw: unknown): OidcTransaction | null {
  if (typeof raw !== 'string') return null;
  try {
    const value = JSON.parse(raw) as Partial<OidcTransaction>;
    if ([value.state, value.nonce, value.codeVerifier, value.returnTo].every((v) => typeof v === 'string')) return value as OidcTransaction;
  } catch {
    // a tampered or truncated cookie: start again
  }
  return null;
}
