// What every view shares: the caller and the definitions as the watch API reports them.
import { ApiError } from './api.js';
import { announce } from './dom.js';

export const state = {
  me: null,
  hostsAvailable: false,
  definitions: new Map(),
  listeners: new Set(),
  leave: () => {},
};

/** Views subscribe here; they get the set of names that changed (null inside: everything). */
export function onChange(listener) {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}

export function canWrite() {
  return Boolean(state.me && state.me.role === 'operator');
}

let pending = null;
/** Many events arrive together (the initial list): views redraw once per frame. */
export function changed(name) {
  if (pending === null) {
    pending = new Set();
    requestAnimationFrame(() => {
      const names = pending;
      pending = null;
      for (const l of [...state.listeners]) l(names);
    });
  }
  pending.add(name);
}

/** Any failed call: tells the user; a 401 signs out. */
export function report(err, what) {
  if (err instanceof ApiError && err.status === 401) {
    state.leave('The token is no longer accepted: sign in again.');
    return;
  }
  announce(what + ': ' + err.message, 'error');
}
