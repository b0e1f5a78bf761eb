// The ABI × target matrix: what each enforces. A cell picks the preview's target and ABI; the host's ABI is marked.
import { el } from '../lib/dom.js';
import { latestOnly, postJson } from '../lib/api.js';

const SYMBOL = { full: '●', partial: '◐', not_enforced: '○', refused: '✕' };

/**
 * {@code pick({target, abi})} is called on a cell's click, {@code current()} answers the preview's choice and
 * {@code text()} the document's text (asked when the panel is opened).
 */
export function createMatrix({ hostAbi, pick, current, text }) {
  const panel = document.getElementById('matrix-panel');
  const holder = document.getElementById('matrix');
  let asked = null;
  const drawn = [];
  const ask = latestOnly(async (text) => {
    const response = await postJson('/api/matrix', text);
    return response.ok ? response.json() : null;
  });

  async function refresh(text) {
    // The same text is asked once: the panel's first toggle and the first refresh both come at page load.
    if (!panel.open || text === asked) {
      return;
    }
    asked = text;
    const cells = await ask(text);
    if (cells === null) {
      asked = null;
    }
    if (cells) {
      draw(cells);
    }
  }

  function draw(cells) {
    const abis = [...new Set(cells.map((c) => c.abi))];
    const targets = [...new Set(cells.map((c) => c.target))];
    const host = (a) => (a === hostAbi ? ' host' : '');
    holder.replaceChildren(el('table', { class: 'matrix' },
      el('thead', {}, el('tr', {}, el('th', { text: 'target \\ ABI' }), abis.map((a) => el('th', { class: host(a).trim() || null,
        'data-abi': a, title: a === hostAbi ? `ABI ${a}: this host's` : null, text: a === hostAbi ? `${a} host` : String(a) })))),
      el('tbody', {}, targets.map((t) => el('tr', {}, el('th', { text: t }), abis.map((a) => {
        const cell = cells.find((c) => c.abi === a && c.target === t);
        const lost = [...new Set([...cell.notRestricted, ...cell.cannotExpress])];
        const words = `${t} at ABI ${a}: ${cell.status.replace('_', ' ')}${lost.length ? `; not restricted: ${lost.join(', ')}` : ''}`;
        return el('td', { class: `${cell.status}${host(a)}`, title: words },
          el('button', { type: 'button', class: 'cell', 'data-target': t, 'data-abi': a, 'aria-label': words,
            'aria-pressed': 'false', text: SYMBOL[cell.status] || cell.status, onclick: () => pick({ target: t, abi: a }) }));
      }))))),
    el('p', { class: 'hint', text: '● full  ◐ partial  ○ not enforced  ✕ refused; hover a cell for what is lost there, '
      + 'click it to see that output.' }));
    mark(current());
    drawn.forEach((listener) => listener(holder));
  }

  /** Shows which cell the preview shows. */
  function mark({ target, abi }) {
    holder.querySelectorAll('button.cell').forEach((b) => b.setAttribute('aria-pressed',
      String(b.dataset.target === target && Number(b.dataset.abi) === abi)));
  }

  panel.addEventListener('toggle', () => refresh(text()));
  /** {@code listener(holder)} is called after each draw of the table, to mark it further. */
  const onDraw = (listener) => drawn.push(listener);
  return { refresh, mark, panel, holder, onDraw };
}
