// Input rules from PROTOCOL.md ("Identity" and "Client to server"). Lengths count
// Unicode code points, as the gateway does, so "😀" is one character, not two.

export const MAX_USER_CHARS = 32;
export const MAX_TEXT_CHARS = 2000;

const ROOM_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
// Unicode category Cc: C0 controls, DEL and the C1 controls.
const CONTROL_CHAR = /[\u0000-\u001f\u007f-\u009f]/;

export function codePoints(text) {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Returns null when `user` is a valid name, otherwise a sentence saying what is wrong. */
export function userProblem(user) {
  const n = codePoints(user);
  if (n === 0) return 'Choose a name.';
  if (n > MAX_USER_CHARS) return `Names are at most ${MAX_USER_CHARS} characters (this one has ${n}).`;
  if (CONTROL_CHAR.test(user)) return 'Names cannot contain control characters.';
  return null;
}

/** Returns null when `room` is a valid room name, otherwise a sentence saying what is wrong. */
export function roomProblem(room) {
  if (room.length === 0) return 'Choose a room.';
  if (room.length > 64) return 'Room names are at most 64 characters.';
  if (!ROOM_PATTERN.test(room)) return 'Room names use only letters A–Z, digits, "_" and "-".';
  return null;
}

/** The text as the gateway will store it: trimmed of white space at both ends. */
export function normalizeText(text) {
  return text.trim();
}

/** Returns null when `text` can be sent, otherwise a sentence saying what is wrong. */
export function textProblem(text) {
  const n = codePoints(normalizeText(text));
  if (n === 0) return 'Type a message.';
  if (n > MAX_TEXT_CHARS) return `Messages are at most ${MAX_TEXT_CHARS} characters (this one has ${n}).`;
  return null;
}

/**
 * decodeURIComponent, or null when the text is not valid percent-encoding: a link such as
 * `#%E0%A4%A` makes decodeURIComponent throw, and must not stop the page.
 */
export function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The room named by the page address: `#room`, `?room=room`, or null. */
export function roomFromLocation(location) {
  const hash = safeDecode(location.hash.replace(/^#/, ''));
  if (hash && roomProblem(hash) === null) return hash;
  const query = new URLSearchParams(location.search).get('room');
  if (query && roomProblem(query) === null) return query;
  return null;
}
