// Create or edit a definition as JSON. The server validates; its errors[] are shown next to the
// field they name, on the line of the JSON that holds it.
import { ApiError, call, path } from './api.js';
import { announce, h, replace } from './dom.js';
import { lineOf, fieldLines } from './jsonfields.js';
import { report } from './store.js';

const TEMPLATE = {
  name: 'web-01',
  kind: 'VirtualMachine',
  desiredState: 'Running',
  restartPolicy: 'Always',
  labels: { tier: 'web' },
  virtualMachine: { processors: 2, memoryMB: 2048, disks: [{ name: 'os', sizeGB: 20 }] },
};

const SERVER_FIELDS = ['generation', 'createdAt', 'updatedAt', 'status'];

export function editView(main, name) {
  const creating = name === null;
  let generation = null;
  const title = creating ? 'New definition' : 'Edit ' + name;
  const textarea = h('textarea', {
    id: 'definition-json', name: 'definition', rows: '12', spellcheck: 'false',
    autocomplete: 'off', 'aria-describedby': 'json-help problems',
  });
  const problems = h('div', { id: 'problems', class: 'problems', 'aria-live': 'assertive' });
  const save = h('button', { type: 'submit', class: 'primary', id: 'submit' },
    creating ? 'Create' : 'Save changes');
  const form = h('form', { class: 'editor', 'aria-labelledby': 'edit-title' },
    h('label', { for: 'definition-json' }, 'Definition (JSON)'),
    h('p', { id: 'json-help', class: 'help' },
      'The fields of the API\'s Definition resource. Fields the server adds (status, generation,'
      + ' times) are ignored here.'),
    textarea,
    problems,
    h('div', { class: 'actions' }, save,
      h('a', { href: creating ? '#/' : '#/definition/' + encodeURIComponent(name),
        class: 'button' }, 'Cancel')));

  replace(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, '← Definitions')),
    h('h1', { id: 'edit-title' }, title),
    form);

  if (creating) {
    textarea.value = JSON.stringify(TEMPLATE, null, 2);
    fit();
  } else {
    call('GET', path.definition(name)).then((d) => {
      generation = d.generation;
      const body = {};
      for (const [k, v] of Object.entries(d)) if (!SERVER_FIELDS.includes(k)) body[k] = v;
      textarea.value = JSON.stringify(body, null, 2);
      fit();
    }).catch((err) => report(err, 'Loading ' + name));
  }

  function showProblems(text, problem) {
    textarea.setAttribute('aria-invalid', 'true');
    const errors = problem.errors || [];
    const lines = fieldLines(text);
    const byLine = new Map();
    const loose = [];
    for (const e of errors) {
      const at = lineOf(lines, e.field);
      if (at === null) loose.push(e);
      else byLine.set(at, [...(byLine.get(at) || []), e]);
    }
    const summary = h('p', { class: 'field-error', role: 'alert', id: 'problem-summary' },
      problem.detail || problem.title || 'The definition was refused.');
    // The JSON as sent, line by line, each error right under the line of its field.
    const listing = h('ol', { class: 'listing', 'aria-label': 'Your JSON with the errors' },
      text.split('\n').map((content, k) => {
        const errs = byLine.get(k + 1) || [];
        return h('li', { class: errs.length ? 'bad' : null, value: String(k + 1) },
          h('code', {}, content || ' '),
          errs.map((e) => fieldError(e, k + 1)));
      }));
    replace(problems, summary,
      loose.length ? h('ul', { class: 'loose' }, loose.map((e) => h('li', {}, fieldError(e))))
        : null,
      byLine.size ? listing : null);
    const first = listing.querySelector('li.bad') || summary;
    first.scrollIntoView({ block: 'center' });
  }

  // As tall as its text, so the annotated copy below stays close to it.
  function fit() {
    textarea.rows = Math.min(30, Math.max(8, textarea.value.split('\n').length + 1));
  }
  textarea.addEventListener('input', fit);

  function fieldError(e, at) {
    return h('span', { class: 'field-error', 'data-field': e.field || '' },
      h('strong', {}, e.field || '(body)'), ': ', e.message || 'invalid',
      at ? [' ', h('button', { type: 'button', class: 'link', on: { click: () => goTo(at) },
        'aria-label': 'Go to line ' + at + ' of the JSON' }, '(line ' + at + ')')] : null);
  }

  function goTo(line) {
    const text = textarea.value;
    let start = 0;
    for (let k = 1; k < line && start >= 0; k++) start = text.indexOf('\n', start) + 1;
    const end = text.indexOf('\n', start);
    textarea.focus();
    textarea.setSelectionRange(start, end < 0 ? text.length : end);
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = textarea.value;
    let body;
    try {
      const parsed = JSON.parse(text);
      if (parsed && typeof parsed === 'object') for (const k of SERVER_FIELDS) delete parsed[k];
      body = JSON.stringify(parsed);
    } catch (err) {
      showProblems(text, { detail: 'This is not valid JSON: ' + err.message });
      return;
    }
    save.disabled = true;
    try {
      const d = creating
        ? await call('POST', '/api/v1/definitions', { body })
        : await call('PUT', path.definition(name), { body, ifMatch: generation });
      announce((creating ? 'Created ' : 'Saved ') + d.name + '.', 'ok');
      location.hash = '#/definition/' + encodeURIComponent(d.name);
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) {
        showProblems(text, { detail: name + ' was changed by someone else meanwhile. Reload the'
          + ' page to edit the current version; nothing was saved.' });
      } else if (err instanceof ApiError && err.status !== 401 && err.status < 500) {
        showProblems(text, err.problem);
      } else {
        report(err, 'Saving');
      }
    } finally {
      save.disabled = false;
    }
  });
  textarea.focus();
  return [() => {}, title];
}
