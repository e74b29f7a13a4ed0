import { ChatClient } from './chat-client.js';
import {
  avatar, el, mentions, messageEl, pendingEl, problemText, sentimentLegendEl, showReactions, updateMessageEl,
  updatePendingEl,
} from './render.js';
import { MoodChart } from './mood-chart.js';
import { MoodView } from './mood-view.js';
import { Drawer } from './panel.js';
import { RoomList, titleFor } from './rooms.js';
import { Notifier } from './notify.js';
import { FlagMemory, showFlag, wireMessageMenus } from './message-menu.js';
import { TypingView } from './typing.js';
import { ModerationPanel } from './moderation.js';
import { RoomApi } from './room-api.js';
import { RoomMembers } from './room-members.js';
import { loadConfig, socketUrl, takeToken, tokenUser } from './config.js';
import { SignIn } from './sign-in.js';
import { AccountView } from './account.js';
import { codePoints, MAX_TEXT_CHARS, normalizeText, roomFromLocation, roomProblem, safeDecode, userProblem } from './validate.js';

const NAME_KEY = 'pulsechat.user';
const GUEST_KEY = 'pulsechat.guestKey';
const ROOM_KEY = 'pulsechat.room';
const ROOMS_KEY = 'pulsechat.rooms';
const NEAR_EDGE_PX = 80;
const TYPING_EVERY_MS = 3000;
const READ_EVERY_MS = 1000;

const $ = id => document.getElementById(id);
const ui = {
  joinScreen: $('join-screen'), joinForm: $('join-form'), joinUser: $('join-user'), joinRoom: $('join-room'),
  joinError: $('join-error'), chat: $('chat'), roomName: $('room-name'), conn: $('conn-status'),
  retryNow: $('retry-now'), membersToggle: $('members-toggle'), memberCount: $('member-count'),
  switchRoom: $('switch-room'), scroller: $('scroller'), olderStatus: $('older-status'),
  jump: $('jump'), banner: $('banner'), composer: $('composer'), text: $('text'), legendSlot: $('legend-slot'),
  counter: $('counter'), send: $('send'), membersPanel: $('members-panel'), membersTotal: $('members-total'),
  members: $('members'), membersMore: $('members-more'), totalUnread: $('total-unread'),
  roomForm: $('room-form'), roomAdd: $('room-add'), roomFormError: $('room-form-error'),
  joinPrivate: $('join-private'), roomAddPrivate: $('room-add-private'),
};

const config = await loadConfig();
// Token mode: a signed token names the user (from the sign-in page config.json names, or the
// address's #token=); open mode: a guest key keeps the chosen name ours.
const signIn = config.auth ? new SignIn(config.auth) : null;
const account = signIn ? new AccountView(signIn) : null;
let token = signIn ? await signIn.start() : takeToken();
// shared with the views that call /api/*: a renewed token reaches them all
const apiHeaders = token ? { Authorization: `Bearer ${token}` } : {};
let client = null;
let active = null;              // the room on screen
const views = new Map();        // room -> RoomView
const moodChart = new MoodChart($('mood-chart'), $('mood-chart-empty'), config.apiBaseUrl, apiHeaders);
const moodView = new MoodView($('mood'), $('mood-caption'));
const flags = new FlagMemory();
const notifier = new Notifier($('notify-enable'));
const typingView = new TypingView($('typing'));
const drawer = new Drawer({ panel: ui.membersPanel, toggle: ui.membersToggle, close: $('panel-close'),
  backdrop: $('panel-backdrop'), onOpen: () => roomList.refresh() });
const roomList = new RoomList({ list: $('rooms'), publicList: $('public-rooms'), apiBaseUrl: config.apiBaseUrl,
  headers: apiHeaders, on: { open: room => openRoom(room), leave: room => leaveRoom(room), join: room => joinRoom(room) } });
// Owners and moderators (token mode) get the room's mood alerts with the actions at hand.
const roomApi = new RoomApi(config.apiBaseUrl, apiHeaders);
const moderation = new ModerationPanel(ui.membersPanel, roomApi);
// ...and, in token mode, who the room's rules name (changed by grant frames on the page's connection).
const roomMembers = new RoomMembers(ui.membersPanel, { api: roomApi,
  grant: (room, user, role) => client?.grant(room, user, role) ?? false, nameOf: user => client?.displayName(user) ?? user });
let bannerTimer = null;
let statusTimer = null;
let lastTyping = 0;

