// The protocol engine of the browser client: one WebSocket, one user, any number of rooms.
// It knows nothing of the DOM; the view listens to the events it dispatches (each names its room):
//   status   {state: 'connecting'|'online'|'waiting'|'offline', retryAt?}
//   joined   {room, user, members, count, mood, unread?}
//   members  {room, names, count}  names: the sorted names known online (at most what joined listed, plus presence)
//   messages {room, messages, older, initial}  new messages only, each id delivered once; older: loaded by
//            scrolling up; initial: the first joined's history
//   changed  {room, message}        an edit, a delete or new reaction counts of a message already delivered
//   pending  {room, clientMsgId, text, state, detail?}  state: queued|sending|retrying|acked|failed|done
//   history  {room, loadingOlder, hasOlder}
//   mood     {room, mood}
//   flagged  {room, id, label}
//   typing   {room, user}
//   read     {room, id, unread}   the read marker the gateway keeps for this user
//   problem  {code, message, ref}  an error frame worth showing
//   refused  {room, code, message}  the gateway refused to join that room (the others go on)
//   fatal    {code, message}        the gateway refused the first join (not for a passing reason); the session stops
//   authenticated {user, name, exp} the gateway took this connection's token (token mode)
//   moderated {room, user, action, by, until?}  a moderator acted on someone in the room (this user included)
//   removed  {room, action, until?}  a moderator took this user out of the room (kick, ban, remove): not joined again
//   created  {room, role}            the gateway made the room private, this user its owner (token mode); joining follows
//   granted  {room, user, role}      a grant of this connection took effect (role 'none': the user was removed)
//   grantRefused {room, user, role, code, message}  the gateway refused a grant of this connection

import { normalizeText, textProblem } from './validate.js';

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;
// The gateway keeps idle sockets, but proxies often cut them after 60 s of silence.
const PING_EVERY_MS = 25_000;
const PONG_TIMEOUT_MS = 10_000;
// A send, join or history request that gets no answer was lost on its way (API Gateway drops a
// frame whose integration failed): a send goes again under its clientMsgId, which the gateway
// deduplicates; a join or history without an answer starts over on a new connection.
const ANSWER_TIMEOUT_MS = 10_000;
const PAGE = 50;
const CATCH_UP_PAGE = 200;
// Frames the user never asked for by hand: a gateway that does not know them is not worth an error.
const QUIET_EXTRAS = new Set(['typing', 'read']);

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


/** What the client knows of one room it is in (or wants to be in). */
class RoomState {
  constructor(name) {
    this.name = name;
    this.joined = false;
    this.seen = new Set();        // message ids delivered to the view
    this.newestId = null;         // the catch-up point after a reconnect
    this.oldestId = null;         // where scrolling up continues
    this.hasOlder = false;
    this.loadingOlder = false;
    this.creating = false;        // create(): made private before it is joined
    this.names = new Set();
    this.count = 0;
  }
}

export class ChatClient extends EventTarget {
  /** url: the WebSocket URL, or a function giving it (with the current token) for each connection; token: a function giving the current token, in token mode. */
  constructor({ url, user, guestKey = null, token = null }) {
    super();
    this.url = url;
    this.user = user;
    this.guestKey = guestKey;   // keeps the name ours while we are online (PROTOCOL.md, guest keys)
    this.token = token;
    this.ws = null;
    this.stopped = false;
    this.everJoined = false;
    this.attempt = 0;
    this.reconnectTimer = null;
    this.pingTimer = null;
    this.pongTimer = null;
    this.rooms = new Map();       // room -> RoomState, in the order they were joined
    this.displayNames = new Map(); // user -> display name, where the gateway gave one besides the user (token mode)
    this.joinRequests = [];       // rooms asked for, answered in order on one socket
    this.createRequests = [];     // rooms to be made private before they are joined, answered in order
    this.grantRequests = [];      // {room, user, role}, answered in order on one socket
    this.historyRequests = [];    // {room, kind: 'before' | 'after'}, answered in order on one socket
    this.pending = new Map();     // clientMsgId -> {room, text, state, id?, retryTimer?, attempts}
    this.answerTimer = null;      // runs while a join or history request waits for its answer
    this.unsupported = new Set(); // QUIET_EXTRAS the gateway answered with bad_request
    this.onOnline = () => this.reconnectNow();
    this.onOffline = () => this.dropSocket('offline');
  }

