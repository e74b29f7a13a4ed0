import { ChatClient } from './chat-client.js';
import {
  avatar, el, flagMenuEl, messageEl, moodDescription, pendingEl, problemText, signed, updatePendingEl,
} from './render.js';
import { MoodChart } from './mood-chart.js';
import { ModerationPanel } from './moderation.js';
import { loadConfig, socketUrl, takeToken, tokenUser } from './config.js';
import { codePoints, MAX_TEXT_CHARS, normalizeText, roomFromLocation, roomProblem, safeDecode, userProblem } from './validate.js';

const NAME_KEY = 'pulsechat.user';
const GUEST_KEY = 'pulsechat.guestKey';
const ROOM_KEY = 'pulsechat.room';
const NEAR_EDGE_PX = 80;

const $ = id => document.getElementById(id);
const ui = {
  joinScreen: $('join-screen'), joinForm: $('join-form'), joinUser: $('join-user'), joinRoom: $('join-room'),
  joinError: $('join-error'), chat: $('chat'), roomName: $('room-name'), mood: $('mood'), conn: $('conn-status'),
  retryNow: $('retry-now'), membersToggle: $('members-toggle'), memberCount: $('member-count'),
  switchRoom: $('switch-room'), scroller: $('scroller'), olderStatus: $('older-status'), messages: $('messages'),
  pending: $('pending'), jump: $('jump'), banner: $('banner'), composer: $('composer'), text: $('text'),
  counter: $('counter'), send: $('send'), membersPanel: $('members-panel'), membersTotal: $('members-total'),
  members: $('members'), membersMore: $('members-more'),
};

const config = await loadConfig();
// Token mode: a signed token names the user; open mode: a guest key keeps the chosen name ours.
const token = takeToken();
let client = null;
const moodChart = new MoodChart($('mood-chart'), $('mood-chart-empty'), config.apiBaseUrl,
  token ? { Authorization: `Bearer ${token}` } : {});
// Owners and moderators (token mode) get the room's mood alerts with the actions at hand.
const moderation = new ModerationPanel($('members-panel'), config.apiBaseUrl,
  token ? { Authorization: `Bearer ${token}` } : {});
let bannerTimer = null;
let statusTimer = null;

function stored(key) {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

/** This browser's guest key: made once, kept in localStorage, sent with every join. */
function guestKey() {
  let key = stored(GUEST_KEY);
  if (!/^[\x21-\x7e]{16,128}$/.test(key)) {
    key = Array.from(crypto.getRandomValues(new Uint8Array(24)), b => b.toString(16).padStart(2, '0')).join('');
    try {
      localStorage.setItem(GUEST_KEY, key);
    } catch {
      // private mode: the key lasts as long as the page
    }
  }
  return key;
}

function remember(user, room) {
  try {
    localStorage.setItem(NAME_KEY, user);
    localStorage.setItem(ROOM_KEY, room);
  } catch {
    // private mode: the name is simply asked again next time
  }
}

// ---- join screen --------------------------------------------------------------

function showJoin(error = '') {
  moderation.hide();
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
  enter(user, room);
});

ui.switchRoom.addEventListener('click', () => {
  client?.stop();
  client = null;
  showJoin();
});

// ---- chat screen --------------------------------------------------------------

function enter(user, room) {
  remember(user, room);
  if (safeDecode(location.hash.slice(1)) !== room) history.replaceState(null, '', `#${room}`);
  document.title = `#${room} · PulseChat`;
  ui.joinScreen.hidden = true;
  ui.chat.hidden = false;
  ui.roomName.textContent = room;
  ui.messages.replaceChildren();
  ui.pending.replaceChildren();
  ui.members.replaceChildren();
  ui.olderStatus.textContent = '';
  showMood(null);
  client = new ChatClient({ url: socketUrl(config.webSocketUrl, user, token), user, room,
    guestKey: token ? null : guestKey() });
  wire(client);
  client.start();
  ui.text.focus();
}

