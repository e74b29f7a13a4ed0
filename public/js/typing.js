// "alice is typing…" under the conversation: a name shows for 5 s after its last typing frame,
// or until its message arrives.

const SHOWN_MS = 5000;

export class TypingView {
  constructor(line) {
    this.line = line;
    this.rooms = new Map();   // room -> Map(user -> {timer, name}); name: what to show (a display name, or the user)
    this.active = null;
  }

  show(room) {
    this.active = room;
    this.render();
  }

  typing(room, user, name = user) {
    if (!this.rooms.has(room)) this.rooms.set(room, new Map());
    const users = this.rooms.get(room);
    clearTimeout(users.get(user)?.timer);
    users.set(user, { timer: setTimeout(() => this.stopped(room, user), SHOWN_MS), name: name ?? user });
    if (room === this.active) this.render();
  }

  stopped(room, user) {
    const users = this.rooms.get(room);
    if (!users?.has(user)) return;
    clearTimeout(users.get(user).timer);
    users.delete(user);
    if (room === this.active) this.render();
  }

  forget(room) {
    for (const { timer } of this.rooms.get(room)?.values() ?? []) clearTimeout(timer);
    this.rooms.delete(room);
  }

  render() {
    const names = [...(this.rooms.get(this.active)?.values() ?? [])].map(t => t.name).sort();
    this.line.dataset.count = String(names.length);
    if (names.length === 0) this.line.textContent = '';
    else if (names.length === 1) this.line.textContent = `${names[0]} is typing…`;
    else if (names.length === 2) this.line.textContent = `${names[0]} and ${names[1]} are typing…`;
    else this.line.textContent = `${names.length} people are typing…`;
  }
}
