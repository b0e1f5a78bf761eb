// The compiled output for one target and ABI, its report (the lints are shown in the risks, not again here),
// copy, download and the curl line a CI job runs.
import { el } from '../lib/dom.js';
import { latestOnly, postJson } from '../lib/api.js';

const byId = (id) => document.getElementById(id);
const count = (items, severity) => items.filter((i) => i.severity === severity).length;
const sameItem = (a, b) => a.pointer === b.pointer && a.message === b.message;

export function createPreview(policyName) {
  const abiSelect = byId('preview-abi');
  const tabs = [...document.querySelectorAll('.tabs [role="tab"]')];
  let target = tabs.length ? tabs[0].dataset.target : 'native';
  let last = null;
  const listeners = [];
  const compile = latestOnly(async (text) => {
    const response = await postJson(`/api/compile?target=${encodeURIComponent(target)}&abi=${abiSelect.value}`, text);
    if (response.status === 422) {
      // A valid document this compile cannot take (except paths without a filesystem view): say so, not the last output.
      return { problems: (await response.json()).problems || [] };
    }
    return response.ok ? response.json() : null;
  });

  /** Compiles {@code text} (a valid document) again; its lints are left out of the report. */
  async function refresh(text, lints) {
    last = { text, lints };
    await show();
  }

  /** Shows the last document for the chosen target and ABI; nothing until a valid one has come. */
  async function show() {
    if (!last) {
      return;
    }
    const { text, lints } = last;
    const result = await compile(text);
    if (!result) {
      return;
    }
    const output = byId('output');
    if (result.problems) {
      output.textContent = '(no output: see the report)';
      byId('report').replaceChildren(el('p', { class: 'summary', text: 'Not compiled here:' }),
        el('ul', {}, result.problems.map((p) => el('li', { class: 'error' }, el('code', { text: p.pointer || '/' }), ` ${p.message}`))));
      return;
    }
    output.textContent = result.output === null ? '(no output: see the report)' : result.output;
    output.dataset.target = target;
    const items = result.report.items;
    const own = items.filter((i) => !lints.some((l) => sameItem(l, i)));
    byId('report').replaceChildren(el('p', { class: 'summary', text: `${result.report.enforced ? 'Enforced' : 'Not enforced'}`
      + ` at ABI ${result.abi}: ${count(items, 'error')} errors, ${count(items, 'warning')} warnings, ${count(items, 'info')} notes`
      + `${items.length > own.length ? ` (${items.length - own.length} in the risks)` : ''}` }),
    el('ul', {}, own.map((i) => el('li', { class: i.severity }, el('code', { text: i.pointer || '/' }), ` ${i.message}`))));
    const base = new URL(byId('curl').dataset.base, window.location.href);
    byId('curl').textContent = `curl -fsS -H "Authorization: Bearer $LANDLOCK_STUDIO_TOKEN" \\\n  "${base}api/policies/${policyName}/export?target=${target}&abi=${result.abi}"`;
  }

  /** Shows {@code target} at {@code abi} (either may be left out). */
  function choose(choice) {
    if (choice.target) {
      target = choice.target;
      tabs.forEach((t) => t.setAttribute('aria-selected', String(t.dataset.target === target)));
    }
    if (choice.abi) {
      abiSelect.value = String(choice.abi);
    }
    listeners.forEach((listener) => listener(current()));
    show();
  }

  const current = () => ({ target, abi: Number(abiSelect.value) });

  tabs.forEach((tab) => tab.addEventListener('click', () => choose({ target: tab.dataset.target })));
  abiSelect.addEventListener('change', () => choose({}));
  byId('copy').addEventListener('click', () => navigator.clipboard.writeText(byId('output').textContent));
  byId('download').addEventListener('click', () => {
    const link = el('a', { href: URL.createObjectURL(new Blob([byId('output').textContent])),
      download: `${policyName}-${target}-abi${abiSelect.value}.${tabs.find((t) => t.dataset.target === target).dataset.extension}` });
    link.click();
    URL.revokeObjectURL(link.href);
  });
  return { refresh, choose, current, onChoose: (listener) => listeners.push(listener) };
}
