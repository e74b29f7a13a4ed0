// Who is signed in, on screen: the sign-in screen (signed out, with why), "Signed in as NAME" with a
// sign-out button on the join screen and in the top bar. The name is the one the gateway's
// `authenticated` frame gives, shown from the token's own claims until the first one arrives.

import { shownName } from './sign-in.js';

const $ = id => document.getElementById(id);

export class AccountView {
  /** signIn: the page's SignIn. */
  constructor(signIn) {
    this.signIn = signIn;
    this.screen = $('signin-screen');
    this.problem = $('signin-problem');
    this.badges = [$('join-account'), $('account')];
    // Signed in, the token names the user: no name to pick.
    this.nameFields = [$('join-user'), document.querySelector('label[for="join-user"]'), $('join-user-hint')];
    $('sign-in').addEventListener('click', () => this.go(() => signIn.signIn()));
    for (const button of document.querySelectorAll('button.sign-out')) {
      button.addEventListener('click', () => this.go(() => signIn.signOut()));
    }
  }

  /** The sign-in screen, with why the user is there (empty on a first visit). */
  showSignIn(reason = '') {
    for (const id of ['join-screen', 'chat']) $(id).hidden = true;
    this.badges.forEach(badge => { badge.hidden = true; });
    this.screen.hidden = false;
    this.problem.textContent = reason;
    $('sign-in').focus();
  }

  /** Signed in: the badges show `name` (the token's until the gateway names the user). */
  signedIn(name = shownName(this.signIn.token)) {
    this.screen.hidden = true;
    for (const badge of this.badges) {
      badge.hidden = false;
      badge.querySelector('.account-name').textContent = name;
    }
    this.nameFields.forEach(field => { field.hidden = true; });
    document.querySelector('#join-form .lead').textContent = 'Pick a room to start talking.';
  }

  async go(navigate) {
    try {
      await navigate();
    } catch {
      // crypto.subtle exists only in secure contexts (https, or localhost)
      this.showSignIn('Signing in needs this page to be opened over https.');
    }
  }
}
