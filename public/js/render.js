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

export function timeEl(ts) {
  const date = new Date(ts);
  const today = new Date().toDateString() === date.toDateString();
  const label = today ? timeFormat.format(date) : `${dayFormat.format(date)}, ${timeFormat.format(date)}`;
  return el('time', { datetime: date.toISOString(), title: dateTimeFormat.format(date), text: label });
}

export function signed(score) {
  const n = Number(score);
  if (!Number.isFinite(n)) return '?';
  return (n > 0 ? '+' : n < 0 ? '−' : '±') + Math.abs(n).toFixed(2);
}

const SENTIMENT_LABELS = new Set(['positive', 'neutral', 'negative']);

export function sentimentEl(sentiment) {
  if (!sentiment || typeof sentiment !== 'object') return el('span', { class: 'sentiment', 'data-label': 'unknown', hidden: true });
  const label = SENTIMENT_LABELS.has(sentiment.label) ? sentiment.label : 'unknown';
  const description = `Sentiment ${label}, score ${signed(sentiment.score)}, model ${sentiment.model ?? 'unknown'}`;
  return el('span', {
    class: 'sentiment',
    role: 'img',
    dataset: { label, score: String(sentiment.score), model: String(sentiment.model ?? '') },
    title: description,
    'aria-label': description,
  });
}

/** One stored message (it has an id). */
export function messageEl(message, me) {
  const mine = message.user === me;
  return el('li', { class: mine ? 'msg mine' : 'msg', dataset: { id: message.id } },
    avatar(message.user),
    el('div', { class: 'bubble' },
      el('div', { class: 'meta' },
        el('span', { class: 'author', text: message.user }),
        timeEl(message.ts),
        sentimentEl(message.sentiment),
        message.sentiment ? el('button', {
          type: 'button', class: 'flag', title: 'Wrong mood? Correct the label',
          'aria-label': 'Correct the sentiment label', 'aria-haspopup': 'true', text: '⚑',
        }) : null),
      el('p', { class: 'text', text: message.text })));
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

/** The label choices offered when a reader flags a message's sentiment. */
export function flagMenuEl(current) {
  return el('div', { class: 'flag-menu', role: 'group', 'aria-label': 'The right label is' },
    ...['positive', 'neutral', 'negative'].filter(l => l !== current).map(label =>
      el('button', { type: 'button', class: 'flag-choice', dataset: { label }, text: label })));
}

export function moodDescription(mood) {
  if (mood.score > 0.2) return { word: 'Upbeat', tone: 'positive' };
  if (mood.score < -0.2) return { word: 'Tense', tone: 'negative' };
  return { word: 'Calm', tone: 'neutral' };
}
