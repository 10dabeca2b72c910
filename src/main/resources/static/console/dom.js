// Building the page from data. Every value goes in as text (text nodes, textContent, attribute
// values): nothing the server or a user sent is ever parsed as markup.

/**
 * h('a', {href: '#/x', class: 'c'}, 'text', child, ...): an element. Attributes are set with
 * setAttribute (an event handler is given as on: {click: fn}); children are nodes or strings
 * (strings become text nodes); null and false children are skipped; arrays are flattened.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'on') {
      for (const [event, fn] of Object.entries(v)) el.addEventListener(event, fn);
    } else if (k === 'hidden' || k === 'disabled' || k === 'required') {
      el[k] = Boolean(v);
    } else {
      el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** The phases the API knows, in the order filters offer them. */
export const PHASES = ['Pending', 'Provisioning', 'Starting', 'Running', 'Paused', 'Saving',
  'Saved', 'Stopping', 'Stopped', 'BackOff', 'Failed', 'Deleting', 'Unknown'];

/** A phase as a coloured badge that also says the phase in words. */
export function phaseBadge(phase) {
  const p = PHASES.includes(phase) ? phase : 'Unknown';
  return h('span', { class: 'phase phase-' + p.toLowerCase() }, phase || 'Unknown');
}

/** An ISO time as local date and time, with the exact value in a <time> element. */
export function time(iso) {
  if (!iso) return h('span', { class: 'none' }, '—');
  const d = new Date(iso);
  const text = isNaN(d.getTime()) ? iso : d.toLocaleString();
  return h('time', { datetime: iso, title: iso }, text);
}

export function lastExit(exit) {
  if (!exit) return h('span', { class: 'none' }, '—');
  const code = exit.exitCode === null || exit.exitCode === undefined ? '' : ' (' + exit.exitCode + ')';
  return h('span', {}, exit.type + code + ' ', time(exit.at));
}

export function labelChips(labels) {
  const entries = Object.entries(labels || {});
  if (entries.length === 0) return h('span', { class: 'none' }, '—');
  return h('ul', { class: 'labels', 'aria-label': 'labels' },
    entries.map(([k, v]) => h('li', { class: 'label' }, k + '=' + v)));
}

/** A term/description list from [term, value] pairs. */
export function facts(pairs) {
  return h('dl', { class: 'facts' },
    pairs.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value ?? '—')]));
}

/** Pretty JSON in a scrollable, focusable block (so a keyboard can scroll it). */
export function jsonBlock(value, label) {
  return h('pre', { class: 'json', tabindex: '0', 'aria-label': label },
    JSON.stringify(value, null, 2));
}

/** Announces a message to screen readers and shows it in the page's status line. */
export function announce(message, kind) {
  const el = document.getElementById('notice');
  el.className = 'notice' + (kind ? ' notice-' + kind : '');
  el.textContent = message;
}
