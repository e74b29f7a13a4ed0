// The room list: the rooms this window is in (with unread counts and mention badges) and the
// active rooms others are in (from GET /api/rooms), plus the tab title's unread count.

import { el } from './render.js';
import { plural } from './words.js';

const PUBLIC_REFRESH_MS = 30_000;

export class RoomList {
  /** `on` holds open(room), leave(room), join(room). */
  constructor({ list, publicList, apiBaseUrl, headers, on }) {
    Object.assign(this, { list, publicList, apiBaseUrl, headers, on });
    this.rooms = new Map();  // room -> {unread, mentions}
    this.active = null;
    this.publicRooms = [];
    this.timer = null;
    list.addEventListener('click', event => {
      const button = event.target.closest('button[data-room]');
      if (!button) return;
      if (button.classList.contains('room-leave')) on.leave(button.dataset.room);
      else on.open(button.dataset.room);
    });
    publicList.addEventListener('click', event => {
      const button = event.target.closest('button[data-room]');
      if (button) on.join(button.dataset.room);
    });
  }

  add(room) {
    if (!this.rooms.has(room)) this.rooms.set(room, { unread: 0, mentions: 0 });
    this.render();
  }

  remove(room) {
    this.rooms.delete(room);
    this.render();
  }

  names() {
    return [...this.rooms.keys()];
  }

  setActive(room) {
    this.active = room;
    this.render();
  }

  /** Unread messages of a room, with how many of them mention this user. */
  setUnread(room, unread, mentions = 0) {
    const entry = this.rooms.get(room);
    if (!entry) return;
    entry.unread = Math.max(0, unread);
    entry.mentions = Math.max(0, Math.min(mentions, entry.unread));
    this.render();
  }

  unread(room) {
    return this.rooms.get(room) ?? { unread: 0, mentions: 0 };
  }

  totalUnread() {
    let total = 0;
    for (const { unread } of this.rooms.values()) total += unread;
    return total;
  }

  render() {
    this.list.replaceChildren(...[...this.rooms].map(([room, { unread, mentions }]) => {
      const current = room === this.active;
      const label = [`#${room}`, unread > 0 ? plural(unread, 'unread message') : null,
        mentions > 0 ? plural(mentions, 'mention') : null].filter(Boolean).join(', ');
      return el('li', { dataset: { room }, class: current ? 'current' : null },
        el('button', { type: 'button', class: 'room-link', dataset: { room }, 'aria-label': label,
          'aria-current': current ? 'page' : null },
        el('span', { class: 'room-name', text: `#${room}` }),
        mentions > 0 ? el('span', { class: 'badge mention', 'aria-hidden': 'true', text: `@${mentions}` }) : null,
        unread > 0 ? el('span', { class: 'badge unread', 'aria-hidden': 'true', text: String(unread) }) : null),
        el('button', { type: 'button', class: 'room-leave', dataset: { room }, 'aria-label': `Leave #${room}`,
          text: '×' }));
    }));
    this.renderPublic();
  }

  renderPublic() {
    const others = this.publicRooms.filter(r => !this.rooms.has(r.room)).slice(0, 30);
    this.publicList.replaceChildren(...(others.length === 0
      ? [el('li', { class: 'hint', text: 'No other rooms have people in them right now.' })]
      : others.map(r => el('li', {},
        el('button', { type: 'button', class: 'room-join', dataset: { room: r.room },
          'aria-label': `Join #${r.room}, ${plural(r.count, 'person', 'people')} online` },
        el('span', { class: 'room-name', text: `#${r.room}` }),
        el('span', { class: 'hint', text: `${r.count} online` }))))));
  }

  /** Reads the active rooms now and then every 30 s while the page is visible. */
  startRefreshing() {
    clearInterval(this.timer);
    this.refresh();
    this.timer = setInterval(() => {
      if (document.visibilityState === 'visible') this.refresh();
    }, PUBLIC_REFRESH_MS);
  }

  stop() {
    clearInterval(this.timer);
  }

  async refresh() {
    try {
      const response = await fetch(new URL('api/rooms', this.apiBaseUrl), { headers: this.headers });
      if (!response.ok) return;
      const body = await response.json();
      if (!Array.isArray(body.rooms)) return;
      this.publicRooms = body.rooms.filter(r => typeof r?.room === 'string' && typeof r.count === 'number')
        .sort((a, b) => b.count - a.count);
      this.renderPublic();
    } catch {
      // offline: the next refresh tries again
    }
  }
}

/** "(3) #lobby · PulseChat": the tab's title counts what this user has not read. */
export function titleFor(room, unread) {
  return `${unread > 0 ? `(${unread > 999 ? '999+' : unread}) ` : ''}#${room} · PulseChat`;
}