  get online() {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN;
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
    clearTimeout(this.answerTimer);
    for (const p of this.pending.values()) clearTimeout(p.retryTimer);
    this.dropSocket('stopped');
  }

  /** Joins one more room on this connection (now, or as soon as it is open). */
  join(room) {
    if (this.rooms.has(room)) return;
    this.rooms.set(room, new RoomState(room));
    if (this.online) this.sendJoin(room);
  }

  /**
   * Token mode: makes `room` a new private room, this user its owner, then joins it. The join
   * waits for `created`, so it never races the room's new rules; a refusal comes as `refused`.
   */
  create(room) {
    if (this.rooms.has(room)) return;
    const state = new RoomState(room);
    state.creating = true;
    this.rooms.set(room, state);
    if (this.online) this.sendJoin(room);
  }

  /** Token mode: gives `user` a role in `room` (member, moderator) or takes it away (none). */
  grant(room, user, role) {
    if (!this.online) return false;
    this.transmit({ type: 'grant', room, user, role });
    this.grantRequests.push({ room, user, role });
    return true;
  }

  /** Leaves a room; its unsent messages are dropped. */
  leave(room) {
    if (!this.rooms.delete(room)) return;
    this.transmit({ type: 'leave', room });
    for (const [clientMsgId, p] of this.pending) {
      if (p.room === room) this.discard(clientMsgId);
    }
  }

  isJoined(room) {
    return this.rooms.get(room)?.joined ?? false;
  }

  state(room) {
    return this.rooms.get(room);
  }

  // ---- connection ------------------------------------------------------------

