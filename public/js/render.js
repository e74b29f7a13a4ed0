import { signed } from './words.js';

// DOM builders. User data only ever reaches the page through textContent, setAttribute
// and dataset: never innerHTML, so "<img src=x onerror=...>" stays text.

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'style') for (const [p, v] of Object.entries(value)) node.style.setProperty(p, v);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children.filter(c => c !== null && c !== undefined));
  return node;
}

/** A small button that acts on a user (data-action, data-user), labelled for screen readers by what it does. */
export function userActionButton(action, user, label, text) {
  return el('button', { type: 'button', class: 'ghost small', dataset: { action, user }, 'aria-label': label, text });
}

/** A stable hue per name, so a person keeps their avatar colour across sessions. */
export function hueOf(name) {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)) % 360;
  return h;
}

export function avatar(name) {
  const initial = [...name.trim()][0]?.toUpperCase() ?? '?';
  return el('span', { class: 'avatar', 'aria-hidden': 'true', style: { '--hue': hueOf(name) }, text: initial });
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

export { signed };

export function timeEl(ts) {
  const date = new Date(ts);
  const today = new Date().toDateString() === date.toDateString();
  const label = today ? timeFormat.format(date) : `${dayFormat.format(date)}, ${timeFormat.format(date)}`;
  return el('time', { datetime: date.toISOString(), title: dateTimeFormat.format(date), text: label });
}

const SENTIMENT_LABELS = new Set(['positive', 'neutral', 'negative']);
// A shape as well as a colour, so the label reads without colour vision.
export const SENTIMENT_GLYPHS = { positive: '+', neutral: '=', negative: '−', unknown: '?' };

export function sentimentLabel(sentiment) {
  return SENTIMENT_LABELS.has(sentiment?.label) ? sentiment.label : 'unknown';
}

export function sentimentDescription(sentiment) {
  return `Sentiment ${sentimentLabel(sentiment)}, score ${signed(sentiment?.score)}, model ${sentiment?.model ?? 'unknown'}`;
}

/** The visible label chip: a glyph on the label's colour, with the label as text for screen readers. */
export function sentimentEl(sentiment) {
  if (!sentiment || typeof sentiment !== 'object') return el('span', { class: 'sentiment', 'data-label': 'unknown', hidden: true });
  const label = sentimentLabel(sentiment);
  const description = sentimentDescription(sentiment);
  return el('span', {
    class: 'sentiment',
    role: 'img',
    dataset: { label, score: String(sentiment.score), model: String(sentiment.model ?? '') },
    title: description,
    'aria-label': description,
  }, el('span', { 'aria-hidden': 'true', text: SENTIMENT_GLYPHS[label] }));
}

/** The legend of the chips, shown once at the top of each room. */
export function sentimentLegendEl() {
  return el('p', { class: 'legend' },
    el('span', { text: 'Mood of each message, as the model reads it: ' }),
    ...['positive', 'neutral', 'negative'].flatMap(label => [
      el('span', { class: 'sentiment', dataset: { label }, 'aria-hidden': 'true' },
        el('span', { text: SENTIMENT_GLYPHS[label] })),
      el('span', { class: 'legend-word', text: label }),
    ]),
    el('span', { text: '(tap a message for its score)' }));
}

const LINK = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

/** Only http and https become links, opened without handing this page to the target. */
export function safeHref(candidate) {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The text as nodes: plain text, links to http(s) addresses, and mentions of `me` marked. */
export function richText(text, me) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    const raw = match[0].replace(TRAILING, '');
    const href = safeHref(raw);
    if (!href) continue;
    nodes.push(...mentionNodes(text.slice(last, match.index), me));
    nodes.push(el('a', { href, target: '_blank', rel: 'noopener noreferrer', text: raw }));
    last = match.index + raw.length;
  }
  nodes.push(...mentionNodes(text.slice(last), me));
  return nodes;
}

function mentionNodes(text, me) {
  if (!me || text === '') return [text];
  const lower = text.toLowerCase();
  const needle = `@${me.toLowerCase()}`;
  const nodes = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
    nodes.push(text.slice(from, at), el('mark', { class: 'mention', text: text.slice(at, at + needle.length) }));
    from = at + needle.length;
  }
  nodes.push(text.slice(from));
  return nodes.filter(n => n !== '');
}

/** Whether a message speaks to `me`: the server's mentions, or "@me" in its text. */
export function mentions(message, me) {
  if (!me || message.user === me || typeof message.text !== 'string') return false;
  if (Array.isArray(message.mentions)) return message.mentions.includes(me);
  return message.text.toLowerCase().includes(`@${me.toLowerCase()}`);
}

/** One stored message (it has an id). */
export function messageEl(message, me) {
  const mine = message.user === me;
  // Shown by its display name (token mode: PROTOCOL.md, "Extensions: display names"); the user stays the identity.
  const shown = message.name ?? message.user;
  const row = el('li', { class: mine ? 'msg mine' : 'msg', dataset: { id: message.id } },
    avatar(shown ?? '?'),
    el('div', { class: 'bubble' },
      el('div', { class: 'meta' },
        el('span', { class: 'author', text: shown ?? '', title: message.name ? message.user : null }),
        timeEl(message.ts ?? Date.now()),
        sentimentEl(message.sentiment),
        el('span', { class: 'edited', hidden: true, text: '(edited)' }),
        el('button', {
          type: 'button', class: 'more', 'aria-label': `Actions for this message`, 'aria-haspopup': 'true',
          'aria-expanded': 'false', text: '⋯',
        })),
      el('p', { class: 'text' }),
      el('p', { class: 'details', hidden: true }),
      el('div', { class: 'reactions', hidden: true }),
      el('p', { class: 'flag-note', role: 'status', hidden: true })));
  updateMessageEl(row, message, me);
  return row;
}

