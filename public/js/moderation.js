// The moderation panel of a room, for its owner and moderators in token mode: the room's
// sentiment alerts with the negative messages that drove them, and the actions at hand on each
// message's author (mute, kick, ban). Everything goes through the HTTP API with the page's
// token; the gateway decides who may (a member gets 403 and never sees the panel).
// Independent of the chat client: main.js only calls show(room) and hide().

import { el, userActionButton } from './render.js';

const POLL_MS = 5000;
const MUTE_SECONDS = 600;

export class ModerationPanel {
  /** root: the element the panel is appended to; api: the room routes with the page's token (RoomApi). */
  constructor(root, api) {
    this.api = api;
    this.room = null;
    this.timer = null;
    this.section = el('section', { id: 'moderation-panel', class: 'moderation-panel',
      'aria-labelledby': 'moderation-heading', hidden: true });
    this.heading = el('h2', { id: 'moderation-heading', text: 'Moderation' });
    this.status = el('p', { id: 'moderation-status', class: 'hint', role: 'status' });
    this.empty = el('p', { id: 'moderation-empty', class: 'hint', text: 'No mood alerts.' });
    this.list = el('ol', { id: 'alerts', class: 'alerts', 'aria-label': 'Mood alerts' });
    this.section.append(this.heading, this.status, this.empty, this.list);
    root.append(this.section);
    this.list.addEventListener('click', event => this.onClick(event));
  }

  /** Shows the panel for room when the token moderates it (the moderation log answers 200). */
  async show(room) {
    this.hide();
    if (!this.api.signedIn) return;
    this.room = room;
    const log = await this.api.get(room, 'moderation');
    if (room !== this.room || !log) return;
    this.section.hidden = false;
    await this.refresh();
    this.timer = setInterval(() => this.refresh(), POLL_MS);
  }

  /** Whether the panel is up: the user moderates the room on screen. */
  get active() {
    return !this.section.hidden;
  }

  hide() {
    clearInterval(this.timer);
    this.timer = null;
    this.room = null;
    this.section.hidden = true;
    this.list.replaceChildren();
    this.status.textContent = '';
  }

  async refresh() {
    const room = this.room;
    const body = await this.api.get(room, 'alerts');
    if (room !== this.room || !body || !Array.isArray(body.alerts)) return;
    this.empty.hidden = body.alerts.length > 0;
    this.list.replaceChildren(...body.alerts.map(alert => this.alertEl(alert)));
  }

  alertEl(alert) {
    const when = new Date(alert.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const score = typeof alert.mood?.score === 'number' ? alert.mood.score.toFixed(2) : '?';
    const messages = el('ul', { class: 'alert-messages' },
      ...(alert.messages || []).map(m => el('li', { class: 'alert-message', dataset: { id: m.id } },
        el('span', { class: 'author', text: m.name ?? m.user, title: m.name ? m.user : null }),
        el('q', { text: m.text }),
        el('span', { class: 'alert-actions' },
          userActionButton('mute', m.user, `Mute ${m.name ?? m.user} for 10 minutes`, 'Mute'),
          userActionButton('kick', m.user, `Kick ${m.name ?? m.user}`, 'Kick'),
          userActionButton('ban', m.user, `Ban ${m.name ?? m.user}`, 'Ban')))));
    return el('li', { class: 'alert' },
      el('p', { class: 'alert-title', text: `Mood ${score} at ${when}` }), messages);
  }

  async onClick(event) {
    const button = event.target.closest('button[data-action]');
    if (!button || !this.room) return;
    const { action, user } = button.dataset;
    const body = { user, action };
    if (action === 'mute') body.seconds = MUTE_SECONDS;
    button.disabled = true;
    const { ok, answer } = await this.api.post(this.room, 'moderation', body);
    this.status.textContent = ok ? `${user}: ${action} done`
      : ok === null ? `${action} failed: offline` : `${action} refused: ${answer.message ?? answer.code}`;
    button.disabled = false;
  }
}
