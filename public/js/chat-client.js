// The protocol engine of the browser client: one WebSocket, one user, one room.
// It knows nothing of the DOM; the view listens to the events it dispatches:
//   status   {state: 'connecting'|'online'|'waiting'|'offline', retryAt?}
//   joined   {user, members, count, mood}
//   members  {names, count}       names: the sorted names known online (at most what joined listed, plus presence)
//   messages {messages, older}    new messages only, each id delivered once; older: loaded by scrolling up
//   pending  {clientMsgId, text, state, detail?}  state: queued|sending|retrying|acked|failed|done
//   history  {loadingOlder, hasOlder}
//   mood     {mood}
//   problem  {code, message, ref}  an error frame worth showing
//   fatal    {code, message}        the gateway refused the join (not for a passing reason); the session stops

import { normalizeText, textProblem } from './validate.js';

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
// The gateway keeps idle sockets, but proxies often cut them after 60 s of silence.
const PING_EVERY_MS = 25_000;
const PONG_TIMEOUT_MS = 10_000;
const PAGE = 50;
const CATCH_UP_PAGE = 200;

/** Exponential backoff with "equal jitter": half fixed, half random, so clients spread out. */
export function backoffDelay(attempt, base = BACKOFF_BASE_MS, cap = BACKOFF_CAP_MS) {
  const ceiling = Math.min(cap, base * 2 ** attempt);
  return Math.round(ceiling / 2 + Math.random() * ceiling / 2);
}

export function newClientMsgId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  // randomUUID needs a secure context; plain http on a LAN address is not one.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}

export class ChatClient extends EventTarget {
  constructor({ url, user, room, guestKey = null }) {
    super();
    this.url = url;
    this.user = user;
    this.room = room;
    this.guestKey = guestKey;   // keeps the name ours while we are online (PROTOCOL.md, guest keys)
    this.ws = null;
    this.joined = false;
    this.stopped = false;
    this.attempt = 0;
    this.reconnectTimer = null;
    this.pingTimer = null;
    this.pongTimer = null;
    this.seen = new Set();        // message ids delivered to the view
    this.newestId = null;         // the catch-up point after a reconnect
    this.oldestId = null;         // where scrolling up continues
    this.hasOlder = false;
    this.loadingOlder = false;
    this.historyRequests = [];    // 'before' | 'after', answered in order on one socket
    this.pending = new Map();     // clientMsgId -> {text, state, id?, retryTimer?, attempts}
    this.names = new Set();
    this.count = 0;
    this.onOnline = () => this.reconnectNow();
    this.onOffline = () => this.dropSocket('offline');
  }

  start() {
    addEventListener('online', this.onOnline);
    addEventListener('offline', this.onOffline);
    this.connect();
  }

  stop() {
    this.stopped = true;
    removeEventListener('online', this.onOnline);
    removeEventListener('offline', this.onOffline);
    clearTimeout(this.reconnectTimer);
    for (const p of this.pending.values()) clearTimeout(p.retryTimer);
    this.dropSocket('stopped');
  }

  // ---- connection ------------------------------------------------------------

  connect() {
    clearTimeout(this.reconnectTimer);
    if (this.stopped) return;
    this.emit('status', { state: 'connecting' });
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => this.transmit(this.guestKey
      ? { type: 'join', room: this.room, user: this.user, guestKey: this.guestKey }
      : { type: 'join', room: this.room, user: this.user });
    ws.onmessage = event => {
      this.alive();
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      this.handle(frame);
    };
    ws.onclose = () => {
      if (this.ws === ws) {
        this.dropSocket('closed');
      }
    };
  }

