// The definitions table: live, filtered by kind, phase, label and a search.
import { PHASES, h, labelChips, lastExit, phaseBadge, replace, time } from './dom.js';
import { canWrite, onChange, state } from './store.js';

// Filters outlive a visit to a definition's page (not a sign-out).
const filters = { kind: '', phase: '', label: '', search: '' };

export function resetFilters() {
  for (const k of Object.keys(filters)) filters[k] = '';
}

function matches(d) {
  if (filters.kind && d.kind !== filters.kind) return false;
  if (filters.phase && (d.status && d.status.phase) !== filters.phase) return false;
  if (filters.label) {
    const [k, ...rest] = filters.label.split('=');
    const v = rest.join('=');
    const labels = d.labels || {};
    if (!(k.trim() in labels)) return false;
    if (rest.length > 0 && labels[k.trim()] !== v.trim()) return false;
  }
  if (filters.search) {
    const q = filters.search.toLowerCase();
    const hay = [d.name, d.kind, d.status && d.status.phase, d.status && d.status.host,
      d.status && d.status.message, ...Object.entries(d.labels || {}).map(([k, v]) => k + '=' + v)];
    if (!hay.some((s) => s && String(s).toLowerCase().includes(q))) return false;
  }
  return true;
}

function row(d) {
  const s = d.status || {};
  const link = h('a', { href: '#/definition/' + encodeURIComponent(d.name), 'data-name': d.name },
    d.name);
  return h('tr', { 'data-name': d.name },
    h('th', { scope: 'row', 'data-label': 'Name' }, link),
    h('td', { 'data-label': 'Kind' }, d.kind),
    h('td', { 'data-label': 'Phase' }, phaseBadge(s.phase)),
    h('td', { 'data-label': 'Desired' }, d.desiredState),
    h('td', { 'data-label': 'Host' }, s.host || h('span', { class: 'none' }, '—')),
    h('td', { 'data-label': 'Restarts', class: 'num' }, String(s.restartCount ?? 0)),
    h('td', { 'data-label': 'Last exit' }, lastExit(s.lastExit)),
    h('td', { 'data-label': 'Next retry' }, time(s.nextRetryAt)),
    h('td', { 'data-label': 'Labels' }, labelChips(d.labels)));
}

function select(id, label, options, key) {
  const el = h('select', { id, name: key },
    options.map(([value, text]) => h('option', { value }, text)));
  el.value = filters[key];
  el.addEventListener('change', () => { filters[key] = el.value; draw(); });
  return h('div', { class: 'filter' }, h('label', { for: id }, label), el);
}

function input(id, label, key, placeholder) {
  const el = h('input', { id, name: key, type: 'search', placeholder, autocomplete: 'off' });
  el.value = filters[key];
  el.addEventListener('input', () => { filters[key] = el.value; draw(); });
  return h('div', { class: 'filter' }, h('label', { for: id }, label), el);
}

let tbody = null;
let count = null;

function draw() {
  if (!tbody) return;
  const focused = document.activeElement && document.activeElement.getAttribute('data-name');
  const all = [...state.definitions.values()].sort((a, b) => a.name.localeCompare(b.name));
  const shown = all.filter(matches);
  replace(tbody, shown.length === 0
    ? h('tr', {}, h('td', { colspan: '9', class: 'empty' },
      all.length === 0 ? 'No definitions yet.' : 'No definition matches the filters.'))
    : shown.map(row));
  count.textContent = shown.length + ' of ' + all.length + ' definitions';
  if (focused) {
    const again = [...tbody.querySelectorAll('a[data-name]')]
      .find((a) => a.getAttribute('data-name') === focused);
    if (again) again.focus();
  }
}

export function definitionsView(main) {
  const headers = ['Name', 'Kind', 'Phase', 'Desired', 'Host', 'Restarts', 'Last exit',
    'Next retry', 'Labels'];
  tbody = h('tbody', {});
  count = h('p', { id: 'count', class: 'count', 'aria-live': 'polite' });
  replace(main,
    h('div', { class: 'heading' },
      h('h1', {}, 'Definitions'),
      canWrite() ? h('a', { href: '#/new', class: 'button primary', id: 'new' }, 'New definition')
        : null),
    h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter definitions',
      on: { submit: (e) => e.preventDefault() } },
    select('filter-kind', 'Kind', [['', 'All kinds'], ['VirtualMachine', 'VirtualMachine'],
      ['Container', 'Container']], 'kind'),
    select('filter-phase', 'Phase', [['', 'All phases'], ...PHASES.map((p) => [p, p])], 'phase'),
    input('filter-label', 'Label', 'label', 'key or key=value'),
    input('filter-search', 'Search', 'search', 'name, label, host, message')),
    count,
    h('div', { class: 'table-wrap' },
      h('table', { class: 'definitions', id: 'definitions' },
        h('caption', { class: 'visually-hidden' }, 'Definitions and their state, updated live'),
        h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
        tbody)));
  draw();
  const off = onChange(draw);
  return [() => { off(); tbody = null; }, 'Definitions'];
}