/** What the window keeps of one room while another is on screen. */
class RoomView {
  constructor(room) {
    this.room = room;
    this.list = el('ol', { class: 'messages', 'aria-label': `Messages in #${room}`, 'aria-live': 'polite' });
    this.pending = el('ol', { class: 'messages', 'aria-label': 'Messages not confirmed yet' });
    this.legend = sentimentLegendEl();
    this.mood = null;
    this.members = { names: [], count: 0 };
    this.serverUnread = undefined;  // joined's unread, for messages before this window opened
    this.sentRead = null;      // the last read marker sent
    this.readTimer = null;
    this.unseen = [];          // ids that arrived while the room was not looked at: the unread count
    this.scrollTop = null;
  }
}

function stored(key) {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

function store(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // private mode: remembered for this page only
  }
}

/** This browser's guest key: made once, kept in localStorage, sent with every join. */
function guestKey() {
  let key = stored(GUEST_KEY);
  if (!/^[\x21-\x7e]{16,128}$/.test(key)) {
    key = Array.from(crypto.getRandomValues(new Uint8Array(24)), b => b.toString(16).padStart(2, '0')).join('');
    store(GUEST_KEY, key);
  }
  return key;
}

function rememberedRooms() {
  try {
    const rooms = JSON.parse(stored(ROOMS_KEY) || '[]');
    return Array.isArray(rooms) ? rooms.filter(r => typeof r === 'string' && roomProblem(r) === null).slice(0, 20) : [];
  } catch {
    return [];
  }
}

function rememberRooms() {
  store(ROOMS_KEY, JSON.stringify(roomList.names()));
  if (active) store(ROOM_KEY, active);
}

// ---- join screen --------------------------------------------------------------

function showJoin(error = '') {
  moderation.hide();
  roomMembers.hide();
  // only a token proves who owns a room: in open mode every room is public
  $('join-private-choice').hidden = !token;
  ui.chat.hidden = true;
  ui.joinScreen.hidden = false;
  ui.joinError.textContent = error;
  if (token) {
    // The token says who we are; the gateway refuses a join under any other name.
    ui.joinUser.value = tokenUser(token);
    ui.joinUser.readOnly = true;
  }
  ui.joinUser.value ||= stored(NAME_KEY);
  ui.joinRoom.value ||= roomFromLocation(location) ?? (stored(ROOM_KEY) || 'lobby');
  (ui.joinUser.value ? ui.joinRoom : ui.joinUser).focus();
}

ui.joinForm.addEventListener('submit', event => {
  event.preventDefault();
  const user = ui.joinUser.value.trim();
  const room = ui.joinRoom.value.trim();
  // A token's sub may be longer than a chosen name (up to 64 characters); the gateway checks it.
  const nameProblem = token ? null : userProblem(user);
  const problem = nameProblem ?? roomProblem(room);
  ui.joinUser.setAttribute('aria-invalid', String(nameProblem !== null));
  ui.joinRoom.setAttribute('aria-invalid', String(roomProblem(room) !== null));
  if (problem) {
    ui.joinError.textContent = problem;
    return;
  }
  enter(user, room, Boolean(token) && ui.joinPrivate.checked);
});

ui.switchRoom.addEventListener('click', () => {
  stopClient();
  showJoin();
});

function stopClient() {
  client?.stop();
  client = null;
  roomList.stop();
  for (const room of roomList.names()) roomList.remove(room);
  views.clear();
  active = null;
}

// ---- chat screen --------------------------------------------------------------

/**
 * Starts the connection as `user`, in `room` and the rooms this browser was in before;
 * makePrivate: `room` is made a new private room, this user its owner, before it is joined.
 */
function enter(user, room, makePrivate = false) {
  stopClient();
  // the rooms this browser was in come back for the same name only
  const others = user === stored(NAME_KEY) ? rememberedRooms().filter(r => r !== room) : [];
  store(NAME_KEY, user);
  ui.joinScreen.hidden = true;
  ui.chat.hidden = false;
  client = new ChatClient({ url: () => socketUrl(config.webSocketUrl, user, token), user,
    guestKey: token ? null : guestKey(), token: () => token });
  wire(client);
  for (const other of others) addRoom(other);
  addRoom(room, makePrivate);
  openRoom(room);
  $('room-add-private-choice').hidden = !token;
  client.start();
  roomList.startRefreshing();
  ui.text.focus();
}