  connect() {
    clearTimeout(this.reconnectTimer);
    if (this.stopped) return;
    this.emit('status', { state: 'connecting' });
    let ws;
    try {
      ws = new WebSocket(typeof this.url === 'function' ? this.url() : this.url);
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      // the answer, authenticated, names the user as the gateway shows it
      this.renew();
      for (const room of this.rooms.keys()) this.sendJoin(room);
    };
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

  sendJoin(room) {
    if (this.rooms.get(room)?.creating) {
      if (this.transmit({ type: 'create', room })) {
        this.createRequests.push(room);
        this.awaitAnswer();
      }
      return;
    }
    const frame = { type: 'join', room, user: this.user };
    if (this.guestKey) frame.guestKey = this.guestKey;
    if (this.transmit(frame)) {
      this.joinRequests.push(room);
      this.awaitAnswer();
    }
  }

  /** Starts over on a new connection unless every join and history request is answered in time. */
  awaitAnswer() {
    clearTimeout(this.answerTimer);
    this.answerTimer = setTimeout(() => {
      if (this.waiting()) this.dropSocket('no_answer');
    }, ANSWER_TIMEOUT_MS);
  }

  /** An answer came: the watchdog waits afresh for the requests still open, or stops. */
  answered() {
    if (this.waiting()) this.awaitAnswer();
    else clearTimeout(this.answerTimer);
  }

  waiting() {
    return this.joinRequests.length > 0 || this.historyRequests.length > 0 || this.createRequests.length > 0;
  }

  /** Token mode: hands the current token to the open connection, so it outlives the one it opened with. */
  renew() {
    const token = this.token?.();
    return Boolean(token) && this.transmit({ type: 'auth', token });
  }

  /** Forgets the current socket at once (without waiting for a close handshake) and plans the next one. */
  dropSocket(reason) {
    const ws = this.ws;
    this.ws = null;
    this.joinRequests = [];
    this.createRequests = [];
    this.grantRequests = [];
    this.historyRequests = [];
    clearTimeout(this.answerTimer);
    for (const state of this.rooms.values()) {
      state.joined = false;
      this.setLoadingOlder(state, false);
    }
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
    if (!this.online) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  // ---- frames from the gateway ----------------------------------------------

  handle(frame) {
    if (frame === null || typeof frame !== 'object') return undefined;
    if (frame.type === undefined && typeof frame.message === 'string') return this.onFrontDoorError();
    const state = typeof frame.room === 'string' ? this.rooms.get(frame.room) : undefined;
    switch (frame.type) {
      case 'joined': return this.onJoined(frame);
      case 'ack': return this.onAck(frame);
      case 'history': return this.onHistory(frame);
      case 'error': return this.onError(frame);
      case 'created': return this.onCreated(frame);
      case 'granted': {
        this.grantRequests.shift();
        return this.emit('granted', { room: frame.room, user: frame.user, role: frame.role });
      }
      case 'authenticated':
        this.learnName(frame.user, frame.name);
        return this.emit('authenticated', { user: frame.user, name: frame.name, exp: frame.exp });
      default: break;
    }
    if (!state) return undefined; // pong, left, a room already left, and types a later extension adds
    switch (frame.type) {
      case 'message': return this.deliver(state, [frame], false);
      case 'presence': return this.onPresence(state, frame);
      case 'members':
        state.count = frame.count;
        return this.emitMembers(state);
      case 'mood': return this.emit('mood', { room: state.name, mood: frame.mood });
      case 'flagged': return this.emit('flagged', { room: state.name, id: frame.id, label: frame.label });
      case 'edited':
        return this.emit('changed', { room: state.name, message: { id: frame.id, user: frame.user, text: frame.text,
          sentiment: frame.sentiment, editedTs: frame.editedTs, mentions: frame.mentions ?? [] } });
      case 'deleted': return this.emit('changed', { room: state.name, message: { id: frame.id, deleted: true } });
      case 'reactions':
        return this.emit('changed', { room: state.name, message: { id: frame.id, reactions: frame.reactions ?? {} } });
      case 'read': return this.emit('read', { room: state.name, id: frame.id, unread: frame.unread });
      case 'moderated': return this.onModerated(state, frame);
      case 'typing':
        this.learnName(frame.user, frame.name);
        return frame.user !== this.user && this.emit('typing', { room: state.name, user: frame.user,
          name: this.displayName(frame.user) });
      default: return undefined;
    }
  }

  /**
   * API Gateway's own error frame ({"message": "Internal server error", ...}, no type): a frame of
   * ours was not delivered (its integration failed, or the account was over its rate), and which
   * one it does not say. Starting over on a new connection redoes every join, catches up with
   * history and sends every unacknowledged message again under its clientMsgId.
   */
  onFrontDoorError() {
    this.dropSocket('front_door');
  }

  onJoined(frame) {
    const at = this.joinRequests.indexOf(frame.room);
    if (at >= 0) this.joinRequests.splice(at, 1);
    this.answered();
    const state = this.rooms.get(frame.room);
    if (!state) return;
    // Read before delivering joined.history: after a long absence it starts past a gap.
    const caughtUpTo = state.newestId;
    state.joined = true;
    this.everJoined = true;
    this.attempt = 0;
    this.startHeartbeat();
    this.emit('status', { state: 'online' });
    state.names = new Set(frame.members ?? []);
    state.names.add(this.user);
    for (const [user, name] of Object.entries(frame.names ?? {})) this.learnName(user, name);
    state.count = frame.count ?? state.names.size;
    this.emit('joined', { room: state.name, user: frame.user, members: [...state.names], count: state.count,
      mood: frame.mood, unread: frame.unread });
    this.emitMembers(state);
    const history = frame.history ?? [];
    if (caughtUpTo === null) {
      // joined carries at most 50; a full page means there may be older ones.
      state.hasOlder = history.length >= PAGE;
    }
    this.deliver(state, history, false, caughtUpTo === null);
    if (caughtUpTo !== null) {
      this.requestHistory(state, 'after', caughtUpTo, CATCH_UP_PAGE);
    }
    this.setLoadingOlder(state, false);
    for (const [clientMsgId, p] of this.pending) {
      if (p.room === state.name && (p.state === 'queued' || p.state === 'sending')) this.sendPending(clientMsgId);
    }
  }

  onCreated(frame) {
    const at = this.createRequests.indexOf(frame.room);
    if (at >= 0) this.createRequests.splice(at, 1);
    this.answered();
    const state = this.rooms.get(frame.room);
    if (!state?.creating) return;
    state.creating = false;
    this.emit('created', { room: state.name, role: frame.role });
    this.sendJoin(state.name);
  }

  onAck(frame) {
    const p = this.pending.get(frame.clientMsgId);
    if (!p) return;
    clearTimeout(p.retryTimer);
    if (this.rooms.get(p.room)?.seen.has(frame.id)) {
      this.pending.delete(frame.clientMsgId);
      this.emit('pending', { room: p.room, clientMsgId: frame.clientMsgId, state: 'done', id: frame.id });
    } else {
      p.id = frame.id;
      this.setPending(frame.clientMsgId, 'acked', { id: frame.id, ts: frame.ts });
    }
  }

  onHistory(frame) {
    const request = this.historyRequests.shift();
    this.answered();
    const state = this.rooms.get(frame.room);
    if (!request || !state || request.room !== frame.room) return;
    const messages = frame.messages ?? [];
    if (request.kind === 'before') {
      state.hasOlder = Boolean(frame.more) && messages.length > 0;
      this.deliver(state, messages, true);
      this.setLoadingOlder(state, false);
    } else {
      this.deliver(state, messages, false);
      if (frame.more && messages.length > 0) {
        this.requestHistory(state, 'after', messages[messages.length - 1].id, CATCH_UP_PAGE);
      }
    }
  }

  /** A kick, ban or removal of this user leaves the room for good: a reconnect must not join it again. */
  onModerated(state, frame) {
    this.emit('moderated', { room: state.name, user: frame.user, action: frame.action, by: frame.by, until: frame.until });
    if (frame.user !== this.user || !['kick', 'ban', 'remove'].includes(frame.action)) return;
    this.rooms.delete(state.name);
    for (const [clientMsgId, p] of this.pending) {
      if (p.room === state.name) this.discard(clientMsgId);
    }
    this.emit('removed', { room: state.name, action: frame.action, until: frame.until });
  }

  onPresence(state, frame) {
    this.learnName(frame.user, frame.name);
    if (frame.status === 'online') state.names.add(frame.user);
    if (frame.status === 'offline') state.names.delete(frame.user);
    if (typeof frame.count === 'number') state.count = frame.count;
    this.emitMembers(state);
  }

  onError(frame) {
    const { code, message, ref } = frame;
    const p = ref !== undefined ? this.pending.get(ref) : undefined;
    if (p) return this.onSendError(ref, p, code, message);
    if (code === 'not_member') {
      // Only frames of rooms this client counts as joined go out: the gateway has lost this
      // connection's rooms (its home died behind API Gateway). Start over, as for a send.
      return this.dropSocket('not_member');
    }
    if (ref === 'join' && this.joinRequests.length > 0) {
      if (code === 'unavailable' || code === 'rate_limited') {
        // Passing (a gateway died, the room is moving): join again after a backoff, as after a dropped socket.
        return this.dropSocket(code);
      }
      const room = this.joinRequests.shift();
      this.answered();
      if (!this.everJoined) {
        this.stop();
        return this.emit('fatal', { code, message, room });
      }
      this.rooms.delete(room);
      return this.emit('refused', { room, code, message });
    }
    if (ref === 'create' && this.createRequests.length > 0) {
      if (code === 'unavailable' || code === 'rate_limited') return this.dropSocket(code);
      const room = this.createRequests.shift();
      this.answered();
      this.rooms.delete(room);
      return this.emit('refused', { room, code, message, ref });
    }
    if (ref === 'grant' && this.grantRequests.length > 0) {
      return this.emit('grantRefused', { ...this.grantRequests.shift(), code, message });
    }
    if (code === 'bad_request' && QUIET_EXTRAS.has(ref)) {
      // A gateway without this extension: stop sending it rather than show an error for each.
      this.unsupported.add(ref);
      return undefined;
    }
    if (ref === 'history') {
      const request = this.historyRequests.shift();
      this.answered();
      const state = request && this.rooms.get(request.room);
      if (state && request.kind === 'before') this.setLoadingOlder(state, false);
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
  // Each returns false when it could not go out now (offline, or the room is not joined).

  /** Extension: tells the gateway that message `id` should have been `label`. */
  flag(room, id, label) {
    return this.roomFrame(room, { type: 'flag', id, label });
  }

  edit(room, id, text) {
    return this.roomFrame(room, { type: 'edit', id, text });
  }

  remove(room, id) {
    return this.roomFrame(room, { type: 'delete', id });
  }

  react(room, id, emoji) {
    return this.roomFrame(room, { type: 'react', id, emoji });
  }

  unreact(room, id, emoji) {
    return this.roomFrame(room, { type: 'unreact', id, emoji });
  }

  typing(room) {
    return this.roomFrame(room, { type: 'typing' });
  }

  /** The read marker: everything up to message `id` has been seen. */
  read(room, id) {
    return this.roomFrame(room, { type: 'read', id });
  }

  roomFrame(room, frame) {
    return !this.unsupported.has(frame.type) && this.isJoined(room) && this.transmit({ ...frame, room });
  }

  /** Queues a message; returns null, or a sentence saying why it cannot be sent. */
  send(room, rawText) {
    const problem = textProblem(rawText);
    if (problem) return problem;
    if (!this.rooms.has(room)) return 'Join the room first.';
    const text = normalizeText(rawText);
    const clientMsgId = newClientMsgId();
    this.pending.set(clientMsgId, { room, text, state: 'queued', attempts: 0, createdAt: Date.now() });
    this.emit('pending', { room, clientMsgId, text, state: 'queued', createdAt: Date.now() });
    this.sendPending(clientMsgId);
    return null;
  }

  /** Gives up on a failed message. */
  discard(clientMsgId) {
    const p = this.pending.get(clientMsgId);
    if (!p) return;
    clearTimeout(p.retryTimer);
    this.pending.delete(clientMsgId);
    this.emit('pending', { room: p.room, clientMsgId, state: 'done' });
  }

  /** Sends a failed or waiting message again now. */
  retry(clientMsgId) {
    const p = this.pending.get(clientMsgId);
    if (!p) return;
    clearTimeout(p.retryTimer);
    this.sendPending(clientMsgId);
  }

  loadOlder(room) {
    const state = this.rooms.get(room);
    if (!state || !state.joined || !state.hasOlder || state.loadingOlder || state.oldestId === null) return;
    this.setLoadingOlder(state, true);
    this.requestHistory(state, 'before', state.oldestId, PAGE);
  }

  // ---- internals ---------------------------------------------------------------

  sendPending(clientMsgId) {
    const p = this.pending.get(clientMsgId);
    if (!p || p.state === 'acked') return;
    const sent = this.isJoined(p.room) && this.transmit({ type: 'send', room: p.room, text: p.text, clientMsgId });
    this.setPending(clientMsgId, sent ? 'sending' : 'queued');
    if (sent) {
      // No ack, no error: the frame was lost on its way. The same clientMsgId again is safe.
      clearTimeout(p.retryTimer);
      p.retryTimer = setTimeout(() => {
        if (this.pending.get(clientMsgId)?.state === 'sending') this.sendPending(clientMsgId);
      }, ANSWER_TIMEOUT_MS);
    }
  }

  setPending(clientMsgId, state, detail = {}) {
    const p = this.pending.get(clientMsgId);
    if (!p) return;
    p.state = state;
    this.emit('pending', { room: p.room, clientMsgId, text: p.text, state, ...detail });
  }

  requestHistory(state, kind, id, limit) {
    const frame = { type: 'history', room: state.name, limit };
    frame[kind] = id;
    if (this.transmit(frame)) {
      this.historyRequests.push({ room: state.name, kind });
      this.awaitAnswer();
    } else if (kind === 'before') this.setLoadingOlder(state, false);
  }

  setLoadingOlder(state, loading) {
    state.loadingOlder = loading;
    this.emit('history', { room: state.name, loadingOlder: loading, hasOlder: state.hasOlder });
  }

  /** `initial`: the history of the first `joined`, there before this window came. */
  deliver(state, messages, older, initial = false) {
    const fresh = [];
    for (const m of messages) {
      if (!m || typeof m.id !== 'string' || state.seen.has(m.id)) continue;
      state.seen.add(m.id);
      if (state.newestId === null || m.id > state.newestId) state.newestId = m.id;
      if (state.oldestId === null || m.id < state.oldestId) state.oldestId = m.id;
      fresh.push(m);
      this.learnName(m.user, m.name);
      if (m.user === this.user && m.clientMsgId && this.pending.has(m.clientMsgId)) {
        clearTimeout(this.pending.get(m.clientMsgId).retryTimer);
        this.pending.delete(m.clientMsgId);
        this.emit('pending', { room: state.name, clientMsgId: m.clientMsgId, state: 'done', id: m.id });
      }
    }
    if (fresh.length > 0) this.emit('messages', { room: state.name, messages: fresh, older, initial });
  }

  /**
   * What to show for a user: the display name the gateway gave (PROTOCOL.md, "Extensions: display
   * names"; token mode), else the user itself. Identity checks compare users, never these.
   */
  displayName(user) {
    return this.displayNames.get(user) ?? user;
  }

  learnName(user, name) {
    if (typeof user === 'string' && typeof name === 'string' && name !== '' && name !== user) {
      this.displayNames.set(user, name);
    }
  }

  emitMembers(state) {
    this.emit('members', { room: state.name, names: [...state.names].sort(),
      count: Math.max(state.count, state.names.size) });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
