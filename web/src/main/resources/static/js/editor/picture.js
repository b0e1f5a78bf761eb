// The picture: what the policy allows at the preview's ABI, as the tree of its paths (and their ancestors up to /)
// with each handled right as a chip (granted here, inherited from an ancestor's rule, denied), the ports and scopes,
// and what nothing restricts. It follows every edit; clicking a node or a chip explains that access there, and
// explain marks the rule that decided it.
import { el } from '../lib/dom.js';
import { latestOnly } from '../lib/api.js';

const STATES = {
  granted: 'granted here',
  inherited: 'inherited from an ancestor',
  denied: 'denied: handled, no rule grants it',
};

function chipTitle(chip, where) {
  if (chip.state === 'granted') {
    return `${chip.right} is granted on ${where} by ${chip.rules.join(', ')}`;
  }
  if (chip.state === 'inherited') {
    return `${chip.right} is inherited from the rule on ${chip.from} (${chip.rules.join(', ')})`;
  }
  return `${chip.right} is handled and no rule on ${where} or above grants it: denied`;
}

/** What is allowed first: granted, then inherited, then denied, each in the kernel's order. */
const byState = (chips) => {
  const rank = Object.keys(STATES);
  return [...chips].sort((a, b) => rank.indexOf(a.state) - rank.indexOf(b.state));
};

const legend = () => el('p', { class: 'picture-legend' },
  Object.entries(STATES).map(([state, text]) => el('span', { class: `chip ${state}`, text })),
  el('span', { class: 'chip allowed', text: 'not handled: allowed everywhere' }));

/**
 * The picture in `container`, of what `load(text, abi)` answers (a fetch Response). With `explain` (explain's `ask`),
 * a chip explains the operation of its name and a node explains `access()` (the explain form's choice) when that is
 * a path access; `operations` are the evaluator's ({name, target}, from the server). Without it (a shared page),
 * nothing is clickable.
 */
export function createPicture(container, { load, explain = null, operations = [], access = () => 'read_file' }) {
  const targetOf = (name) => (operations.find((o) => o.name === name) || {}).target;
  const ask = explain;
  const fetchPicture = latestOnly(async (text, abi) => {
    const response = await load(text, abi);
    const json = (response.headers.get('Content-Type') || '').includes('json');
    return { ok: response.ok, body: json ? await response.json() : {} };
  });

  /** Explains `name` at `path`: accesses that create or remove are asked for a new entry inside it. */
  const explainAt = (name, path) => ask({ access: name,
    path: targetOf(name) === 'parent' ? `${path === '/' ? '' : path}/new` : path });

  function chip(c, where, click) {
    const onclick = explain ? click : null;
    const attributes = { class: `chip ${c.state}`, 'data-right': c.right, 'data-state': c.state, title: chipTitle(c, where), text: c.right };
    return onclick ? el('button', { type: 'button', ...attributes, onclick }) : el('span', attributes);
  }

  /**
   * A node's chips: what is allowed there first, then what is denied folded into one chip that opens to them (a
   * node no rule touches would otherwise be a row of struck-out rights).
   */
  function chips(n) {
    const one = (c) => chip(c, n.path, targetOf(c.right) ? () => explainAt(c.right, n.path) : null);
    const sorted = byState(n.chips);
    const denied = sorted.filter((c) => c.state === 'denied');
    return el('span', { class: 'chips' }, sorted.filter((c) => c.state !== 'denied').map(one),
      denied.length ? el('details', { class: 'denied-chips' },
        el('summary', { class: 'chip denied', title: `denied on ${n.path}: ${denied.map((c) => c.right).join(', ')}`,
          text: `${denied.length} denied` }), denied.map(one)) : []);
  }

  function node(n) {
    const chosen = access();
    const nodeAccess = ['path', 'parent'].includes(targetOf(chosen)) ? chosen : 'read_file';
    return el('li', { class: 'picture-node', 'data-path': n.path },
      el('div', { class: n.rules.length ? 'node has-rule' : 'node' },
        explain ? el('button', { type: 'button', class: 'node-name', 'data-path': n.path, text: n.name,
          title: `explain ${nodeAccess} on ${n.path}${n.rules.length ? `; rules here: ${n.rules.join(', ')}` : ''}`,
          onclick: () => explainAt(nodeAccess, n.path) })
          : el('span', { class: 'node-name', 'data-path': n.path, text: n.name,
            title: n.rules.length ? `rules here: ${n.rules.join(', ')}` : n.path }),
        n.excepted ? el('span', { class: 'excepted', text: n.excepted }) : [],
        chips(n)),
      n.children.length ? el('ul', {}, n.children.map(node)) : []);
  }

  function network(net) {
    if (!net.handled.length) {
      return [];
    }
    const port = (label, chips) => el('li', {}, el('span', { class: 'port', text: label }), el('span', { class: 'chips' }, chips));
    return el('div', { class: 'picture-network' }, el('h3', { text: 'Network' }), el('ul', {},
      net.ports.map((p) => port(`port ${p.port}`, p.chips.map((c) => chip(c, `port ${p.port}`,
        () => ask({ access: c.right, port: p.port }))))),
      port('any other port', net.handled.map((r) => el('span', { class: 'chip denied', text: r,
        title: `${r} is handled: denied on every port no rule names` })))));
  }

  function scopes(scoped) {
    if (!scoped.length) {
      return [];
    }
    return el('div', { class: 'picture-scopes' }, el('h3', { text: 'Scopes' }), el('span', { class: 'chips' },
      scoped.map((s) => chip({ right: s, state: 'denied' }, 'a peer outside the sandbox', targetOf(s) ? () => ask({ access: s }) : null))));
  }

  function everywhere(rights) {
    if (!rights.length) {
      return [];
    }
    return el('div', { class: 'picture-everywhere' }, el('h3', { text: 'Allowed everywhere' }), el('span', { class: 'chips' },
      rights.map((r) => el('span', { class: 'chip allowed', text: r.right, title: `${r.kind}: ${r.right}, ${r.why}` }))));
  }

  let last = null;

  /** Draws the picture of `text` (a valid document) at `abi`. */
  function refresh(text, abi) {
    last = text;
    return draw(abi);
  }

  /**
   * Draws the last valid document at `abi`. A refusal (a policy too large to draw, a hard requirement the ABI cannot
   * meet) is said in its place.
   */
  async function draw(abi) {
    if (last === null) {
      return;
    }
    const answer = await fetchPicture(last, abi);
    if (!answer) {
      return;
    }
    if (!answer.ok) {
      const problems = answer.body.problems || [];
      container.replaceChildren(el('p', { class: 'picture-summary error',
        text: problems.length ? problems.map((p) => p.message).join('; ') : answer.body.detail || 'no picture' }));
      return;
    }
    const picture = answer.body;
    container.replaceChildren(
      el('p', { class: 'picture-summary', text: picture.enforced
        ? `What the kernel allows at ABI ${picture.abi}${explain ? ': click a path or a right to explain it' : ''}.`
        : `Nothing is enforced at ABI ${picture.abi}: everything is allowed.` }),
      legend(),
      el('ul', { class: 'picture-tree' }, node(picture.tree)),
      network(picture.network), scopes(picture.scoped), everywhere(picture.allowedEverywhere));
  }

  return { refresh, draw };
}
