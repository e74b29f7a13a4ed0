// A room's owner-and-moderator routes of the HTTP API (PROTOCOL.md, "Extensions: rooms and
// moderation"), with the page's token. Answers never throw: a refusal or a lost network is a
// result the caller shows.

export class RoomApi {
  /** apiBaseUrl: where /api/... lives (config.json or the page's origin); headers: the Authorization header. */
  constructor(apiBaseUrl, headers) {
    this.apiBaseUrl = apiBaseUrl;
    this.headers = headers;
  }

  /** Whether there is a token to ask with: without one these routes do not exist. */
  get signedIn() {
    return Boolean(this.headers.Authorization);
  }

  url(room, path) {
    return new URL(`api/rooms/${encodeURIComponent(room)}/${path}`, this.apiBaseUrl);
  }

  /** The JSON of GET /api/rooms/{room}/{path}, or null when refused or offline. */
  async get(room, path) {
    try {
      const response = await fetch(this.url(room, path), { headers: this.headers });
      return response.ok ? await response.json() : null;
    } catch {
      return null;
    }
  }

  /** POSTs body as JSON: {ok, answer} (the gateway's JSON, {code, message} when refused); ok null when offline. */
  async post(room, path, body) {
    try {
      const response = await fetch(this.url(room, path), { method: 'POST',
        headers: { ...this.headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return { ok: response.ok, answer: await response.json().catch(() => ({ message: String(response.status) })) };
    } catch {
      return { ok: null, answer: {} };
    }
  }
}
