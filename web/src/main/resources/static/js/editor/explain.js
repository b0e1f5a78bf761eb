// Explain: why the kernel would allow or deny one access, as a large badge and the evaluator's words; the rules that
// decided are highlighted in the form. Other panels ask through {@link ask}.
import { el } from '../lib/dom.js';
import { latestOnly, postJson } from '../lib/api.js';

const byId = (id) => document.getElementById(id);
let context = null;
const send = latestOnly(async (request) => {
  const response = await postJson('/api/explain', request);
  return { ok: response.ok, result: await response.json() };
});

/**
 * {@code policy()}: the document's value (null while it cannot be read); {@code abi()}: the ABI to ask at;
 * {@code applyFix(patch)}: writes a fix into the document.
 */
export function initExplain({ vocabulary, policy, abi, applyFix }) {
  context = { vocabulary, policy, abi, applyFix };
  const access = byId('explain-access');
  access.replaceChildren(...vocabulary.operations.map((o) => el('option', { value: o.name, text: o.name })));
  const form = byId('explain');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const operation = targetOf(access.value);
    const where = byId('explain-path').value.trim();
    const to = byId('explain-to').value.trim();
    const place = !where ? {} : operation === 'port' ? { port: Number(where) } : { path: where };
    ask({ access: access.value, ...place, ...(to ? { to } : {}) });
  });
  access.addEventListener('change', () => fit());
  fit();
  // From a dry run's mismatch: ?explain=SPEC (read_file:/path, rename:/a:/b, bind_tcp:443) asks at once.
  const spec = new URLSearchParams(window.location.search).get('explain');
  if (spec) {
    const [operation, ...rest] = spec.split(':');
    const twoPaths = targetOf(operation) === 'two_paths';
    const port = targetOf(operation) === 'port';
    const first = twoPaths ? rest[0] || '' : rest.join(':');
    ask({ access: operation, ...(port ? { port: Number(first) } : { path: first }), ...(twoPaths ? { to: rest.slice(1).join(':') } : {}) });
  }
}

const targetOf = (name) => (context.vocabulary.operations.find((o) => o.name === name) || {}).target;

/** The "to" field is for rename and link; scopes name no place. */
function fit() {
  const target = targetOf(byId('explain-access').value);
  byId('explain-to').disabled = target !== 'two_paths';
  byId('explain-path').disabled = target === 'scope';
  byId('explain-path').placeholder = target === 'port' ? '443' : '/var/log/app/x';
}

/**
 * Asks why {@code access} is allowed or denied ({path}, {path, to} or {port}), at the preview's ABI; opens the panel,
 * fills its form and shows the answer.
 */
export async function ask({ access, path, to, port }) {
  byId('explain-panel').open = true;
  byId('explain-access').value = access;
  byId('explain-path').value = port !== undefined ? String(port) : path || '';
  byId('explain-to').value = to || '';
  fit();
  const doc = context.policy();
  if (!doc) {
    showAnswer({ ok: false, result: { detail: 'The JSON cannot be read: fix it first (the bar above says where).' } });
    return;
  }
  const request = { policy: doc, access, abi: context.abi() };
  if (port !== undefined) {
    request.port = port;
  } else if (path) {
    request.path = path;
  }
  if (to) {
    request.to = to;
  }
  const answer = await send(request);
  if (answer) {
    showAnswer(answer, { access, path, to, port });
  }
}

/** A denied access the server knows how to let through: one button applies the change, then asks again. */
function showFix(fix, question) {
  const button = byId('explain-fix');
  button.hidden = !fix;
  button.textContent = fix ? `Fix: ${fix.label}` : '';
  button.onclick = fix ? () => {
    context.applyFix(fix.patch);
    ask(question);
  } : null;
}

function showAnswer({ ok, result }, request) {
  document.querySelectorAll('.deciding').forEach((e) => e.classList.remove('deciding'));
  const badge = byId('decision');
  showFix(ok && result.fix, request);
  if (!ok) {
    badge.hidden = true;
    byId('explanation').textContent = (result.problems || []).map((p) => p.message).join('\n') || result.detail;
    return;
  }
  const allowed = result.decision.allowed;
  badge.hidden = false;
  badge.className = `decision ${allowed ? 'allowed' : 'denied'}`;
  badge.textContent = allowed ? 'Allowed' : `Denied${result.decision.errno ? ` (${result.decision.errno})` : ''}`;
  byId('explanation').textContent = result.explanation.join('\n');
  // Every element standing for a deciding rule, in the form or any other panel, by its data-pointer.
  (result.decidedBy || []).forEach((pointer) => document.querySelectorAll(`[data-pointer="${CSS.escape(pointer)}"]`)
    .forEach((e) => e.classList.add('deciding')));
}
