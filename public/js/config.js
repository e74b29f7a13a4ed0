// Where the client finds its servers. A deployment puts config.json beside index.html
// ({"webSocketUrl": "wss://...", "apiBaseUrl": "https://..."}); without it (the gateway serving
// its own client) both are this page's origin.

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
  return { webSocketUrl, apiBaseUrl: api.endsWith('/') ? api : `${api}/` };
}

/** The WebSocket URL for one user: API Gateway's $connect reads the user from the query string. */
export function socketUrl(webSocketUrl, user) {
  const url = new URL(webSocketUrl);
  url.searchParams.set('user', user);
  return url.href;
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