  /** Forgets the current socket at once (without waiting for a close handshake) and plans the next one. */
  dropSocket(reason) {
    const ws = this.ws;
    this.ws = null;
    this.joined = false;
    this.historyRequests = [];
    this.setLoadingOlder(false);
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close();
      } catch {
        // already closing
      }
    }
    for (const [clientMsgId, p] of this.pending) {
      if (p.state === 'sending') this.setPending(clientMsgId, 'queued');
    }
    if (this.stopped) return;
    if (reason === 'offline' || navigator.onLine === false) {
      this.emit('status', { state: 'offline' });
    }
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    clearTimeout(this.reconnectTimer);
    const delay = backoffDelay(this.attempt++);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
    if (navigator.onLine !== false) {
      this.emit('status', { state: 'waiting', retryAt: Date.now() + delay });
    }
  }

  reconnectNow() {
    if (this.stopped || this.ws) return;
    this.attempt = 0;
    this.connect();
  }

  alive() {
    clearTimeout(this.pongTimer);
    this.pongTimer = null;
  }

  startHeartbeat() {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (!this.transmit({ type: 'ping' }) || this.pongTimer) return;
      this.pongTimer = setTimeout(() => this.dropSocket('silent'), PONG_TIMEOUT_MS);
    }, PING_EVERY_MS);
  }

  transmit(frame) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  // ---- frames from the gateway ----------------------------------------------

  handle(frame) {
    switch (frame.type) {
      case 'joined': return this.onJoined(frame);
      case 'message': return this.onMessage(frame);
      case 'ack': return this.onAck(frame);
      case 'history': return this.onHistory(frame);
      case 'presence': return this.onPresence(frame);
      case 'members': return this.onMembers(frame);
      case 'mood': return frame.room === this.room && this.emit('mood', { mood: frame.mood });
      case 'flagged': return frame.room === this.room && this.emit('flagged', { id: frame.id, label: frame.label });
      case 'error': return this.onError(frame);
      default: return undefined; // pong, left, and types a later protocol extension adds
    }
  }

  onJoined(frame) {
    if (frame.room !== this.room) return;
    // Read before delivering joined.history: after a long absence it starts past a gap.
    const caughtUpTo = this.newestId;
    this.joined = true;
    this.attempt = 0;
    this.startHeartbeat();
    this.emit('status', { state: 'online' });
    this.names = new Set(frame.members ?? []);
    this.names.add(this.user);
    this.count = frame.count ?? this.names.size;
    this.emit('joined', { user: frame.user, members: [...this.names], count: this.count, mood: frame.mood });
    this.emitMembers();
    const history = frame.history ?? [];
    if (caughtUpTo === null) {
      // joined carries at most 50; a full page means there may be older ones.
      this.hasOlder = history.length >= PAGE;
    }
    this.deliver(history, false);
    if (caughtUpTo !== null) {
      this.requestHistory('after', caughtUpTo, CATCH_UP_PAGE);
    }
    this.setLoadingOlder(false);
    for (const [clientMsgId, p] of this.pending) {
      if (p.state === 'queued' || p.state === 'sending') this.sendPending(clientMsgId);
    }
  }

  onMessage(frame) {
    if (frame.room !== this.room) return;
    this.deliver([frame], false);
  }

  onAck(frame) {
    const p = this.pending.get(frame.clientMsgId);
    if (!p) return;
    clearTimeout(p.retryTimer);
    if (this.seen.has(frame.id)) {
      this.pending.delete(frame.clientMsgId);
      this.emit('pending', { clientMsgId: frame.clientMsgId, state: 'done', id: frame.id });
    } else {
      p.id = frame.id;
      this.setPending(frame.clientMsgId, 'acked', { id: frame.id, ts: frame.ts });
    }
  }

  onHistory(frame) {
    const kind = this.historyRequests.shift();
    const messages = frame.messages ?? [];
    if (kind === 'before') {
      this.hasOlder = Boolean(frame.more) && messages.length > 0;
      this.deliver(messages, true);
      this.setLoadingOlder(false);
    } else if (kind === 'after') {
      this.deliver(messages, false);
      if (frame.more && messages.length > 0) {
        this.requestHistory('after', messages[messages.length - 1].id, CATCH_UP_PAGE);
      }
    }
  }

  onPresence(frame) {
    if (frame.room !== this.room) return;
    if (frame.status === 'online') this.names.add(frame.user);
    if (frame.status === 'offline') this.names.delete(frame.user);
    if (typeof frame.count === 'number') this.count = frame.count;
    this.emitMembers();
  }

  onMembers(frame) {
    if (frame.room !== this.room) return;
    this.count = frame.count;
    this.emitMembers();
  }

  onError(frame) {
    const { code, message, ref } = frame;
    const p = ref !== undefined ? this.pending.get(ref) : undefined;
    if (p) return this.onSendError(ref, p, code, message);
    if (ref === 'join' && !this.joined && (code === 'unavailable' || code === 'rate_limited')) {
      // Passing (a gateway died, the room is moving): try again later, as after a dropped socket.
      return this.dropSocket(code);
    }
    if (ref === 'join' && !this.joined) {
      this.stop();
      return this.emit('fatal', { code, message });
    }
    if (ref === 'history') {
      const kind = this.historyRequests.shift();
      if (kind === 'before') this.setLoadingOlder(false);
    }
    this.emit('problem', { code, message, ref });
    return undefined;
  }

  onSendError(clientMsgId, p, code, message) {
    switch (code) {
      case 'rate_limited':
      case 'unavailable': {
        // Nothing was stored: the same clientMsgId goes again later.
        const delay = backoffDelay(p.attempts++, code === 'rate_limited' ? 1000 : 2000);
        this.setPending(clientMsgId, 'retrying', { code, retryAt: Date.now() + delay });
        clearTimeout(p.retryTimer);
        p.retryTimer = setTimeout(() => this.sendPending(clientMsgId), delay);
        break;
      }
      case 'not_member':
        // The gateway no longer counts this socket in the room: start over, the message stays queued.
        this.setPending(clientMsgId, 'queued');
        this.dropSocket('not_member');
        break;
      default:
        this.setPending(clientMsgId, 'failed', { code, message });
    }
    this.emit('problem', { code, message, ref: clientMsgId });
  }

  // ---- requests from the view ------------------------------------------------

  /** Extension: tells the gateway that message `id` should have been `label`; false when offline. */
  flag(id, label) {
    return this.transmit({ type: 'flag', room: this.room, id, label });
  }

  /** Queues a message; returns null, or a sentence saying why it cannot be sent. */
  send(rawText) {
    const problem = textProblem(rawText);
    if (problem) return problem;
    const text = normalizeText(rawText);
    const clientMsgId = newClientMsgId();
    this.pending.set(clientMsgId, { text, state: 'queued', attempts: 0, createdAt: Date.now() });
    this.emit('pending', { clientMsgId, text, state: 'queued', createdAt: Date.now() });
    this.sendPending(clientMsgId);
    return null;
  }

  /** Gives up on a failed message. */
  discard(clientMsgId) {
    const p = this.pending.get(clientMsgId);
    if (!p) return;
    clearTimeout(p.retryTimer);
    this.pending.delete(clientMsgId);
    this.emit('pending', { clientMsgId, state: 'done' });
  }

  /** Sends a failed or waiting message again now. */
  retry(clientMsgId) {
    const p = this.pending.get(clientMsgId);
    if (!p) return;
    clearTimeout(p.retryTimer);
    this.sendPending(clientMsgId);
  }

  loadOlder() {
    if (!this.joined || !this.hasOlder || this.loadingOlder || this.oldestId === null) return;
    this.setLoadingOlder(true);
    this.requestHistory('before', this.oldestId, PAGE);
  }

  // ---- internals ---------------------------------------------------------------

  sendPending(clientMsgId) {
    const p = this.pending.get(clientMsgId);
    if (!p || p.state === 'acked') return;
    const sent = this.joined && this.transmit({ type: 'send', room: this.room, text: p.text, clientMsgId });
    this.setPending(clientMsgId, sent ? 'sending' : 'queued');
  }

  setPending(clientMsgId, state, detail = {}) {
    const p = this.pending.get(clientMsgId);
    if (!p) return;
    p.state = state;
    this.emit('pending', { clientMsgId, text: p.text, state, ...detail });
  }

  requestHistory(direction, id, limit) {
    const frame = { type: 'history', room: this.room, limit };
    frame[direction] = id;
    if (this.transmit(frame)) this.historyRequests.push(direction);
    else if (direction === 'before') this.setLoadingOlder(false);
  }

  setLoadingOlder(loading) {
    this.loadingOlder = loading;
    this.emit('history', { loadingOlder: loading, hasOlder: this.hasOlder });
  }

  deliver(messages, older) {
    const fresh = [];
    for (const m of messages) {
      if (!m || typeof m.id !== 'string' || this.seen.has(m.id)) continue;
      this.seen.add(m.id);
      if (this.newestId === null || m.id > this.newestId) this.newestId = m.id;
      if (this.oldestId === null || m.id < this.oldestId) this.oldestId = m.id;
      fresh.push(m);
      if (m.user === this.user && m.clientMsgId && this.pending.has(m.clientMsgId)) {
        clearTimeout(this.pending.get(m.clientMsgId).retryTimer);
        this.pending.delete(m.clientMsgId);
        this.emit('pending', { clientMsgId: m.clientMsgId, state: 'done', id: m.id });
      }
    }
    if (fresh.length > 0) this.emit('messages', { messages: fresh, older });
  }

  emitMembers() {
    this.emit('members', { names: [...this.names].sort(), count: Math.max(this.count, this.names.size) });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