function addRoom(room, makePrivate = false) {
  if (views.has(room)) return;
  views.set(room, new RoomView(room));
  roomList.add(room);
  if (makePrivate) client.create(room);
  else client.join(room);
  rememberRooms();
}

/** Joins a room from the list or the form (makePrivate: as a new private room) and shows it. */
function joinRoom(room, makePrivate = false) {
  if (!client) return;
  addRoom(room, makePrivate);
  openRoom(room);
}

function leaveRoom(room) {
  if (!client || !views.has(room)) return;
  client.leave(room);
  views.delete(room);
  roomList.remove(room);
  typingView.forget(room);
  rememberRooms();
  if (active === room) {
    const next = roomList.names()[0];
    if (next) openRoom(next);
    else {
      stopClient();
      showJoin('You left your last room. Pick one to join.');
    }
  }
  roomList.refresh();
}

/** Puts a room on screen: its messages, members, mood and chart. */
function openRoom(room) {
  const view = views.get(room);
  if (!view) return;
  const before = views.get(active);
  if (before && before !== view) before.scrollTop = ui.scroller.scrollTop;
  active = room;
  // the address names the room on screen, once the drawer's own history entry is gone
  drawer.close().then(() => {
    if (active === room && safeDecode(location.hash.slice(1)) !== room) history.replaceState(history.state, '', `#${room}`);
  });
  ui.roomName.textContent = room;
  for (const [id, node] of [['messages', view.list], ['pending', view.pending]]) {
    const current = $(id);
    if (current !== node) {
      current.removeAttribute('id');
      node.id = id;
      current.replaceWith(node);
    }
  }
  ui.legendSlot.replaceChildren(view.legend);
  moodView.show(view.mood);
  moodChart.show(room);
  showRoomTools(room);
  showMembers(view.members);
  typingView.show(room);
  roomList.setActive(room);
  updateTitle();
  showHistoryState();
  if (view.scrollTop === null) scrollToBottom();
  else ui.scroller.scrollTop = view.scrollTop;
  markRead(view);
  rememberRooms();
}

/** The moderation panel and the members section, for a room the user owns or moderates. */
function showRoomTools(room) {
  roomMembers.hide();
  moderation.show(room).then(() => {
    if (room === active && moderation.active) roomMembers.show(room);
  });
}

function wire(c) {
  c.addEventListener('status', e => showStatus(e.detail));
  c.addEventListener('joined', e => onJoined(e.detail));
  c.addEventListener('mood', e => {
    const view = views.get(e.detail.room);
    if (!view) return;
    view.mood = e.detail.mood;
    if (e.detail.room === active) {
      moodView.show(view.mood);
      moodChart.changed();
    }
  });
  c.addEventListener('flagged', e => {
    flags.set(e.detail.room, e.detail.id, e.detail.label);
    const row = views.get(e.detail.room)?.list.querySelector(`li.msg[data-id="${CSS.escape(e.detail.id)}"]`);
    if (row) showFlag(row, e.detail.label);
  });
  c.addEventListener('members', e => {
    const view = views.get(e.detail.room);
    if (!view) return;
    view.members = e.detail;
    if (e.detail.room === active) showMembers(view.members);
  });
  c.addEventListener('messages', e => showMessages(e.detail));
  c.addEventListener('changed', e => showChange(e.detail));
  c.addEventListener('typing', e => typingView.typing(e.detail.room, e.detail.user, e.detail.name));
  c.addEventListener('pending', e => showPending(e.detail));
  c.addEventListener('history', e => {
    if (e.detail.room === active) showHistoryState();
  });
  c.addEventListener('problem', e => showBanner(problemText(e.detail.code, e.detail.message)));
  c.addEventListener('refused', e => {
    const { room, code, message, ref } = e.detail;
    views.delete(room);
    roomList.remove(room);
    rememberRooms();
    const why = ref !== 'create' ? `Could not join #${room}: ${problemText(code, message)}`
      : code === 'forbidden' ? `Could not make #${room} private: it is already someone else's private room, or `
        + 'it already has messages. Pick a new name.'
        : `Could not make #${room} private: ${problemText(code, message)}`;
    if (ref === 'create' && roomList.names().length === 0) {
      stopClient();
      showJoin(why);
      return;
    }
    showBanner(why);
    if (active === room && roomList.names().length > 0) openRoom(roomList.names()[0]);
  });
  c.addEventListener('created', e => {
    showBanner(`#${e.detail.room} is private: only you and the people you add under Members can join it.`);
    if (e.detail.room === active) showRoomTools(active);
  });
  c.addEventListener('granted', e => roomMembers.granted(e.detail));
  c.addEventListener('moderated', e => roomMembers.moderated(e.detail.room));
  c.addEventListener('grantRefused', e => roomMembers.refused(e.detail));
  c.addEventListener('authenticated', e => account?.signedIn(e.detail.name));
  c.addEventListener('removed', e => {
    const { room, action, until } = e.detail;
    const why = action === 'ban'
      ? `You are banned from #${room}${until ? ` until ${new Date(until).toLocaleString()}` : ''}.`
      : `A moderator removed you from #${room}.${action === 'kick' ? ' You may join it again.' : ''}`;
    views.delete(room);
    roomList.remove(room);
    typingView.forget(room);
    rememberRooms();
    if (roomList.names().length === 0) {
      stopClient();
      showJoin(why);
    } else {
      if (active === room) openRoom(roomList.names()[0]);
      showBanner(why);
    }
  });
  c.addEventListener('fatal', e => {
    client = null;
    stopClient();
    showJoin(`The server refused to join: ${problemText(e.detail.code, e.detail.message)}`);
  });
}

