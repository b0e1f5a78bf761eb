// One probe of a dry run as a cell of its rule's group: the access (shortened by the server), the evaluator's
// prediction and the kernel's answer coloured by verdict, the whole line as its title, and explain for a mismatch.
import { el } from '../lib/dom.js';

/** The cell for a row as the server sends it (DryRunRow); `editor` is the policy's editor page. */
export function probeCell(row, editor) {
  return el('li', {
    class: `probe ${row.match ? 'match' : 'mismatch'}`,
    'data-seq': row.seq,
    title: `${row.probe}: expected ${row.expected}, kernel ${row.actual}`,
  },
  el('span', { class: 'access', text: row.cell }), ' ',
  el('span', { class: 'verdicts' },
    el('span', { class: `verdict ${row.expectedVerdict}`, text: row.expected }), ' ',
    el('span', { class: `verdict ${row.actualVerdict}`, text: row.actual })),
  row.match ? [] : [' ', el('a', {
    class: 'explain', href: `${editor}?explain=${encodeURIComponent(row.spec)}#explain-panel`, text: 'explain',
  })]);
}
