// One definition: spec, status, conditions, live events, its HCS document and the actions the
// caller's role allows. Every write carries If-Match with the generation on screen.
import { ApiError, call, path } from './api.js';
import { announce, facts, h, jsonBlock, labelChips, lastExit, phaseBadge, replace, time }
  from './dom.js';
import { canWrite, onChange, report, state } from './store.js';

const VM_ONLY = new Set(['pause', 'resume', 'save']);
// Confirmed first: each ends or replaces what runs (or removes the definition).
const ACTIONS = [
  { action: 'start', label: 'Start' },
  { action: 'stop', label: 'Stop', confirm: 'Stop {name}? It shuts down and stays stopped.' },
  { action: 'restart', label: 'Restart',
    confirm: 'Restart {name}? Its compute system is stopped and replaced.' },
  { action: 'pause', label: 'Pause' },
  { action: 'resume', label: 'Resume' },
  { action: 'save', label: 'Save', confirm: 'Save {name}? The VM\'s state is saved and it stops.' },
  { action: 'delete', label: 'Delete',
    confirm: 'Delete {name}? Its compute system, disks and network endpoints are removed.' },
];

/** A modal confirmation (a <dialog>: keyboard and screen reader friendly); resolves true on yes. */
export function confirmDialog(message, yes) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-text' },
      h('p', { id: 'confirm-text' }, message),
      h('form', { method: 'dialog', class: 'actions' },
        h('button', { value: 'cancel', id: 'confirm-cancel' }, 'Cancel'),
        h('button', { value: 'yes', class: 'danger', id: 'confirm-yes' }, yes)));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'yes');
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    dialog.querySelector('#confirm-cancel').focus();
  });
}