function onJoined({ room, mood, unread }) {
  const view = views.get(room);
  if (!view) return;
  view.mood = mood;
  if (room === active) {
    moodView.show(mood);
    moodChart.show(room);
  }
  // The server's count of messages after this user's read marker (once the gateway keeps one).
  if (typeof unread === 'number' && view.serverUnread === undefined && !looking(room)) {
    view.serverUnread = unread;
    updateUnread(view);
  }
}

function showStatus({ state, retryAt }) {
  clearInterval(statusTimer);
  ui.conn.dataset.state = state;
  ui.retryNow.hidden = state !== 'waiting' && state !== 'offline';
  if (state === 'online') ui.conn.textContent = 'Online';
  else if (state === 'connecting') ui.conn.textContent = 'Connecting…';
  else if (state === 'offline') ui.conn.textContent = 'Offline';
  else {
    const tick = () => {
      const seconds = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
      ui.conn.textContent = `Reconnecting in ${seconds} s`;
    };
    tick();
    statusTimer = setInterval(tick, 1000);
  }
}

ui.retryNow.addEventListener('click', () => client?.reconnectNow());

function showMembers({ names, count }) {
  ui.memberCount.textContent = String(count);
  ui.membersTotal.textContent = String(count);
  ui.membersToggle.setAttribute('aria-label', `Rooms, and ${count} ${count === 1 ? 'person' : 'people'} online here`);
  // names are users; each is shown by its display name (token mode), kept in data-user for identity.
  ui.members.replaceChildren(...names.map(name => el('li', { dataset: { user: name } },
    avatar(client?.displayName(name) ?? name), el('span', { class: 'name', text: client?.displayName(name) ?? name }),
    name === client?.user ? el('span', { class: 'you', text: '(you)' }) : null)));
  const unnamed = count - names.length;
  ui.membersMore.hidden = unnamed <= 0;
  ui.membersMore.textContent = unnamed > 0 ? `and ${unnamed.toLocaleString()} more` : '';
}

function nearBottom() {
  const s = ui.scroller;
  return s.scrollHeight - s.scrollTop - s.clientHeight < NEAR_EDGE_PX;
}

function scrollToBottom() {
  ui.scroller.scrollTop = ui.scroller.scrollHeight;
  ui.jump.hidden = true;
  const view = views.get(active);
  if (view) markRead(view);
}

/** Inserts each message at its place in id order (ids sort as strings in acceptance order). */
function insertSorted(list, node, id) {
  const rows = list.children;
  let lo = 0;
  let hi = rows.length;
  if (hi === 0 || rows[hi - 1].dataset.id < id) {
    list.append(node);
    return;
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].dataset.id < id) lo = mid + 1;
    else hi = mid;
  }
  list.insertBefore(node, rows[lo] ?? null);
}

/** Whether the user is looking at the newest messages of `room` right now. */
function looking(room) {
  return room === active && document.visibilityState === 'visible' && nearBottom();
}

