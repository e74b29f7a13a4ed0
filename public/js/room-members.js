// Who a room's rules name, from the browser, for its owner and moderators: the members with
// their roles, and the bans and mutes that still hold, as the gateway lists them
// (GET /api/rooms/{room}/members). They add a member by user id, the owner makes a member a
// moderator, either removes one or lifts a ban or mute. A change is a `grant` frame on the page's
// connection (a lift goes over HTTP); the gateway decides who may, and its refusal is shown as is.
// Independent of the chat client: main.js calls show(room), hide(), granted() and refused().

import { el, userActionButton } from './render.js';

const MAX_USER_CHARS = 64;

const LIFT = { bans: { action: 'unban', verb: 'Unban', done: 'may join again' },
  mutes: { action: 'unmute', verb: 'Unmute', done: 'may send again' } };

export class RoomMembers {
  /**
   * root: the element the section is appended to; grant(room, user, role): sends, false when
   * offline; api: the room routes with the page's token (RoomApi); nameOf(user): what people see.
   */
  constructor(root, { grant, api, nameOf }) {
    this.grant = grant;
    this.api = api;
    this.nameOf = nameOf;
    this.room = null;
    this.user = el('input', { id: 'member-user', autocomplete: 'off', maxlength: String(MAX_USER_CHARS),
      spellcheck: 'false', 'aria-describedby': 'member-status' });
    this.role = el('select', { id: 'member-role' },
      el('option', { value: 'member', text: 'Member' }),
      el('option', { value: 'moderator', text: 'Moderator (owner only)' }));
    this.status = el('p', { id: 'member-status', class: 'hint', role: 'status' });
    this.hint = el('p', { id: 'member-hint', class: 'hint' });
    this.lists = {
      members: el('ul', { id: 'member-list', class: 'member-list', 'aria-label': 'Members' }),
      bans: el('ul', { id: 'ban-list', class: 'member-list', 'aria-label': 'Banned' }),
      mutes: el('ul', { id: 'mute-list', class: 'member-list', 'aria-label': 'Muted' }),
    };
    this.headings = {
      bans: el('h3', { class: 'member-heading', text: 'Banned', hidden: true }),
      mutes: el('h3', { class: 'member-heading', text: 'Muted', hidden: true }),
    };
    this.form = el('form', { id: 'member-form', class: 'member-form', novalidate: true },
      el('label', { for: 'member-user', text: 'Add member (user id)' }), this.user,
      el('label', { for: 'member-role', text: 'Role' }), this.role,
      el('span', { class: 'member-buttons' },
        el('button', { type: 'submit', class: 'ghost small', text: 'Add' }),
        el('button', { type: 'button', class: 'ghost small', dataset: { remove: '' }, text: 'Remove' })));
    this.section = el('section', { id: 'room-members', class: 'moderation-panel', 'aria-labelledby': 'room-members-heading',
      hidden: true },
    el('h2', { id: 'room-members-heading', text: 'Members' }),
    this.hint, this.form, this.status, this.lists.members,
    this.headings.bans, this.lists.bans, this.headings.mutes, this.lists.mutes);
    root.append(this.section);
    this.form.addEventListener('submit', event => {
      event.preventDefault();
      this.send(this.user.value.trim(), this.role.value);
    });
    this.form.querySelector('button[data-remove]').addEventListener('click', () => this.send(this.user.value.trim(), 'none'));
    this.section.addEventListener('click', event => this.onListClick(event));
  }

  /** Shows the section for a room the user owns or moderates, with the gateway's list. */
  show(room) {
    this.room = room;
    this.status.textContent = '';
    this.section.hidden = false;
    return this.refresh();
  }

  hide() {
    this.room = null;
    this.section.hidden = true;
    Object.values(this.lists).forEach(list => list.replaceChildren());
  }

  /** A moderator acted in a room: its bans and mutes may have changed. */
  moderated(room) {
    if (room === this.room) this.refresh();
  }

  async refresh() {
    const room = this.room;
    if (!room) return;
    const roster = await this.api.get(room, 'members');
    if (room !== this.room) return;
    if (!roster) {
      this.status.textContent = 'Could not load the members: offline, or no longer a moderator here.';
      return;
    }
    this.hint.textContent = roster.private ? 'Only members can join this private room.'
      : 'Anyone can join this public room; roles here say who moderates it.';
    this.lists.members.replaceChildren(...(roster.members ?? []).map(m => this.row(m, m.role,
      m.role === 'owner' ? null : userActionButton('remove', m.user, `Remove ${this.nameOf(m.user)} from #${room}`, 'Remove'))));
    for (const kind of ['bans', 'mutes']) {
      const entries = roster[kind] ?? [];
      this.headings[kind].hidden = entries.length === 0;
      this.lists[kind].replaceChildren(...entries.map(e => this.row(e, e.until ? `until ${untilText(e.until)}` : 'for good',
        userActionButton(LIFT[kind].action, e.user, `${LIFT[kind].verb} ${this.nameOf(e.user)}`, LIFT[kind].verb))));
    }
  }

  row(entry, what, button) {
    const name = this.nameOf(entry.user);
    return el('li', { dataset: { member: entry.user } },
      el('span', { class: 'member-id', text: name, title: name === entry.user ? null : entry.user }),
      el('span', { class: 'hint', text: what }), button);
  }

  async onListClick(event) {
    const button = event.target.closest('button[data-action]');
    if (!button || !this.room) return;
    const { action, user } = button.dataset;
    if (action === 'remove') {
      this.send(user, 'none');
      return;
    }
    const room = this.room;
    button.disabled = true;
    const { ok, answer } = await this.api.post(room, 'moderation', { user, action });
    button.disabled = false;
    if (room !== this.room) return;
    const lift = action === 'unban' ? LIFT.bans : LIFT.mutes;
    this.status.textContent = ok ? `${this.nameOf(user)} ${lift.done}.`
      : ok === null ? 'Offline: try again once connected.' : `Could not ${action} ${user}: ${answer.message ?? answer.code}.`;
    if (ok) this.refresh();
  }

  send(user, role) {
    if (!this.room) return;
    const problem = user === '' ? 'Type the user id of the person.'
      : user.length > MAX_USER_CHARS ? `A user id has at most ${MAX_USER_CHARS} characters.` : null;
    this.user.setAttribute('aria-invalid', String(problem !== null));
    if (problem) {
      this.status.textContent = problem;
      this.user.focus();
      return;
    }
    this.status.textContent = this.grant(this.room, user, role)
      ? `${role === 'none' ? 'Removing' : 'Adding'} ${user}…` : 'Offline: try again once connected.';
  }

  /** The gateway's `granted`: the change holds, and the list is read again. */
  granted({ room, user, role }) {
    if (room !== this.room) return;
    this.status.textContent = role === 'none' ? `${user} was removed from #${room}.` : `${user} is now a ${role} of #${room}.`;
    if (this.user.value.trim() === user) this.user.value = '';
    this.refresh();
  }

  /** The gateway refused a grant: why, in plain words. */
  refused({ room, user, role, code, message }) {
    if (room !== this.room) return;
    const what = role === 'none' ? `remove ${user}` : `make ${user} a ${role}`;
    const why = code === 'forbidden'
      ? 'only the owner and moderators may add or remove members, and only the owner names moderators'
      : message || code;
    this.status.textContent = `Could not ${what}: ${why}.`;
  }
}

function untilText(ts) {
  const when = new Date(ts);
  const sameDay = when.toDateString() === new Date().toDateString();
  return sameDay ? when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : when.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
