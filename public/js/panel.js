// The side panel as a drawer on narrow screens: opened by its toggle, closed by its close button,
// a tap outside it (on the backdrop), Escape, or the phone's back gesture. Opening pushes a history
// entry, so "back" closes the drawer instead of leaving the page.

const NARROW = '(max-width: 720px)';

export class Drawer {
  constructor({ panel, toggle, close, backdrop, onOpen = () => {} }) {
    Object.assign(this, { panel, toggle, closeButton: close, backdrop, onOpen });
    this.pushed = false;
    toggle.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));
    close.addEventListener('click', () => this.close());
    backdrop.addEventListener('click', () => this.close());
    document.addEventListener('keydown', event => {
      if (event.key === 'Escape' && this.isOpen) this.close();
    });
    this.afterBack = null;     // resolves close()'s promise once the pushed entry is gone
    addEventListener('popstate', () => {
      const done = this.afterBack;
      this.afterBack = null;
      if (this.pushed) {
        this.pushed = false;
        this.close();
      }
      done?.();
    });
    matchMedia(NARROW).addEventListener('change', () => this.close());
  }

  get isOpen() {
    return this.panel.classList.contains('open');
  }

  open() {
    if (this.isOpen) return;
    this.panel.classList.add('open');
    this.backdrop.hidden = !matchMedia(NARROW).matches;
    this.toggle.setAttribute('aria-expanded', 'true');
    if (matchMedia(NARROW).matches) {
      history.pushState({ drawer: true }, '', location.href);
      this.pushed = true;
      this.closeButton.focus();
    }
    this.onOpen();
  }

  /**
   * Closes the drawer; a history entry it pushed is taken back, so "back" then leaves as usual.
   * Resolves once that entry is gone: the address may change only after it (history.back is async).
   */
  close() {
    if (!this.isOpen) return Promise.resolve();
    this.panel.classList.remove('open');
    this.backdrop.hidden = true;
    this.toggle.setAttribute('aria-expanded', 'false');
    if (matchMedia(NARROW).matches) this.toggle.focus();
    if (!this.pushed) return Promise.resolve();
    this.pushed = false;
    const gone = new Promise(resolve => { this.afterBack = resolve; });
    history.back();
    return gone;
  }
}