function showMessages({ room, messages, older, initial }) {
  const view = views.get(room);
  if (!view || !client) return;
  const me = client.user;
  const onScreen = room === active;
  const stick = onScreen && (nearBottom() || messages.some(m => m.user === me));
  const before = ui.scroller.scrollHeight;
  const top = ui.scroller.scrollTop;
  for (const m of messages) {
    const row = messageEl(m, me);
    const flagged = flags.get(room, m.id);
    if (flagged) showFlag(row, flagged);
    insertSorted(view.list, row, m.id);
    if (!older && m.user !== undefined) typingView.stopped(room, m.user);
  }
  // joined's first history was there before this window: it is not news
  if (!older && !initial) countUnread(view, messages);
  if (!onScreen) return;
  if (older) {
    // keep the message the reader was looking at in place
    ui.scroller.scrollTop = top + (ui.scroller.scrollHeight - before);
  } else if (stick) {
    scrollToBottom();
  } else {
    ui.jump.hidden = false;
  }
  showHistoryState();
  fillViewport();
}

/** New messages from others count as unread unless the user is reading the room right now. */
function countUnread(view, messages) {
  const me = client.user;
  for (const m of messages) {
    if (m.user === me || m.deleted) continue;
    notifier.maybeNotify(view.room, m, me, view.members.count, room => {
      openRoom(room);
      scrollToBottom();
    });
    if (!looking(view.room)) view.unseen.push(m);
  }
  updateUnread(view);
  markRead(view);
}

function updateUnread(view) {
  const extra = view.serverUnread ?? 0;
  roomList.setUnread(view.room, view.unseen.length + extra,
    view.unseen.filter(m => mentions(m, client?.user)).length);
  updateTitle();
}

function updateTitle() {
  const total = roomList.totalUnread();
  document.title = active ? titleFor(active, total) : 'PulseChat';
  ui.totalUnread.hidden = total === 0;
  ui.totalUnread.textContent = total > 99 ? '99+' : String(total);
}

/** The user sees the newest messages of the room on screen: clear its unread count and move the read marker. */
function markRead(view) {
  if (!looking(view.room) || !client) return;
  const newest = view.list.lastElementChild?.dataset.id ?? null;
  if (view.unseen.length > 0 || view.serverUnread) {
    view.unseen = [];
    view.serverUnread = 0;
    updateUnread(view);
  }
  if (newest === null || (view.sentRead && view.sentRead >= newest)) return;
  // one marker a second at most per room: reading a busy room must not flood the gateway
  clearTimeout(view.readTimer);
  view.readTimer = setTimeout(() => {
    if (client?.read(view.room, newest)) view.sentRead = newest;
  }, READ_EVERY_MS);
}

document.addEventListener('visibilitychange', () => {
  const view = views.get(active);
  if (view) markRead(view);
});

function showChange({ room, message }) {
  const row = views.get(room)?.list.querySelector(`li.msg[data-id="${CSS.escape(message.id)}"]`);
  if (!row) return;
  if (message.reactions && !message.deleted && message.text === undefined) showReactions(row, message.reactions);
  else updateMessageEl(row, message, client?.user);
}

/** Short rooms cannot be scrolled, so older history would never load: ask for it until the list overflows. */
function fillViewport() {
  const state = client?.state(active);
  if (state?.hasOlder && ui.scroller.scrollHeight <= ui.scroller.clientHeight + NEAR_EDGE_PX) client.loadOlder(active);
}

function showHistoryState() {
  const { loadingOlder, hasOlder } = client?.state(active) ?? {};
  const list = views.get(active)?.list;
  if (loadingOlder) ui.olderStatus.textContent = 'Loading older messages…';
  else if (hasOlder) ui.olderStatus.textContent = '';
  else if (list && list.children.length > 0) ui.olderStatus.textContent = `This is the beginning of #${active}.`;
  else ui.olderStatus.textContent = 'No messages yet. Say hello!';
  ui.olderStatus.dataset.more = String(Boolean(hasOlder));
}

ui.scroller.addEventListener('scroll', () => {
  if (ui.scroller.scrollTop < NEAR_EDGE_PX && active) client?.loadOlder(active);
  if (nearBottom()) {
    ui.jump.hidden = true;
    const view = views.get(active);
    if (view) markRead(view);
  }
}, { passive: true });
ui.jump.addEventListener('click', scrollToBottom);

function showPending(detail) {
  const { room, clientMsgId, state } = detail;
  const view = views.get(room);
  if (!view) return;
  let row = view.pending.querySelector(`li[data-client-msg-id="${CSS.escape(clientMsgId)}"]`);
  if (state === 'done') {
    row?.remove();
    return;
  }
  if (!row) {
    row = pendingEl(clientMsgId, detail.text, client.displayName(client.user), detail.createdAt);
    view.pending.append(row);
    if (room === active) scrollToBottom();
  }
  updatePendingEl(row, detail);
}

