// The sticky bar: Save with its note, whether there are unsaved changes, how many problems, and while the JSON cannot
// be read, where it breaks (Save is off until it reads again).
import { el } from '../lib/dom.js';

const byId = (id) => document.getElementById(id);

export function createBar(policy) {
  const save = byId('save');
  const button = byId('save-button');
  const error = byId('json-error');

  window.addEventListener('beforeunload', (event) => {
    if (policy.dirty && !save.dataset.submitting) {
      event.preventDefault();
    }
  });
  save.addEventListener('submit', () => {
    save.dataset.submitting = 'yes';
  });

  /** The caret to where the JSON breaks. */
  function goTo(offset) {
    const textarea = policy.textarea;
    textarea.focus();
    textarea.setSelectionRange(offset, Math.min(offset + 1, textarea.value.length));
  }

  function update() {
    byId('dirty').hidden = !policy.dirty;
    button.disabled = Boolean(policy.error);
    if (policy.error) {
      byId('problem-count').textContent = 'the JSON cannot be read';
      byId('problem-count').className = 'problem-count bad';
      const { line, column, message, offset } = policy.error;
      error.hidden = false;
      error.replaceChildren(el('strong', { text: `The JSON cannot be read at line ${line}, column ${column}: ` }), message,
        ' ', el('button', { type: 'button', text: 'Show me', onclick: () => goTo(offset) }),
        el('span', { class: 'hint', text: ' The form, preview and matrix wait until it reads again; Save too.' }));
    } else {
      error.hidden = true;
      error.replaceChildren();
    }
  }

  /** The count in the bar, linking to the first problem. */
  function problems({ problems: invalid, lints }) {
    const count = byId('problem-count');
    const warnings = lints.filter((l) => l.severity !== 'info').length;
    const parts = [[invalid.length, 'problem'], [warnings, 'warning'], [lints.length - warnings, 'note']]
      .filter(([n]) => n > 0).map(([n, word]) => `${n} ${word}${n > 1 ? 's' : ''}`);
    count.textContent = parts.length ? parts.join(', ') : 'no problems';
    count.className = `problem-count${invalid.length ? ' bad' : warnings ? ' warn' : ''}`;
  }

  return { update, problems };
}
