// Where the client finds its servers. A deployment puts config.json beside index.html
// ({"webSocketUrl": "wss://...", "apiBaseUrl": "https://...", "auth": {...}}); without it (the
// gateway serving its own client) both are this page's origin and there is no sign-in page.

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/** Reads config.json next to the page; any failure (404, bad JSON, offline) means "same origin". */
export async function loadConfig(location = globalThis.location, fetcher = globalThis.fetch) {
  let file = {};
  try {
    const response = await fetcher(new URL('config.json', location.href), { cache: 'no-store' });
    if (response.ok) file = await response.json();
  } catch {
    file = {};
  }
  return resolveConfig(file, location);
}

/** The effective settings from config.json's fields, falling back to the page's own origin. */
export function resolveConfig(file, location) {
  const sameOriginWs = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  let webSocketUrl = validUrl(file?.webSocketUrl, ['ws:', 'wss:']) ?? sameOriginWs;
  // ?ws= overrides it only on a loopback page, for development.
  const override = new URLSearchParams(location.search).get('ws');
  if (override && LOOPBACK.includes(location.hostname)) webSocketUrl = override;
  const api = validUrl(file?.apiBaseUrl, ['http:', 'https:']) ?? new URL('./', location.href).href;
  return { webSocketUrl, apiBaseUrl: api.endsWith('/') ? api : `${api}/`, auth: signInSettings(file?.auth, location) };
}

/**
 * config.json's `auth` ({"mode": "token", "authority", "clientId", "scopes"?, "redirectUri"?}): the
 * sign-in provider (Cognito's hosted UI) the page sends users to; null (no sign-in) when incomplete.
 */
export function signInSettings(auth, location) {
  if (auth?.mode !== 'token' || typeof auth.clientId !== 'string' || auth.clientId === '') return null;
  const authority = validUrl(auth.authority, ['https:', 'http:']);
  if (!authority) return null;
  const page = new URL(location.href);
  page.search = '';
  page.hash = '';
  // /index.html and / are one page: one callback URL to register
  page.pathname = page.pathname.replace(/\/index\.html$/, '/');
  return {
    authority: authority.replace(/\/+$/, ''),
    clientId: auth.clientId,
    scopes: typeof auth.scopes === 'string' && auth.scopes.trim() !== '' ? auth.scopes.trim() : 'openid profile email',
    redirectUri: validUrl(auth.redirectUri, ['https:', 'http:']) ?? page.href,
  };
}

/**
 * The WebSocket URL for one user: API Gateway's $connect reads the user from the query string; a
 * gateway in token mode reads the token there (browsers cannot set headers on a WebSocket).
 */
export function socketUrl(webSocketUrl, user, token = null) {
  const url = new URL(webSocketUrl);
  url.searchParams.set('user', user);
  if (token) url.searchParams.set('token', token);
  return url.href;
}

/**
 * A token handed to the page in its fragment (`#token=<jwt>`, as a sign-in page or the gateway's
 * `token` command can link to), kept for this tab's session and taken out of the address bar.
 */
export function takeToken(location = globalThis.location, storage = globalThis.sessionStorage,
                          history = globalThis.history) {
  const KEY = 'pulsechat.token';
  const hash = location.hash.slice(1);
  if (hash.startsWith('token=')) {
    const token = decodeURIComponent(hash.slice('token='.length));
    try {
      storage.setItem(KEY, token);
    } catch {
      // private mode: the token lasts as long as the page
    }
    history.replaceState(null, '', location.pathname + location.search);
    return tokenUser(token) ? token : null;
  }
  try {
    const kept = storage.getItem(KEY);
    return kept && tokenUser(kept) ? kept : null;
  } catch {
    return null;
  }
}

/** The user a token names (its `sub`), read without checking it: the gateway checks it. */
export function tokenUser(token) {
  const sub = tokenClaims(token)?.sub;
  return typeof sub === 'string' && sub !== '' ? sub : null;
}

/** A JWT's claims, read without checking the signature (the gateway checks it); null when it is no JWT. */
export function tokenClaims(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), c => c.charCodeAt(0))));
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

function validUrl(value, protocols) {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
