// The REST API with the token of this tab. The token lives in sessionStorage only: never in a
// cookie, never in a URL.

const KEY = 'hcs.console.token';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function signIn(value) {
  sessionStorage.setItem(KEY, value);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** An answer that is not 2xx: status and the problem body (RFC 9457) when there is one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || 'HTTP ' + status);
    this.status = status;
    this.problem = problem || {};
  }
}

/**
 * fetch with the bearer token. ifMatch is the generation the page shows: a write with a stale one
 * is refused (412) instead of overwriting a newer change.
 */
export async function call(method, path, { body, ifMatch, tokenOverride } = {}) {
  const headers = { Accept: 'application/json' };
  const t = tokenOverride ?? token();
  if (t) headers.Authorization = 'Bearer ' + t;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch !== undefined && ifMatch !== null) headers['If-Match'] = '"' + ifMatch + '"';
  const response = await fetch(path, {
    method, headers, body, cache: 'no-store', credentials: 'omit', redirect: 'error',
  });
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

export const path = {
  definition: (name) => '/api/v1/definitions/' + encodeURIComponent(name),
};

/**
 * Reads GET /api/v1/watch with fetch (EventSource cannot send the Authorization header) and calls
 * onEvent for every event's data. Reconnects with Last-Event-ID after a break, so no change is
 * missed; onState gets 'live', 'reconnecting' or 'unauthorized'. Returns a function that stops it.
 */
export function watch(onEvent, onState) {
  let lastId = null;
  let stopped = false;
  let controller = null;
  let delay = 500;

  async function connect() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const headers = { Accept: 'text/event-stream', Authorization: 'Bearer ' + token() };
        if (lastId) headers['Last-Event-ID'] = lastId;
        const response = await fetch('/api/v1/watch', {
          headers, cache: 'no-store', credentials: 'omit', signal: controller.signal,
        });
        if (response.status === 401) {
          onState('unauthorized');
          return;
        }
        if (!response.ok) throw new Error('HTTP ' + response.status);
        onState('live');
        delay = 500;
        await read(response.body);
      } catch (e) {
        if (stopped) return;
      }
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 10000);
    }
  }

  async function read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        dispatch(block);
      }
    }
  }

  function dispatch(block) {
    let data = '';
    let id = null;
    for (const line of block.split('\n')) {
      if (line.startsWith('data:')) data += line.slice(line.startsWith('data: ') ? 6 : 5);
      else if (line.startsWith('id:')) id = line.slice(line.startsWith('id: ') ? 4 : 3);
    }
    if (data) onEvent(JSON.parse(data));
    if (id !== null) lastId = id;
  }

  connect();
  return () => {
    stopped = true;
    if (controller) controller.abort();
  };
}
