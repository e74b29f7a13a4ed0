// The menu of one message (its "⋯" button): react, edit, delete, correct the mood label, see the
// score. Built for pointer, touch and keyboard alike: every entry is a real button, Escape closes
// the menu and gives focus back to the button that opened it.

import { el, showReactions } from './render.js';

export const REACTION_CHOICES = ['👍', '❤️', '😂', '😮', '😢', '🎉'];
const FLAG_KEY = 'pulsechat.flags';
const FLAGS_KEPT = 500;

/** Flags this browser made, kept so the confirmation survives a reload or a rejoin. */
export class FlagMemory {
  constructor(storage = globalThis.localStorage) {
    this.storage = storage;
  }

  all() {
    try {
      const kept = JSON.parse(this.storage.getItem(FLAG_KEY) ?? '{}');
      return kept && typeof kept === 'object' ? kept : {};
    } catch {
      return {};
    }
  }

  get(room, id) {
    return this.all()[`${room}/${id}`] ?? null;
  }

  set(room, id, label) {
    const kept = this.all();
    delete kept[`${room}/${id}`];
    kept[`${room}/${id}`] = label;
    const keys = Object.keys(kept);
    for (const old of keys.slice(0, Math.max(0, keys.length - FLAGS_KEPT))) delete kept[old];
    try {
      this.storage.setItem(FLAG_KEY, JSON.stringify(kept));
    } catch {
      // private mode: the flag is confirmed for this page only
    }
  }
}

/** Marks a row as flagged by this reader, with a confirmation the reader can see. */
export function showFlag(row, label) {
  row.dataset.flagged = label;
  row.dataset.flagState = 'done';
  const note = row.querySelector('.flag-note');
  note.hidden = false;
  note.textContent = `You marked the mood of this message as ${label}. Thanks, this teaches the model.`;
}

/**
 * Wires the message menus inside `container` (delegated, so it serves every room's list).
 * `actions` holds: me(), react(id, emoji), unreact(id, emoji), edit(id, text), remove(id),
 * flag(id, label) each returning false when offline, problem(text), and moderates() (true when
 * the user moderates the room on screen: others' messages get "Delete" too; the gateway decides).
 */
export function wireMessageMenus(container, actions) {
  container.addEventListener('click', event => {
    const row = event.target.closest('li.msg[data-id]');
    if (!row) return;
    const button = event.target.closest('button');
    if (!button) {
      if (!event.target.closest('a, .msg-menu, .edit-form')) toggleDetails(row);
      return;
    }
    const id = row.dataset.id;
    if (button.classList.contains('more')) return toggleMenu(row, button, Boolean(actions.moderates?.()));
    if (button.classList.contains('reaction')) {
      const { emoji } = button.dataset;
      const pressed = button.getAttribute('aria-pressed') === 'true';
      if (!(pressed ? actions.unreact(id, emoji) : actions.react(id, emoji))) offline(actions);
      else markMine(row, emoji, !pressed);
      return;
    }
    const { action } = button.dataset;
    switch (action) {
      case 'react-open': return openPicker(row);
      case 'react':
        if (actions.react(id, button.dataset.emoji)) markMine(row, button.dataset.emoji, true);
        else offline(actions);
        return closeMenu(row);
      case 'details':
        toggleDetails(row, true);
        return closeMenu(row);
      case 'flag-open': return openFlagChoices(row);
      case 'flag':
        if (actions.flag(id, button.dataset.label)) row.dataset.flagState = 'sending';
        else offline(actions);
        return closeMenu(row);
      case 'edit-open':
        closeMenu(row, false);
        return openEditor(row, actions);
      case 'edit-cancel': return closeEditor(row);
      case 'delete-open': return confirmDelete(row);
      case 'delete':
        if (!actions.remove(id)) offline(actions);
        return closeMenu(row);
      case 'close': return closeMenu(row);
      default: return undefined;
    }
  });
  container.addEventListener('submit', event => {
    const form = event.target.closest('form.edit-form');
    const row = form?.closest('li.msg[data-id]');
    if (!row) return;
    event.preventDefault();
    const text = form.querySelector('textarea').value.trim();
    if (text === '' || text === row.dataset.text) return closeEditor(row);
    if (!actions.edit(row.dataset.id, text)) return offline(actions);
    return closeEditor(row);
  });
  container.addEventListener('keydown', event => {
    const row = event.target.closest('li.msg[data-id]');
    if (!row) return;
    if (event.key === 'Escape') {
      if (row.querySelector('.edit-form')) closeEditor(row);
      else if (row.querySelector('.msg-menu')) closeMenu(row);
      else return;
      event.stopPropagation();
    } else if (event.key === 'Enter' && !event.shiftKey && event.target.matches('.edit-form textarea')) {
      event.preventDefault();
      event.target.form.requestSubmit();
    }
  });
}

