// Who may enter a private room, from the browser: its owner and moderators add a member by user
// id, the owner makes a member a moderator, and either removes one. Each change is a `grant`
// frame on the page's connection; the gateway decides who may (its refusal is shown as is).
// Independent of the chat client: main.js calls show(room), hide(), granted() and refused().

import { el } from './render.js';

const MAX_USER_CHARS = 64;
const SHOWN = 50;   // the latest changes listed; older ones still hold on the gateway

const ROLE_WORDS = { member: 'member', moderator: 'moderator', none: 'removed' };

export class RoomMembers {
  /** root: the element the section is appended to; grant(room, user, role): sends, false when offline. */
  constructor(root, grant) {
    this.grant = grant;
    this.room = null;
    this.changed = new Map();  // room -> Map(user -> role), the changes made from this page
    this.user = el('input', { id: 'member-user', autocomplete: 'off', maxlength: String(MAX_USER_CHARS),
      spellcheck: 'false', 'aria-describedby': 'member-status' });
    this.role = el('select', { id: 'member-role' },
      el('option', { value: 'member', text: 'Member' }),
      el('option', { value: 'moderator', text: 'Moderator (owner only)' }));
    this.status = el('p', { id: 'member-status', class: 'hint', role: 'status' });
    this.list = el('ul', { id: 'member-changes', class: 'member-changes', 'aria-label': 'Members changed here' });
    this.form = el('form', { id: 'member-form', class: 'member-form', novalidate: true },
      el('label', { for: 'member-user', text: 'Add member (user id)' }), this.user,
      el('label', { for: 'member-role', text: 'Role' }), this.role,
      el('span', { class: 'member-buttons' },
        el('button', { type: 'submit', class: 'ghost small', text: 'Add' }),
        el('button', { type: 'button', class: 'ghost small', dataset: { remove: '' }, text: 'Remove' })));
    this.section = el('section', { id: 'room-members', class: 'moderation-panel', 'aria-labelledby': 'room-members-heading',
      hidden: true },
    el('h2', { id: 'room-members-heading', text: 'Members' }),
    el('p', { class: 'hint', text: 'Only members can join a private room.' }),
    this.form, this.status, this.list);
    root.append(this.section);
    this.form.addEventListener('submit', event => {
      event.preventDefault();
      this.send(this.user.value.trim(), this.role.value);
    });
    this.form.querySelector('button[data-remove]').addEventListener('click', () => this.send(this.user.value.trim(), 'none'));
    this.list.addEventListener('click', event => {
      const button = event.target.closest('button[data-user]');
      if (button) this.send(button.dataset.user, 'none');
    });
  }

  /** Shows the section for a room the user owns or moderates. */
  show(room) {
    this.room = room;
    this.status.textContent = '';
    this.section.hidden = false;
    this.render();
  }

  hide() {
    this.room = null;
    this.section.hidden = true;
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

  /** The gateway's `granted`: the change holds. */
  granted({ room, user, role }) {
    const changes = this.changed.get(room) ?? new Map();
    changes.delete(user);
    changes.set(user, role);
    while (changes.size > SHOWN) changes.delete(changes.keys().next().value);
    this.changed.set(room, changes);
    if (room !== this.room) return;
    this.status.textContent = role === 'none' ? `${user} was removed from #${room}.` : `${user} is now a ${role} of #${room}.`;
    if (this.user.value.trim() === user) this.user.value = '';
    this.render();
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

  render() {
    const changes = [...(this.changed.get(this.room) ?? new Map())].reverse();
    this.list.replaceChildren(...changes.map(([user, role]) => el('li', { dataset: { member: user } },
      el('span', { class: 'member-id', text: user }),
      el('span', { class: 'hint', text: ROLE_WORDS[role] ?? role }),
      role === 'none' ? null : el('button', { type: 'button', class: 'ghost small', dataset: { user },
        'aria-label': `Remove ${user} from #${this.room}`, text: 'Remove' }))));
  }
}
