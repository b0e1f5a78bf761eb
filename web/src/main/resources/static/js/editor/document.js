// The policy document: the JSON text area is the document (without scripts the page still edits and saves it).
// This module reads it, finds values by JSON pointer, and writes edits back into the text at the span of what
// changed, so that a hand-formatted document keeps its layout when a checkbox is clicked.

/** A JSON text's values with their spans: {type, start, end, members: [{key, start, value}], items: [node]}. */
export function spans(text) {
  let at = 0;
  const fail = (message) => {
    const error = new SyntaxError(message);
    error.offset = at;
    throw error;
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at])) {
      at++;
    }
  };
  const expect = (char) => {
    if (text[at] !== char) {
      fail(at >= text.length ? `the text ends where ${char} is expected` : `${char} expected, found ${text[at]}`);
    }
    at++;
  };
  const closing = (char) => {
    if (text[at] !== char) {
      fail(at >= text.length ? `the text ends where , or ${char} is expected` : `, or ${char} expected, found ${text[at]}`);
    }
  };
  const string = () => {
    const start = at;
    expect('"');
    while (text[at] !== '"') {
      if (at >= text.length || text[at] < ' ') {
        fail('a string is not closed on its line');
      }
      at += text[at] === '\\' ? 2 : 1;
    }
    at++;
    return JSON.parse(text.slice(start, at));
  };
  const value = () => {
    space();
    const start = at;
    const char = text[at];
    if (char === '{') {
      at++;
      const members = [];
      space();
      if (text[at] !== '}') {
        for (;;) {
          space();
          const memberStart = at;
          const key = string();
          space();
          expect(':');
          members.push({ key, start: memberStart, value: value() });
          space();
          if (text[at] !== ',') {
            closing('}');
            break;
          }
          at++;
        }
      }
      expect('}');
      return { type: 'object', start, end: at, members };
    }
    if (char === '[') {
      at++;
      const items = [];
      space();
      if (text[at] !== ']') {
        for (;;) {
          items.push(value());
          space();
          if (text[at] !== ',') {
            closing(']');
            break;
          }
          at++;
        }
      }
      expect(']');
      return { type: 'array', start, end: at, items };
    }
    if (char === '"') {
      string();
    } else {
      const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(at, at + 400));
      if (!literal) {
        fail(at >= text.length ? 'the text ends where a value is expected' : `a value is expected, found ${text[at]}`);
      }
      at += literal[0].length;
    }
    return { type: 'value', start, end: at };
  };
  const root = value();
  space();
  if (at < text.length) {
    fail(`nothing may follow the document, found ${text[at]}`);
  }
  return root;
}

/** Where a JSON text fails to parse: {message, line, column} (both counted from 1), or null when it parses. */
export function syntaxError(text) {
  try {
    JSON.parse(text);
    return null;
  } catch (parseError) {
    let offset = text.length;
    let message = parseError.message;
    try {
      spans(text);
    } catch (e) {
      offset = e.offset;
      message = e.message;
    }
    const before = text.slice(0, offset).split('\n');
    return { message, line: before.length, column: before[before.length - 1].length + 1, offset };
  }
}

const tokens = (pointer) => pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));