function offline(actions) {
  actions.problem('You are offline; try again once connected.');
}

function markMine(row, emoji, mine) {
  const set = new Set(JSON.parse(row.dataset.myReactions ?? '[]'));
  if (mine) set.add(emoji);
  else set.delete(emoji);
  row.dataset.myReactions = JSON.stringify([...set]);
}

function toggleDetails(row, show) {
  const details = row.querySelector('.details');
  if (!details || details.textContent === '' || row.dataset.deleted) return;
  details.hidden = show === undefined ? !details.hidden : !show;
}

function menuItem(action, text, extra = {}) {
  return el('button', { type: 'button', class: 'menu-item', dataset: { action, ...extra }, text });
}

function toggleMenu(row, button, moderates) {
  if (row.querySelector('.msg-menu')) return closeMenu(row);
  for (const open of document.querySelectorAll('.msg-menu')) closeMenu(open.closest('li.msg'), false);
  const mine = row.classList.contains('mine');
  const hasMood = row.querySelector('.sentiment:not([hidden])') !== null;
  const menu = el('div', { class: 'msg-menu', role: 'group', 'aria-label': 'Message actions' },
    menuItem('react-open', 'React…'),
    mine ? menuItem('edit-open', 'Edit') : null,
    mine || moderates ? menuItem('delete-open', 'Delete…') : null,
    hasMood ? menuItem('details', 'Show mood score') : null,
    hasMood ? menuItem('flag-open', 'Mood label wrong?') : null,
    menuItem('close', 'Close'));
  row.querySelector('.bubble').append(menu);
  button.setAttribute('aria-expanded', 'true');
  menu.querySelector('button').focus();
  return undefined;
}

function closeMenu(row, refocus = true) {
  row.querySelector('.msg-menu')?.remove();
  const more = row.querySelector('.more');
  more?.setAttribute('aria-expanded', 'false');
  if (refocus && more && !more.hidden) more.focus();
}

function replaceMenu(row, label, ...items) {
  const menu = row.querySelector('.msg-menu');
  menu.setAttribute('aria-label', label);
  menu.replaceChildren(el('span', { class: 'menu-title', text: label }), ...items, menuItem('close', 'Cancel'));
  menu.querySelector('button').focus();
}

function openPicker(row) {
  replaceMenu(row, 'React with',
    ...REACTION_CHOICES.map(emoji => el('button', {
      type: 'button', class: 'menu-item react-choice', dataset: { action: 'react', emoji },
      'aria-label': `React with ${emoji}`, text: emoji,
    })));
}

function openFlagChoices(row) {
  const current = row.querySelector('.sentiment')?.dataset.label;
  replaceMenu(row, `The model said ${current}. The right label is`,
    ...['positive', 'neutral', 'negative'].filter(l => l !== current).map(label =>
      el('button', { type: 'button', class: 'menu-item flag-choice', dataset: { action: 'flag', label }, text: label })));
}

function confirmDelete(row) {
  replaceMenu(row, 'Delete this message for everyone?',
    el('button', { type: 'button', class: 'menu-item danger', dataset: { action: 'delete' }, text: 'Delete' }));
}

function openEditor(row) {
  const text = row.querySelector('.text');
  text.hidden = true;
  const area = el('textarea', { rows: '2', 'aria-label': 'Edit your message', maxlength: '8000' });
  area.value = row.dataset.text ?? text.textContent;
  const form = el('form', { class: 'edit-form' }, area,
    el('div', { class: 'edit-actions' },
      el('button', { type: 'submit', class: 'primary small', text: 'Save' }),
      el('button', { type: 'button', class: 'ghost small', dataset: { action: 'edit-cancel' }, text: 'Cancel' })));
  text.after(form);
  area.focus();
  area.setSelectionRange(area.value.length, area.value.length);
}

function closeEditor(row) {
  row.querySelector('.edit-form')?.remove();
  row.querySelector('.text').hidden = false;
  row.querySelector('.more')?.focus();
}

export { showReactions };