export function detailView(main, name) {
  let shown = null; // the definition as drawn
  let drawnIncarnation = null;
  let drawnGeneration = null;
  const heading = h('h1', {}, name);
  const phase = h('span', {});
  const actions = h('div', { class: 'actions', role: 'group', 'aria-label': 'Actions' });
  const status = h('section', { 'aria-labelledby': 'status-title' });
  const conditions = h('tbody', {});
  const events = h('tbody', {});
  const spec = h('div', {});
  const hcs = h('div', {});
  const gone = h('p', { class: 'notice notice-error', hidden: true, role: 'alert' },
    'This definition no longer exists.');

  replace(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, '← Definitions')),
    h('div', { class: 'heading' }, heading, phase),
    gone,
    canWrite() ? actions : null,
    h('div', { class: 'grid' },
      h('section', { 'aria-labelledby': 'status-title' }, h('h2', { id: 'status-title' }, 'Status'),
        status),
      h('section', { 'aria-labelledby': 'conditions-title' },
        h('h2', { id: 'conditions-title' }, 'Conditions'),
        h('div', { class: 'table-wrap' }, h('table', { id: 'conditions' },
          h('thead', {}, h('tr', {}, ['Type', 'Status', 'Reason', 'Message', 'Since']
            .map((t) => h('th', { scope: 'col' }, t)))), conditions)))),
    h('section', { 'aria-labelledby': 'events-title' },
      h('h2', { id: 'events-title' }, 'Events'),
      h('div', { class: 'table-wrap' }, h('table', { id: 'events', 'aria-live': 'polite' },
        h('thead', {}, h('tr', {}, ['Time', 'Type', 'Message', 'Incarnation']
          .map((t) => h('th', { scope: 'col' }, t)))), events))),
    h('section', { 'aria-labelledby': 'spec-title' }, h('h2', { id: 'spec-title' }, 'Spec'), spec),
    h('section', { 'aria-labelledby': 'hcs-title' },
      h('h2', { id: 'hcs-title' }, 'HCS document'), hcs));

  function drawActions(d) {
    if (!canWrite()) return;
    const vm = d.kind === 'VirtualMachine';
    const deleting = d.status && d.status.phase === 'Deleting';
    replace(actions,
      ACTIONS.filter((a) => vm || !VM_ONLY.has(a.action)).map((a) =>
        h('button', { type: 'button', id: 'action-' + a.action, disabled: deleting,
          class: a.action === 'delete' ? 'danger' : null,
          on: { click: () => act(a) } }, a.label)),
      h('a', { href: '#/edit/' + encodeURIComponent(d.name), class: 'button', id: 'action-edit' },
        'Edit'));
  }

  async function act(a) {
    const generation = shown.generation;
    if (a.confirm && !await confirmDialog(a.confirm.replace('{name}', name), a.label)) return;
    try {
      const done = a.action === 'delete'
        ? await call('DELETE', path.definition(name), { ifMatch: generation })
        : await call('POST', path.definition(name) + '/' + a.action, { ifMatch: generation });
      announce(a.label + ': accepted for ' + name + '.', 'ok');
      if (done && done.name) draw(done);
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        announce(name + ' changed meanwhile; the page shows it now. Nothing was done.', 'error');
        load();
      } else {
        report(err, a.label + ' failed');
      }
    }
  }

  // The watch stream is ordered and authoritative; an answer to a request (read or action) is
  // drawn only when it is newer than what the stream showed, since it may arrive after later events.
  function draw(d, fromWatch) {
    if (!fromWatch && shown && d.generation <= shown.generation) return;
    shown = d;
    gone.hidden = true;
    const s = d.status || {};
    replace(phase, phaseBadge(s.phase));
    drawActions(d);
    replace(status, facts([
      ['Kind', d.kind],
      ['Desired state', d.desiredState],
      ['Phase', s.phase],
      ['Host', s.host || '—'],
      ['Message', s.message || '—'],
      ['Restarts', String(s.restartCount ?? 0)],
      ['Last exit', lastExit(s.lastExit)],
      ['Next retry', time(s.nextRetryAt)],
      ['Compute system', s.computeSystemId || '—'],
      ['Incarnation', String(s.incarnation ?? '—')],
      ['Generation', String(d.generation) + ' (observed ' + String(s.observedGeneration ?? '—')
        + ')'],
      ['Labels', labelChips(d.labels)],
      ['Created', time(d.createdAt)],
      ['Updated', time(d.updatedAt)],
    ]));
    const conds = s.conditions || [];
    replace(conditions, conds.length === 0
      ? h('tr', {}, h('td', { colspan: '5', class: 'empty' }, 'None.'))
      : conds.map((c) => h('tr', {},
        h('td', { 'data-label': 'Type' }, c.type), h('td', { 'data-label': 'Status' }, c.status),
        h('td', { 'data-label': 'Reason' }, c.reason || ''),
        h('td', { 'data-label': 'Message' }, c.message || ''),
        h('td', { 'data-label': 'Since' }, time(c.lastTransitionTime)))));
    const { status: _s, generation: _g, createdAt: _c, updatedAt: _u, ...specOnly } = d;
    replace(spec, jsonBlock(specOnly, 'Spec of ' + name));
    if (drawnGeneration !== d.generation || drawnIncarnation !== s.incarnation) {
      drawnGeneration = d.generation;
      drawnIncarnation = s.incarnation;
      loadHcs();
    }
  }

  let eventsAsked = 0;
  async function loadEvents() {
    const asked = ++eventsAsked;
    try {
      const list = await call('GET', path.definition(name) + '/events?limit=50');
      // Answers may arrive out of order: only the latest request's is drawn.
      if (asked !== eventsAsked) return;
      replace(events, list.length === 0
        ? h('tr', {}, h('td', { colspan: '4', class: 'empty' }, 'No events yet.'))
        : list.map((e) => h('tr', { 'data-type': e.type },
          h('td', { 'data-label': 'Time' }, time(e.at)),
          h('td', { 'data-label': 'Type' }, e.type),
          h('td', { 'data-label': 'Message' }, e.message || ''),
          h('td', { 'data-label': 'Incarnation' }, e.incarnation === null ? '—'
            : String(e.incarnation)))));
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) report(err, 'Events');
    }
  }

  async function loadHcs() {
    try {
      replace(hcs, jsonBlock(await call('GET', path.definition(name) + '/hcs-document'),
        'HCS document of ' + name));
    } catch (err) {
      replace(hcs, h('p', { class: 'none' }, err instanceof ApiError && err.status !== 401
        ? 'Not available: ' + err.message : ''));
      if (err instanceof ApiError && err.status === 401) report(err, 'HCS document');
    }
  }

  async function load() {
    try {
      draw(await call('GET', path.definition(name)));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        gone.hidden = false;
        replace(actions);
      } else {
        report(err, 'Loading ' + name);
      }
    }
    loadEvents();
  }

  // Live: every change the watch API reports for this definition redraws it and re-reads its
  // events (a change of status comes with the events that explain it).
  const off = onChange((names) => {
    if (!names.has(name) && !names.has(null)) return;
    const d = state.definitions.get(name);
    if (d) {
      draw(d, true);
      loadEvents();
    } else if (shown) {
      gone.hidden = false;
      replace(actions);
      shown = null;
    }
  });
  const cached = state.definitions.get(name);
  if (cached) draw(cached, true);
  load();
  return [off, name];
}