/** The value a JSON pointer names in {@code value}, or undefined. */
export function valueAt(value, pointer) {
  return tokens(pointer).reduce((v, token) => (v !== null && typeof v === 'object' ? v[token] : undefined), value);
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Text for a new value, indented like the line it goes into; lists of plain values on one line, as people write them. */
function format(value, indent, inline = false) {
  if (Array.isArray(value)) {
    if (inline || value.every((v) => v === null || typeof v !== 'object')) {
      return `[${value.map((v) => format(v, indent, true)).join(', ')}]`;
    }
    return `[\n${value.map((v) => `${indent}  ${format(v, `${indent}  `)}`).join(',\n')}\n${indent}]`;
  }
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (!entries.length) {
      return '{}';
    }
    if (inline) {
      return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${format(v, indent, true)}`).join(', ')} }`;
    }
    return `{\n${entries.map(([k, v]) => `${indent}  ${JSON.stringify(k)}: ${format(v, `${indent}  `)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

const indentAt = (text, offset) => /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', offset - 1) + 1))[0];

/** The text edits ({start, end, text}) that turn the value {@code node} spans from {@code before} into {@code after}. */
function edits(text, node, before, after, out) {
  if (same(before, after)) {
    return out;
  }
  if (node.type === 'object' && isObject(before) && isObject(after) && node.members.some((m) => m.key in after)) {
    const members = node.members;
    // Each run of removed members goes with one comma next to it.
    for (let i = 0; i < members.length; i++) {
      if (members[i].key in after) {
        edits(text, members[i].value, before[members[i].key], after[members[i].key], out);
        continue;
      }
      let j = i;
      while (j < members.length && !(members[j].key in after)) {
        j++;
      }
      out.push(j < members.length ? { start: members[i].start, end: members[j].start, text: '' }
        : { start: members[i - 1].value.end, end: members[j - 1].value.end, text: '' });
      i = j - 1;
    }
    const added = Object.keys(after).filter((key) => !(key in before));
    if (added.length) {
      const kept = members.filter((m) => m.key in after);
      const at = kept[kept.length - 1].value.end;
      const separator = members.length > 1 ? text.slice(members[0].value.end, members[1].start).replace(/^\s*,/, '')
        : text.slice(node.start + 1, members[0].start) || ' ';
      const inline = !text.slice(node.start, node.end).includes('\n');
      const indent = indentAt(text, members[0].start);
      out.push({ start: at, end: at,
        text: added.map((key) => `,${separator}${JSON.stringify(key)}: ${format(after[key], indent, inline)}`).join('') });
    }
    return out;
  }
  if (node.type === 'array' && Array.isArray(before) && Array.isArray(after) && node.items.length) {
    const items = node.items;
    let head = 0;
    while (head < before.length && head < after.length && same(before[head], after[head])) {
      head++;
    }
    let tail = 0;
    while (tail < before.length - head && tail < after.length - head
      && same(before[before.length - 1 - tail], after[after.length - 1 - tail])) {
      tail++;
    }
    const oldEnd = before.length - tail;
    const newEnd = after.length - tail;
    const paired = Math.min(oldEnd, newEnd) - head;
    for (let i = 0; i < paired; i++) {
      edits(text, items[head + i], before[head + i], after[head + i], out);
    }
    const multiline = items.length > 1 ? text.slice(items[0].end, items[1].start).includes('\n')
      : text.slice(node.start, items[0].start).includes('\n');
    const indent = indentAt(text, items[0].start);
    const separator = items.length > 1 ? text.slice(items[0].end, items[1].start) : multiline ? `,\n${indent}` : ', ';
    const inline = !items.some((item) => text.slice(item.start, item.end).includes('\n'));
    const removeFrom = head + paired;
    if (removeFrom < oldEnd) {
      out.push(oldEnd < items.length ? { start: items[removeFrom].start, end: items[oldEnd].start, text: '' }
        : removeFrom > 0 ? { start: items[removeFrom - 1].end, end: items[oldEnd - 1].end, text: '' }
          : { start: node.start, end: node.end, text: '[]' });
    }
    const added = after.slice(head + paired, newEnd).map((v) => format(v, indent, inline));
    if (added.length) {
      const at = head + paired;
      out.push(at > 0 ? { start: items[at - 1].end, end: items[at - 1].end, text: added.map((t) => separator + t).join('') }
        : { start: items[0].start, end: items[0].start, text: added.map((t) => t + separator).join('') });
    }
    return out;
  }
  out.push({ start: node.start, end: node.end, text: format(after, indentAt(text, node.start)) });
  return out;
}

/**
 * {@code text} with its value changed from {@code before} to {@code after}, touching only the spans of what differs:
 * a changed value is replaced, a new member or item inserted in the style of its neighbours, a removed one cut.
 */
export function patch(text, before, after) {
  // From the end backwards, a cut before an insertion at the same place: earlier offsets stay right.
  const changes = edits(text, spans(text), before, after, []).sort((a, b) => b.start - a.start || b.end - a.end);
  return changes.reduce((t, c) => t.slice(0, c.start) + c.text + t.slice(c.end), text);
}

/**
 * The document of a text area: its parsed value (null while the JSON cannot be read, with {@code error} saying where),
 * edits made through {@link PolicyDocument#edit}, and listeners told after every change from either side.
 */
export class PolicyDocument {
  constructor(textarea) {
    this.textarea = textarea;
    this.saved = textarea.value;
    this.listeners = [];
    this.read();
    textarea.addEventListener('input', () => {
      this.read();
      this.changed('text');
    });
  }

  get text() {
    return this.textarea.value;
  }

  get dirty() {
    return this.text !== this.saved;
  }

  read() {
    this.error = syntaxError(this.text);
    const value = this.error ? null : JSON.parse(this.text);
    if (!this.error && !isObject(value)) {
      this.error = { message: 'a policy is a JSON object', line: 1, column: 1, offset: 0 };
    }
    this.value = this.error ? null : value;
  }

  /** Changes a copy of the value with {@code change(draft)}, then writes only what changed into the text. */
  edit(change) {
    if (!this.value) {
      return;
    }
    const draft = structuredClone(this.value);
    change(draft);
    this.textarea.value = patch(this.text, this.value, draft);
    this.read();
    this.changed('form');
  }

  /** {@code listener(document, source)}: source is 'text' (typed in the JSON) or 'form'. */
  onChange(listener) {
    this.listeners.push(listener);
  }

  changed(source) {
    this.listeners.forEach((listener) => listener(this, source));
  }
}
