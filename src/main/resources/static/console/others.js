// Declared networks and the fleet's hosts: read when the page opens (neither has a watch feed).
import { call } from './api.js';
import { h, labelChips, replace, time } from './dom.js';
import { report } from './store.js';

function table(id, caption, headers, rows) {
  return h('div', { class: 'table-wrap' }, h('table', { id },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.length ? rows : h('tr', {},
      h('td', { colspan: String(headers.length), class: 'empty' }, 'None.')))));
}

function view(main, title, id, load) {
  const body = h('div', {}, h('p', { class: 'none' }, 'Loading…'));
  const refresh = h('button', { type: 'button', id: id + '-refresh' }, 'Refresh');
  replace(main, h('div', { class: 'heading' }, h('h1', {}, title), refresh), body);
  async function draw() {
    try {
      replace(body, await load());
    } catch (err) {
      replace(body);
      report(err, title);
    }
  }
  refresh.addEventListener('click', draw);
  draw();
  return [() => {}, title];
}

export function networksView(main) {
  return view(main, 'Networks', 'networks', async () => {
    const list = await call('GET', '/api/v1/networks');
    return table('networks', 'Declared networks', ['Name', 'Type', 'Subnet', 'Gateway'],
      list.map((n) => h('tr', {},
        h('th', { scope: 'row', 'data-label': 'Name' }, n.name),
        h('td', { 'data-label': 'Type' }, n.type),
        h('td', { 'data-label': 'Subnet' }, n.subnet || '—'),
        h('td', { 'data-label': 'Gateway' }, n.gateway || '—'))));
  });
}

function resources(r) {
  return r ? (r.processors ?? '?') + ' CPU, ' + (r.memoryMB ?? '?') + ' MB' : '—';
}

export function hostsView(main) {
  return view(main, 'Hosts', 'hosts', async () => {
    const list = await call('GET', '/api/v1/hosts');
    return table('hosts', 'The fleet\'s hosts', ['Name', 'State', 'Labels', 'Capacity',
      'Allocated', 'Definitions', 'Lease expires', 'Version'],
    list.map((x) => h('tr', {},
      h('th', { scope: 'row', 'data-label': 'Name' }, x.name),
      h('td', { 'data-label': 'State' }, h('span', {
        class: 'phase phase-' + (x.state === 'Ready' ? 'running'
          : x.state === 'Lost' ? 'failed' : 'stopping') }, x.state || 'Unknown')),
      h('td', { 'data-label': 'Labels' }, labelChips(x.labels)),
      h('td', { 'data-label': 'Capacity' }, resources(x.capacity)),
      h('td', { 'data-label': 'Allocated' }, resources(x.allocated)),
      h('td', { 'data-label': 'Definitions' }, Array.isArray(x.definitions)
        ? String(x.definitions.length) : String(x.definitions ?? '—')),
      h('td', { 'data-label': 'Lease expires' }, time(x.leaseExpiresAt)),
      h('td', { 'data-label': 'Version' }, x.version || '—'))));
  });
}