function wire(c) {
  c.addEventListener('status', e => showStatus(e.detail));
  c.addEventListener('joined', e => {
    showMood(e.detail.mood);
    moodChart.show(c.room);
    moderation.show(c.room);
  });
  c.addEventListener('mood', e => {
    showMood(e.detail.mood);
    moodChart.changed();
  });
  c.addEventListener('flagged', e => showFlagged(e.detail));
  c.addEventListener('members', e => showMembers(e.detail));
  c.addEventListener('messages', e => showMessages(e.detail));
  c.addEventListener('pending', e => showPending(e.detail));
  c.addEventListener('history', showHistoryState);
  c.addEventListener('problem', e => showBanner(problemText(e.detail.code, e.detail.message)));
  c.addEventListener('fatal', e => {
    client = null;
    showJoin(`The server refused to join: ${problemText(e.detail.code, e.detail.message)}`);
  });
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

function showMood(mood) {
  const word = ui.mood.querySelector('.mood-word');
  const score = ui.mood.querySelector('.mood-score');
  if (!mood || typeof mood.score !== 'number') {
    ui.mood.dataset.tone = 'unknown';
    word.textContent = 'Mood';
    score.textContent = '–';
    ui.mood.title = 'No mood yet: nobody has talked recently.';
    ui.mood.setAttribute('aria-label', ui.mood.title);
    return;
  }
  const { word: w, tone } = moodDescription(mood);
  ui.mood.dataset.tone = tone;
  word.textContent = w;
  score.textContent = signed(mood.score);
  $('mood-gauge').value = mood.score;
  const counts = `${mood.positive ?? 0} positive, ${mood.neutral ?? 0} neutral, ${mood.negative ?? 0} negative`;
  ui.mood.title = `Room mood over ${mood.window ?? 'the last few minutes'}: ${w.toLowerCase()} (${signed(mood.score)}); ${counts}`;
  ui.mood.setAttribute('aria-label', ui.mood.title);
}

function showMembers({ names, count }) {
  ui.memberCount.textContent = String(count);
  ui.membersTotal.textContent = String(count);
  ui.membersToggle.setAttribute('aria-label', `${count} ${count === 1 ? 'person' : 'people'} online`);
  ui.members.replaceChildren(...names.map(name => el('li', { dataset: { user: name } },
    avatar(name), el('span', { class: 'name', text: name }),
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
}

/** Inserts each message at its place in id order (ids sort as strings in acceptance order). */
function insertSorted(node, id) {
  const rows = ui.messages.children;
  let lo = 0;
  let hi = rows.length;
  if (hi === 0 || rows[hi - 1].dataset.id < id) {
    ui.messages.append(node);
    return;
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].dataset.id < id) lo = mid + 1;
    else hi = mid;
  }
  ui.messages.insertBefore(node, rows[lo] ?? null);
}

function showMessages({ messages, older }) {
  const me = client?.user;
  const stick = nearBottom() || messages.some(m => m.user === me);
  const before = ui.scroller.scrollHeight;
  const top = ui.scroller.scrollTop;
  for (const m of messages) insertSorted(messageEl(m, me), m.id);
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

/** Short rooms cannot be scrolled, so older history would never load: ask for it until the list overflows. */
function fillViewport() {
  if (client?.hasOlder && ui.scroller.scrollHeight <= ui.scroller.clientHeight + NEAR_EDGE_PX) client.loadOlder();
}

function showHistoryState() {
  const { loadingOlder, hasOlder } = client ?? {};
  if (loadingOlder) ui.olderStatus.textContent = 'Loading older messages…';
  else if (hasOlder) ui.olderStatus.textContent = '';
  else if (ui.messages.children.length > 0) ui.olderStatus.textContent = `This is the beginning of #${client?.room}.`;
  else ui.olderStatus.textContent = 'No messages yet. Say hello!';
  ui.olderStatus.dataset.more = String(Boolean(hasOlder));
}

ui.scroller.addEventListener('scroll', () => {
  if (ui.scroller.scrollTop < NEAR_EDGE_PX) client?.loadOlder();
  if (nearBottom()) ui.jump.hidden = true;
}, { passive: true });
ui.jump.addEventListener('click', scrollToBottom);

function pendingRow(clientMsgId) {
  return ui.pending.querySelector(`li[data-client-msg-id="${CSS.escape(clientMsgId)}"]`);
}

function showPending(detail) {
  const { clientMsgId, state } = detail;
  let row = pendingRow(clientMsgId);
  if (state === 'done') {
    row?.remove();
    return;
  }
  if (!row) {
    row = pendingEl(clientMsgId, detail.text, client.user, detail.createdAt);
    ui.pending.append(row);
    scrollToBottom();
  }
  updatePendingEl(row, detail);
}

ui.pending.addEventListener('click', event => {
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

ui.text.addEventListener('input', updateComposer);
ui.text.addEventListener('keydown', event => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ui.composer.requestSubmit();
  }
});

ui.composer.addEventListener('submit', event => {
  event.preventDefault();
  if (!client) return;
  const problem = client.send(ui.text.value);
  if (problem) {
    showBanner(problem);
    return;
  }
  ui.text.value = '';
  updateComposer();
});

// ---- flags: a reader corrects a message's sentiment label ----------------------

ui.messages.addEventListener('click', event => {
  const row = event.target.closest('li.msg');
  if (!row || !client) return;
  const choice = event.target.closest('.flag-choice');
  if (choice) {
    if (client.flag(row.dataset.id, choice.dataset.label)) row.dataset.flagState = 'sending';
    else showBanner('You are offline; flag the message again once connected.');
    row.querySelector('.flag-menu')?.remove();
    return;
  }
  if (!event.target.closest('.flag')) return;
  const open = row.querySelector('.flag-menu');
  if (open) {
    open.remove();
    return;
  }
  const current = row.querySelector('.sentiment')?.dataset.label;
  row.querySelector('.bubble').append(flagMenuEl(current));
});

function showFlagged({ id, label }) {
  const row = ui.messages.querySelector(`li.msg[data-id="${CSS.escape(id)}"]`);
  if (!row) return;
  row.dataset.flagState = 'done';
  row.dataset.flagged = label;
  const button = row.querySelector('.flag');
  if (button) {
    button.title = `You said this is ${label}; thanks`;
    button.setAttribute('aria-label', button.title);
  }
}

// ---- members panel on narrow screens ------------------------------------------

ui.membersToggle.addEventListener('click', () => {
  const open = ui.membersPanel.classList.toggle('open');
  ui.membersToggle.setAttribute('aria-expanded', String(open));
});

document.addEventListener('keydown', event => {
  if (event.key === 'Escape' && ui.membersPanel.classList.contains('open')) {
    ui.membersPanel.classList.remove('open');
    ui.membersToggle.setAttribute('aria-expanded', 'false');
  }
});

addEventListener('hashchange', () => {
  const room = roomFromLocation(location);
  if (room && client && room !== client.room) {
    const user = client.user;
    client.stop();
    enter(user, room);
  }
});

// ---- start --------------------------------------------------------------------

const initialRoom = roomFromLocation(location);
const initialUser = stored(NAME_KEY);
if (initialRoom && initialUser && userProblem(initialUser) === null) enter(initialUser, initialRoom);
else showJoin();
