// The console: sign-in, the live store of definitions fed by the watch API, and the router.
import { ApiError, call, signIn, signOut, token, watch } from './api.js';
import { announce, h, replace } from './dom.js';
import { definitionsView, resetFilters } from './list.js';
import { detailView } from './detail.js';
import { editView } from './edit.js';
import { hostsView, networksView } from './others.js';
import { canWrite, changed, state } from './store.js';

state.leave = leave;

function onWatchEvent(event) {
  if (event.type === 'Relist') {
    state.definitions.clear();
    changed(null);
  } else if (event.type === 'Changed') {
    state.definitions.set(event.definition.name, event.definition);
    changed(event.definition.name);
  } else if (event.type === 'Deleted') {
    state.definitions.delete(event.definition.name);
    changed(event.definition.name);
  }
}

function onWatchState(s) {
  const el = document.getElementById('live');
  el.className = 'live live-' + s;
  el.textContent = s === 'live' ? 'Live' : s === 'reconnecting' ? 'Reconnecting…' : 'Signed out';
  if (s === 'unauthorized') leave('The token is no longer accepted: sign in again.');
}

function signInView(message) {
  const input = h('input', {
    id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
    'aria-describedby': 'token-help', spellcheck: 'false',
  });
  const error = h('p', { id: 'signin-error', class: 'field-error', role: 'alert' }, message || '');
  const form = h('form', { class: 'signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in'),
    h('label', { for: 'token' }, 'Bearer token'),
    input,
    h('p', { id: 'token-help', class: 'help' },
      'A token from hcs.security.tokens or data/operator.token. It is kept in this tab only.'),
    error,
    h('button', { type: 'submit', class: 'primary', id: 'signin' }, 'Sign in'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const me = await call('GET', '/api/v1/whoami', { tokenOverride: input.value.trim() });
      signIn(input.value.trim());
      await enter(me);
    } catch (err) {
      error.textContent = err instanceof ApiError && err.status === 401
        ? 'This token is not accepted.' : 'Sign-in failed: ' + err.message;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  });
  document.getElementById('nav').hidden = true;
  document.getElementById('signout').hidden = true;
  replace(document.getElementById('main'), form);
  input.focus();
}

async function enter(me) {
  state.me = me;
  const who = document.getElementById('who');
  replace(who, me.name + ' (' + me.role + ')');
  document.body.classList.toggle('role-operator', me.role === 'operator');
  document.getElementById('nav').hidden = false;
  document.getElementById('signout').hidden = false;
  document.getElementById('nav-new').hidden = !canWrite();
  try {
    await call('GET', '/api/v1/hosts');
    state.hostsAvailable = true;
  } catch (e) {
    state.hostsAvailable = false;
  }
  document.getElementById('nav-hosts').hidden = !state.hostsAvailable;
  state.definitions.clear();
  state.stopWatch = watch(onWatchEvent, onWatchState);
  route();
}

function leave(message) {
  if (state.stopWatch) state.stopWatch();
  state.stopWatch = null;
  state.me = null;
  state.definitions.clear();
  signOut();
  resetFilters();
  announce('');
  replace(document.getElementById('who'));
  document.getElementById('live').textContent = '';
  signInView(message);
}

let cleanup = null;
function route() {
  if (!state.me) return;
  if (cleanup) cleanup();
  cleanup = null;
  const main = document.getElementById('main');
  announce('');
  const hash = location.hash || '#/';
  const [, view, arg] = hash.match(/^#\/([a-z]*)\/?(.*)$/) || [];
  const name = arg ? decodeURIComponent(arg) : null;
  let title;
  if (view === 'definition' && name) {
    [cleanup, title] = detailView(main, name);
  } else if (view === 'new' && canWrite()) {
    [cleanup, title] = editView(main, null);
  } else if (view === 'edit' && name && canWrite()) {
    [cleanup, title] = editView(main, name);
  } else if (view === 'networks') {
    [cleanup, title] = networksView(main);
  } else if (view === 'hosts' && state.hostsAvailable) {
    [cleanup, title] = hostsView(main);
  } else {
    [cleanup, title] = definitionsView(main);
  }
  document.title = title + ' · HCS Orchestrator';
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.getAttribute('href') === '#/' + (view || '')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  // Moves focus to the new view's heading, so a screen reader announces it.
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

window.addEventListener('hashchange', route);
document.getElementById('signout').addEventListener('click', () => {
  // The next person starts from the list, not from the page the last one had open.
  history.replaceState(null, '', '#/');
  leave('');
});

(async () => {
  if (!token()) {
    signInView('');
    return;
  }
  try {
    await enter(await call('GET', '/api/v1/whoami'));
  } catch (err) {
    leave(err instanceof ApiError && err.status === 401 ? 'Sign in again.' : err.message);
  }
})();
