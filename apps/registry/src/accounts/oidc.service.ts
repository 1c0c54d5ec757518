import { Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import { DomainError } from '../common/errors.js';
import { AppConfig, type OidcConfig } from '../config/app-config.js';

/** What the sign-in round trip needs to remember in the browser (an HttpOnly cookie) until the callback. */
export interface OidcTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

export interface OidcIdentity {
  subject: string;
  email: string;
  name: string;
  /** The department claim (ATCOMPAT_OIDC_DEPARTMENT_CLAIM), when the provider sends one. */
  department: string | null;
}

export class SsoError extends DomainError {
  constructor(message: string) {
    super(400, 'sso-failed', message);
  }
}

/** OpenID Connect single sign-on: the authorization code flow with PKCE, state and nonce. */
@Injectable()
export class OidcService {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.oidc !== null;
  }

  private settings(): OidcConfig {
    if (!this.config.oidc) throw new SsoError('Single sign-on is not set up for this registry.');
    return this.config.oidc;
  }

  /** The provider's metadata, discovered once (again after a failure). */
  private discover(): Promise<client.Configuration> {
    const settings = this.settings();
    if (!this.configuration) {
      const issuer = new URL(settings.issuer);
      this.configuration = client
        .discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
          execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
        })
        .catch((error: unknown) => {
          this.configuration = undefined;
          throw new DomainError(502, 'sso-unavailable', `The single sign-on provider could not be reached (${(error as Error)?.message ?? 'unknown error'}). Try again, or sign in with a password.`);
        });
    }
    return this.configuration;
  }

  async start(returnTo: string): Promise<{ url: string; transaction: OidcTransaction }> {
    const configuration = await this.discover();
    const codeVerifier = client.randomPKCECodeVerifier();
    const transaction: OidcTransaction = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier, returnTo };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings().redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: transaction.state,
      nonce: transaction.nonce,
    });
    return { url: url.toString(), transaction };
  }

  /** Exchanges the code from the callback (`callbackUrl` as the provider called it) for the person's identity. */
  async finish(callbackUrl: URL, transaction: OidcTransaction): Promise<OidcIdentity> {
    const configuration = await this.discover();
    let claims: client.IDToken | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: transaction.codeVerifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch {
      throw new SsoError('Single sign-on did not complete. Try signing in again.');
    }
    const email = typeof claims?.email === 'string' ? claims.email : '';
    if (!claims || !email || claims.email_verified === false) {
      throw new SsoError('The single sign-on provider did not give a verified email address, so atcompat cannot tell who you are.');
    }
    const name = typeof claims.name === 'string' ? claims.name : [claims.given_name, claims.family_name].filter((p) => typeof p === 'string').join(' ');
    const department = claims[this.settings().departmentClaim];
    return { subject: claims.sub, email, name, department: typeof department === 'string' && department.trim() ? department.trim() : null };
  }
}
