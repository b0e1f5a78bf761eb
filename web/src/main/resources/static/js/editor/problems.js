// Validation and lints, each shown once: at the field it concerns with its reason beside it, or in the list under
// the JSON when no field edits what it names.
import { el } from '../lib/dom.js';
import { postJson } from '../lib/api.js';
import { valueAt } from './document.js';

const SEVERITY = { error: 'error: ', warning: 'warning: ', info: 'note: ' };

/** Asks the server: {problems, lints}; problems are empty when the document is valid. */
export async function validate(text) {
  let response;
  let result;
  try {
    response = await postJson('/api/validate', text);
    result = await response.json();
  } catch (e) {
    // No answer, or a page instead of one (signed out meanwhile).
    return { problems: [{ pointer: '', message: 'the server cannot be reached, or you were signed out: reload the page '
      + '(copy your JSON first; it is not saved yet)' }], lints: [] };
  }
  if (response.status === 422) {
    return { problems: result.problems || [{ pointer: '', message: result.detail }], lints: [] };
  }
  if (!response.ok) {
    return { problems: [{ pointer: '', message: result.detail || `the server answered ${response.status}` }], lints: [] };
  }
  return { problems: [], lints: result.lints || [] };
}

/**
 * Marks every problem and lint at its field in {@code root} (the form showing {@code value}); what has no field goes
 * to {@code list}.
 */
export function show(root, list, value, { problems, lints }) {
  root.querySelectorAll('.invalid, .linted').forEach((e) => {
    e.classList.remove('invalid', 'linted');
    e.removeAttribute('aria-invalid');
  });
  root.querySelectorAll('.field-problem').forEach((e) => e.remove());
  list.replaceChildren();
  const mark = (item, kind) => {
    const field = fieldFor(root, value, item.pointer);
    const line = el('li', { class: `field-problem ${kind}`, 'data-for': item.pointer },
      el('code', { text: item.pointer || '/' }), ` ${SEVERITY[item.severity] || ''}${item.message}`);
    if (!field) {
      list.append(line);
      return;
    }
    field.classList.add(kind === 'problem' ? 'invalid' : 'linted');
    if (kind === 'problem') {
      field.setAttribute('aria-invalid', 'true');
    }
    // The reason sits under the rule or setting it concerns, not only in a hover title.
    const holder = field.closest('.rule, .handled, .setting, .settings') || root;
    let messages = [...holder.children].find((c) => c.classList.contains('field-problems'));
    if (!messages) {
      messages = el('ul', { class: 'field-problems' });
      holder.append(messages);
    }
    messages.append(line);
  };
  problems.forEach((p) => mark(p, 'problem'));
  lints.forEach((l) => mark(l, 'lint'));
}

/**
 * The element that edits what a pointer names, or its nearest ancestor that has one; a right named in a list is
 * shown at its own checkbox, and a rule's rights spread over several groups at the rule.
 */
export function fieldFor(root, value, pointer) {
  const item = pointer ? valueAt(value, pointer) : undefined;
  for (let p = pointer; p; p = p.slice(0, p.lastIndexOf('/'))) {
    const fields = [...root.querySelectorAll(`[data-pointer="${CSS.escape(p)}"]`)];
    if (fields.length) {
      const box = typeof item === 'string'
        && fields.map((f) => f.querySelector(`[data-right="${CSS.escape(item)}"]`)).find((b) => b);
      if (box) {
        return box.parentElement;
      }
      return fields.length > 1 ? fields[0].parentElement.closest('[data-pointer]') || fields[0] : fields[0];
    }
  }
  return null;
}