/** Brings a message row up to date with an edit, a delete or new reactions. */
export function updateMessageEl(row, message, me) {
  const text = row.querySelector('.text');
  if (message.deleted) {
    row.dataset.deleted = 'true';
    text.replaceChildren('This message was deleted.');
    row.querySelector('.sentiment').hidden = true;
    row.querySelector('.more').hidden = true;
    row.querySelector('.edited').hidden = true;
    row.querySelector('.reactions').hidden = true;
    row.querySelector('.details').hidden = true;
    row.querySelector('.msg-menu')?.remove();
    return;
  }
  if (typeof message.text === 'string') {
    text.replaceChildren(...richText(message.text, me));
    row.dataset.text = message.text;
    if (mentions(message, me)) row.dataset.mention = 'true';
    else delete row.dataset.mention;
  }
  if (message.sentiment) {
    row.querySelector('.sentiment').replaceWith(sentimentEl(message.sentiment));
    row.querySelector('.details').textContent = detailsText(message.sentiment);
  }
  if (message.editedTs) {
    const edited = row.querySelector('.edited');
    edited.hidden = false;
    edited.title = `Edited ${new Date(message.editedTs).toLocaleString()}`;
  }
  if (message.reactions) showReactions(row, message.reactions);
}

function detailsText(sentiment) {
  const label = sentimentLabel(sentiment);
  return `Mood: ${label}, score ${signed(sentiment.score)} on a scale from −1 to +1, model ${sentiment.model ?? 'unknown'}`;
}

/** The reaction counts under a message; those of `mine` (a Set of emoji) are pressed. */
export function showReactions(row, reactions, mine = new Set(JSON.parse(row.dataset.myReactions ?? '[]'))) {
  row.dataset.myReactions = JSON.stringify([...mine]);
  const box = row.querySelector('.reactions');
  const entries = Object.entries(reactions ?? {}).filter(([, n]) => Number(n) > 0);
  box.hidden = entries.length === 0;
  box.replaceChildren(...entries.map(([emoji, n]) => el('button', {
    type: 'button', class: 'reaction', dataset: { emoji },
    'aria-pressed': String(mine.has(emoji)),
    'aria-label': `${emoji} ${n}, ${mine.has(emoji) ? 'remove your reaction' : 'react too'}`,
  }, el('span', { class: 'emoji', text: emoji }), el('span', { class: 'n', text: String(n) }))));
}

const PENDING_STATES = {
  queued: 'Waiting for connection…',
  sending: 'Sending…',
  retrying: 'Will retry shortly',
  acked: 'Sent',
  failed: 'Not sent',
};

/** A message of ours the gateway has not confirmed yet. */
export function pendingEl(clientMsgId, text, me, createdAt) {
  return el('li', { class: 'msg mine pending', dataset: { clientMsgId, state: 'queued' } },
    avatar(me),
    el('div', { class: 'bubble' },
      el('div', { class: 'meta' },
        el('span', { class: 'author', text: me }),
        timeEl(createdAt ?? Date.now()),
        el('span', { class: 'state', role: 'status', text: PENDING_STATES.queued })),
      el('p', { class: 'text', text }),
      el('div', { class: 'pending-actions', hidden: true },
        el('button', { type: 'button', class: 'link', dataset: { action: 'retry' }, text: 'Retry' }),
        el('button', { type: 'button', class: 'link', dataset: { action: 'discard' }, text: 'Discard' }))));
}

export function updatePendingEl(node, { state, code, message, retryAt }) {
  node.dataset.state = state;
  let label = PENDING_STATES[state] ?? state;
  if (state === 'retrying') {
    const seconds = Math.max(1, Math.round((retryAt - Date.now()) / 1000));
    label = code === 'rate_limited' ? `Sending too fast, retrying in ${seconds} s` : `Server busy, retrying in ${seconds} s`;
  } else if (state === 'failed') {
    label = `Not sent: ${problemText(code, message)}`;
  }
  node.querySelector('.state').textContent = label;
  node.querySelector('.pending-actions').hidden = state !== 'failed';
}

export function problemText(code, message) {
  switch (code) {
    case 'rate_limited': return 'you are sending too fast; your messages will go out in a moment.';
    case 'too_large': return 'the message is longer than 2000 characters.';
    case 'unavailable': return 'the server cannot store messages right now; they will be retried.';
    case 'not_member': return 'you were not in the room any more; rejoining.';
    case 'name_taken': return 'someone else is using that name in this room; choose another.';
    case 'forbidden': return message ? `not allowed (${message}).` : 'not allowed.';
    case 'bad_request': return message ? `the server refused it (${message}).` : 'the server refused it.';
    default: return message || code || 'unknown error';
  }
}


