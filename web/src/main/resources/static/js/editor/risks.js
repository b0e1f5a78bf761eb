// The risks: the one list of lints, each with its severity, a link that shows the field it is about, and, where the
// fix is mechanical, a button that applies its patch (RFC 6902) to the document.
import { el } from '../lib/dom.js';
import { spans } from './document.js';
import { fieldFor } from './problems.js';

const ORDER = { error: 0, warning: 1, info: 2 };

/** The span of the value a pointer names in a JSON text, or of its nearest ancestor that is there. */
function spanOf(text, pointer) {
  let node = spans(text);
  for (const token of pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    const next = node.type === 'object' ? (node.members.find((m) => m.key === token) || {}).value
      : node.type === 'array' ? node.items[Number(token)] : undefined;
    if (!next) {
      break;
    }
    node = next;
  }
  return node;
}

/**
 * The list in `container`, for the document `policy` edited by the form in `root`: each lint's field is outlined,
 * and its link focuses that field, or selects the value in the JSON when no field edits it.
 */
export function createRisks(container, { policy, root, applyFix }) {
  const controlOf = (field) => (field.matches('input, select, textarea, button') ? field
    : field.querySelector('input, select, textarea, button'));

  function focus(pointer) {
    const field = policy.value && fieldFor(root, policy.value, pointer);
    const control = field && controlOf(field);
    if (control) {
      control.scrollIntoView({ block: 'center' });
      control.focus();
      return;
    }
    const span = spanOf(policy.text, pointer);
    policy.textarea.focus();
    policy.textarea.setSelectionRange(span.start, span.end);
  }

  function item(lint) {
    return el('li', { class: `risk ${lint.severity}`, 'data-code': lint.code, 'data-pointer-of': lint.pointer },
      el('span', { class: 'severity', text: lint.severity }), ' ',
      el('button', { type: 'button', class: 'pointer-link', title: 'show the field', text: lint.pointer || '/',
        onclick: () => focus(lint.pointer) }),
      el('span', { class: 'message', text: ` ${lint.message}` }),
      lint.fix ? el('button', { type: 'button', class: 'fix', text: lint.fix.label, onclick: () => applyFix(lint.fix.patch) }) : []);
  }

  /** Shows `lints` (what /api/validate found), the most severe first, and outlines their fields. */
  function show(lints) {
    lints.forEach((lint) => {
      const field = policy.value && fieldFor(root, policy.value, lint.pointer);
      if (field) {
        field.classList.add('linted');
      }
    });
    const sorted = [...lints].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
    container.replaceChildren(sorted.length ? el('ul', { class: 'risks' }, sorted.map(item))
      : el('p', { class: 'empty', text: 'No risks found.' }));
  }

  return { show };
}
