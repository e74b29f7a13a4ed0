// Browser notifications for what speaks to this user while the tab is hidden: a mention, or a
// question in a room where only the asker and this user are online (a direct conversation).
// Nothing is shown until the user allowed notifications with the button (a browser asks only
// after a click).

import { mentions } from './render.js';

export class Notifier {
  constructor(button) {
    this.button = button;
    this.supported = typeof globalThis.Notification === 'function';
    button.addEventListener('click', async () => {
      try {
        await Notification.requestPermission();
      } finally {
        this.update();
      }
    });
    this.update();
  }

  update() {
    this.button.hidden = !this.supported || Notification.permission !== 'default';
  }

  /** Whether a message deserves a notification for `me` in a room of `online` members. */
  static speaksTo(message, me, online) {
    if (message.user === me || typeof message.text !== 'string') return false;
    return mentions(message, me) || (online === 2 && message.text.trim().endsWith('?'));
  }

  /** Shows a notification when the tab is hidden; a click brings the tab and the room to the front. */
  maybeNotify(room, message, me, online, openRoom) {
    if (!this.supported || Notification.permission !== 'granted' || document.visibilityState === 'visible') return;
    if (!Notifier.speaksTo(message, me, online)) return;
    const body = message.text.length > 140 ? `${message.text.slice(0, 139)}…` : message.text;
    const n = new Notification(`${message.name ?? message.user} in #${room}`, { body, tag: `${room}/${message.id}` });
    n.onclick = () => {
      globalThis.focus();
      openRoom(room);
      n.close();
    };
  }
}