ui.scroller.addEventListener('click', event => {
  const button = event.target.closest('button[data-action]');
  const row = event.target.closest('li[data-client-msg-id]');
  if (!button || !row || !client) return;
  if (button.dataset.action === 'retry') client.retry(row.dataset.clientMsgId);
  else client.discard(row.dataset.clientMsgId);
});

function showBanner(text) {
  clearTimeout(bannerTimer);
  ui.banner.textContent = text.charAt(0).toUpperCase() + text.slice(1);
  ui.banner.hidden = false;
  bannerTimer = setTimeout(() => { ui.banner.hidden = true; }, 6000);
}

ui.banner.addEventListener('click', () => { ui.banner.hidden = true; });

// ---- composer -----------------------------------------------------------------

function updateComposer() {
  const n = codePoints(normalizeText(ui.text.value));
  ui.counter.textContent = `${n} / ${MAX_TEXT_CHARS}`;
  ui.counter.dataset.over = String(n > MAX_TEXT_CHARS);
  ui.counter.dataset.near = String(n > MAX_TEXT_CHARS * 0.9);
  ui.text.setAttribute('aria-invalid', String(n > MAX_TEXT_CHARS));
  ui.send.disabled = n === 0 || n > MAX_TEXT_CHARS;
  ui.text.style.height = 'auto';
  ui.text.style.height = `${Math.min(ui.text.scrollHeight, 160)}px`;
}

ui.text.addEventListener('input', () => {
  updateComposer();
  // others see "… is typing": at most one typing frame every 3 s (the gateway passes on one per 2 s)
  if (ui.text.value.trim() !== '' && active && Date.now() - lastTyping > TYPING_EVERY_MS) {
    if (client?.typing(active)) lastTyping = Date.now();
  }
});
ui.text.addEventListener('keydown', event => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ui.composer.requestSubmit();
  }
});

ui.composer.addEventListener('submit', event => {
  event.preventDefault();
  if (!client || !active) return;
  const problem = client.send(active, ui.text.value);
  if (problem) {
    showBanner(problem);
    return;
  }
  lastTyping = 0;
  ui.text.value = '';
  updateComposer();
});

// ---- message menus: react, edit, delete, correct the mood label ----------------

wireMessageMenus(ui.scroller, {
  react: (id, emoji) => client?.react(active, id, emoji) ?? false,
  unreact: (id, emoji) => client?.unreact(active, id, emoji) ?? false,
  edit: (id, text) => client?.edit(active, id, text) ?? false,
  remove: id => client?.remove(active, id) ?? false,
  flag: (id, label) => client?.flag(active, id, label) ?? false,
  problem: showBanner,
  moderates: () => moderation.active,
});

// ---- room list -----------------------------------------------------------------

ui.roomForm.addEventListener('submit', event => {
  event.preventDefault();
  const room = ui.roomAdd.value.trim();
  const problem = roomProblem(room);
  ui.roomFormError.textContent = problem ?? '';
  ui.roomAdd.setAttribute('aria-invalid', String(problem !== null));
  if (problem) return;
  const makePrivate = Boolean(token) && ui.roomAddPrivate.checked;
  if (makePrivate && views.has(room)) {
    ui.roomFormError.textContent = `You are in #${room} already: a private room needs a new name.`;
    return;
  }
  ui.roomAdd.value = '';
  ui.roomAddPrivate.checked = false;
  joinRoom(room, makePrivate);
});

addEventListener('hashchange', () => {
  const room = roomFromLocation(location);
  if (room && client && room !== active) {
    if (views.has(room)) openRoom(room);
    else joinRoom(room);
  }
});

// ---- sign-in ------------------------------------------------------------------

signIn?.addEventListener('token', e => {
  token = e.detail.token;
  apiHeaders.Authorization = `Bearer ${token}`;
  client?.renew();
});
signIn?.addEventListener('ended', e => {
  stopClient();
  moderation.hide();
  roomMembers.hide();
  account.showSignIn(e.detail.reason);
});

// ---- start --------------------------------------------------------------------

const initialRoom = roomFromLocation(location);
const initialUser = token ? tokenUser(token) : stored(NAME_KEY);
if (signIn && !token) account.showSignIn(signIn.problem);
else {
  if (token) account?.signedIn();
  if (initialRoom && initialUser && (token || userProblem(initialUser) === null)) enter(initialUser, initialRoom);
  else showJoin();
}
