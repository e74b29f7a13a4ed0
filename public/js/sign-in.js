// Sign-in through an OAuth 2.0 provider's own pages (Cognito's hosted UI), in plain JavaScript:
// the authorization code flow with PKCE (RFC 7636, S256), then the refresh_token grant before
// the ID token expires. The ID token is what the gateway checks (its `aud` is the app client id).
// Tokens live in sessionStorage: they last as long as the tab, and no other tab reads them.
// Knows nothing of the DOM; it dispatches
//   token  {token}   a renewed ID token (send it on the open socket, use it for HTTP and reconnects)
//   ended  {reason}  the sign-in could not be renewed: the user is signed out and must sign in again

import { tokenClaims } from './config.js';

const TOKENS_KEY = 'pulsechat.signin';          // {idToken, refreshToken}
const REQUEST_KEY = 'pulsechat.signin.request'; // {state, verifier, hash} while the provider's page is open
const RENEW_BEFORE_S = 60;
const RETRY_MS = 5000;

/** A refusal from the token endpoint (`invalid_grant`...), or `network` when it could not be reached. */
class TokenError extends Error {
  constructor(code, description) {
    super(description ? `${code}: ${description}` : code);
    this.code = code;
  }
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(bytes) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** PKCE's S256 challenge: base64url(SHA-256(verifier)). */
async function challengeOf(verifier) {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

function readJson(storage, key) {
  try {
    return JSON.parse(storage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

function writeJson(storage, key, value) {
  try {
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(value));
  } catch {
    // private mode: the sign-in lasts as long as the page
  }
}

/** The name to show for a token: as the gateway's `authenticated` names it. */
export function shownName(token) {
  const claims = tokenClaims(token) ?? {};
  return [claims.name, claims['cognito:username'], claims.sub].find(v => typeof v === 'string' && v !== '') ?? '';
}

export class SignIn extends EventTarget {
  /** settings: config.js signInSettings(); the rest are the browser's, replaceable for a test. */
  constructor(settings, { location = globalThis.location, storage = globalThis.sessionStorage,
    history = globalThis.history, fetcher = globalThis.fetch.bind(globalThis) } = {}) {
    super();
    this.settings = settings;
    this.location = location;
    this.storage = storage;
    this.history = history;
    this.fetcher = fetcher;
    this.tokens = readJson(storage, TOKENS_KEY);
    this.timer = null;
    this.problem = '';        // why the last sign-in did not complete, for the sign-in screen
  }

  /** The current ID token, or null when signed out. */
  get token() {
    return this.tokens?.idToken ?? null;
  }

  /**
   * Finishes a sign-in the provider sent back to this page (?code=&state=), or renews kept tokens
   * that are about to expire; then keeps them renewed. Resolves to the ID token, or null.
   */
  async start() {
    const params = new URLSearchParams(this.location.search);
    if (params.has('code') || params.has('error')) await this.finish(params);
    if (this.token && this.secondsLeft() <= this.renewLead()) await this.renew();
    else if (this.token) this.schedule();
    return this.token;
  }

  /** Sends the browser to the provider's sign-in page. */
  async signIn() {
    const verifier = randomString(32);
    const state = randomString(16);
    writeJson(this.storage, REQUEST_KEY, { state, verifier, hash: this.location.hash });
    const url = new URL(`${this.settings.authority}/oauth2/authorize`);
    url.search = new URLSearchParams({ response_type: 'code', client_id: this.settings.clientId,
      redirect_uri: this.settings.redirectUri, scope: this.settings.scopes, state,
      code_challenge: await challengeOf(verifier), code_challenge_method: 'S256' }).toString();
    this.location.assign(url.href);
  }

  /** Forgets the tokens, revokes the refresh token, and ends the provider's session too. */
  async signOut() {
    const refreshToken = this.tokens?.refreshToken;
    this.forget();
    if (refreshToken) {
      // Best effort: the provider's logout below ends its session whatever this answers.
      await this.post('oauth2/revoke', { token: refreshToken }).catch(() => {});
    }
    const url = new URL(`${this.settings.authority}/logout`);
    url.search = new URLSearchParams({ client_id: this.settings.clientId, logout_uri: this.settings.redirectUri })
      .toString();
    this.location.assign(url.href);
  }

  /** Stops renewing (the page is going away, or was signed out). */
  stop() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  // ---- internals ----------------------------------------------------------------

  async finish(params) {
    const request = readJson(this.storage, REQUEST_KEY);
    writeJson(this.storage, REQUEST_KEY, null);
    // the code is single-use and worthless now: out of the address bar and the history
    this.history.replaceState(null, '', this.location.pathname + (request?.hash ?? ''));
    if (params.has('error')) {
      this.problem = `The sign-in page answered: ${params.get('error_description') || params.get('error')}.`;
    } else if (!request || request.state !== params.get('state')) {
      // not the answer to this tab's request: someone else's code must not sign this tab in
      this.problem = 'That sign-in was not started from this tab. Sign in again.';
    } else {
      try {
        this.keep(await this.post('oauth2/token', { grant_type: 'authorization_code', code: params.get('code'),
          redirect_uri: this.settings.redirectUri, code_verifier: request.verifier }));
      } catch (e) {
        this.problem = `Sign-in failed (${e.message}). Sign in again.`;
      }
    }
  }

  async renew() {
    clearTimeout(this.timer);
    try {
      this.keep(await this.post('oauth2/token', { grant_type: 'refresh_token',
        refresh_token: this.tokens.refreshToken }));
      this.emit('token', { token: this.token });
    } catch (e) {
      // A network failure is worth another try while the token still works; a refusal is final.
      if (e.code === 'network' && this.secondsLeft() > RETRY_MS / 1000) {
        this.timer = setTimeout(() => this.renew(), RETRY_MS);
        return;
      }
      this.forget();
      this.emit('ended', { reason: e.code === 'network'
        ? 'You are signed out: the sign-in service could not be reached to renew your sign-in.'
        : 'You are signed out: your sign-in could not be renewed.' });
    }
  }

  /** Renews a little before `exp`: a minute before, or halfway through a token that lasts less than two. */
  schedule() {
    clearTimeout(this.timer);
    const delay = Math.max(0, this.secondsLeft() - this.renewLead()) * 1000;
    this.timer = setTimeout(() => this.renew(), delay);
  }

  renewLead() {
    const { exp, iat } = tokenClaims(this.token) ?? {};
    return typeof exp === 'number' && typeof iat === 'number' ? Math.min(RENEW_BEFORE_S, (exp - iat) / 2) : RENEW_BEFORE_S;
  }

  secondsLeft() {
    const exp = tokenClaims(this.token)?.exp;
    return typeof exp === 'number' ? exp - Date.now() / 1000 : 0;
  }

  /** Keeps the answer of the token endpoint; a refresh answer carries no new refresh token. */
  keep(answer) {
    if (typeof answer.id_token !== 'string' || !tokenClaims(answer.id_token)) throw new TokenError('no_id_token');
    this.tokens = { idToken: answer.id_token, refreshToken: answer.refresh_token ?? this.tokens?.refreshToken };
    writeJson(this.storage, TOKENS_KEY, this.tokens);
    this.schedule();
  }

  forget() {
    this.stop();
    this.tokens = null;
    writeJson(this.storage, TOKENS_KEY, null);
  }

  /** A form-encoded POST to the provider, as its token and revoke endpoints take them (no preflight). */
  async post(path, fields) {
    let response;
    try {
      response = await this.fetcher(`${this.settings.authority}/${path}`, { method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: this.settings.clientId, ...fields }) });
    } catch {
      throw new TokenError('network');
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new TokenError(body.error || `HTTP ${response.status}`, body.error_description);
    return body;
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
