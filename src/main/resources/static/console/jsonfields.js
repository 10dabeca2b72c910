// Where a field of a JSON text is: the line of "virtualMachine.disks[1].sizeGB" (the path form of
// the API's problem errors[].field). A small scanner over the text, linear in its length; it
// stops at the first thing it cannot read (the server reports malformed JSON itself).

/** Map from every field path in the text to the 1-based line of its key (or array item). */
export function fieldLines(text) {
  const lines = new Map();
  let i = 0;
  let line = 1;
  const n = text.length;

  function ws() {
    while (i < n) {
      const c = text[i];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') return;
      i++;
    }
  }
  function string() {
    let out = '';
    i++; // opening quote
    while (i < n && text[i] !== '"') {
      if (text[i] === '\\') { out += text[i + 1] || ''; i += 2; continue; }
      if (text[i] === '\n') line++;
      out += text[i++];
    }
    i++;
    return out;
  }
  function value(at) {
    ws();
    if (i >= n) throw new Error('end');
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new Error('key');
        const keyLine = line;
        const key = string();
        const p = at ? at + '.' + key : key;
        if (!lines.has(p)) lines.set(p, keyLine);
        ws();
        if (text[i] !== ':') throw new Error(':');
        i++;
        value(p);
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        throw new Error('object');
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') { i++; return; }
      for (let k = 0; ; k++) {
        ws();
        const p = at + '[' + k + ']';
        if (!lines.has(p)) lines.set(p, line);
        value(p);
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        throw new Error('array');
      }
    } else if (c === '"') {
      string();
    } else {
      while (i < n && !',}] \t\r\n'.includes(text[i])) i++;
    }
  }
  try {
    value('');
  } catch (e) {
    // what was read so far still helps
  }
  return lines;
}

/**
 * The line an error's field points at: the field itself, else its nearest parent that the text
 * has (a missing field is reported where it belongs), else null.
 */
export function lineOf(lines, field) {
  let p = field || '';
  while (p) {
    if (lines.has(p)) return lines.get(p);
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) break;
    p = p.slice(0, cut);
  }
  return null;
}
