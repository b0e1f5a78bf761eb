// Verify on kernels: a dry run of mode kernels of the saved version on every stock kernel cached on the server; as
// each kernel answers, the matrix's column of the ABI it reported turns checked, with a link to the run. Which ABIs
// have a stock kernel, and which are cached, come from the server (/api/kernels); the other columns stay predicted only.
import { el } from '../lib/dom.js';
import { postJson } from '../lib/api.js';

/** Wires the button under the matrix for the policy {@code policy}. */
export function createKernelCheck({ policy, matrix }) {
  const button = document.getElementById('verify-kernels');
  const status = document.getElementById('verify-status');
  let listing = null;
  const verified = new Map();

  function apply(holder) {
    if (!listing) {
      return;
    }
    holder.querySelectorAll('.verified-mark').forEach((mark) => mark.remove());
    holder.querySelectorAll('thead th[data-abi]').forEach((th) => {
      const abi = Number(th.dataset.abi);
      th.dataset.predicted ??= th.title || `ABI ${abi}`;
      const kernel = verified.get(abi);
      const stock = listing.kernels.find((k) => k.abi === abi);
      const words = kernel ? answered(kernel.answer, kernel.version) : predictedOnly(abi, stock);
      const tried = Boolean(kernel) && ['passed', 'mismatched'].includes(kernel.answer.outcome);
      th.title = `${th.dataset.predicted}; ${words}`;
      const cells = holder.querySelectorAll(`tbody button.cell[data-abi="${abi}"]`);
      cells.forEach((button) => {
        const td = button.parentElement;
        td.dataset.predicted ??= td.title;
        td.title = `${td.dataset.predicted}; ${words}`;
        button.dataset.predicted ??= button.getAttribute('aria-label');
        button.setAttribute('aria-label', `${button.dataset.predicted}; ${words}`);
        td.classList.toggle('verified', tried && kernel.answer.mismatched === 0);
        td.classList.toggle('verified-mismatched', tried && kernel.answer.mismatched > 0);
        if (tried) {
          button.append(el('span', { class: 'verified-mark', 'aria-hidden': 'true', text: kernel.answer.mismatched ? '✗' : '✓' }));
        }
      });
      if (kernel) {
        th.append(el('a', { class: 'verified-mark', href: kernel.run, title: words,
          text: !tried ? 'not tried' : kernel.answer.mismatched ? '✗ kernel' : '✓ kernel' }));
      }
    });
  }

  async function start() {
    button.disabled = true;
    const response = await postJson(`/api/policies/${encodeURIComponent(policy)}/dry-runs`, { mode: 'kernels' });
    const body = await response.json();
    if (!response.ok) {
      status.textContent = body.problems?.[0]?.message || body.detail;
      button.disabled = false;
      return;
    }
    const run = `/dry-runs/${body.id}`;
    const abis = listing.kernels.filter((k) => k.cached).map((k) => k.abi).join(', ');
    say(`v${body.version}: booting the kernels of ABI ${abis}…`, run);
    const events = new EventSource(`/api/dry-runs/${body.id}/events`);
    events.addEventListener('kernel', (event) => {
      const answer = JSON.parse(event.data);
      verified.set(answer.reportedAbi ?? answer.abi, { answer, run, version: body.version });
      apply(matrix.holder);
    });
    events.addEventListener('end', (event) => {
      events.close();
      const ended = JSON.parse(event.data);
      say(`${ended.status}: ${ended.message}`, run);
      status.dataset.outcome = ended.outcome;
      button.disabled = false;
    });
  }

  function say(text, run) {
    status.replaceChildren(text, ' ', el('a', { href: run, text: 'the run' }));
  }

  matrix.onDraw(apply);
  button.addEventListener('click', start);
  fetch('/api/kernels', { credentials: 'same-origin' }).then((r) => (r.ok ? r.json() : null)).then((answer) => {
    listing = answer;
    if (!listing) {
      return;
    }
    const cached = listing.kernels.filter((k) => k.cached);
    button.disabled = cached.length === 0;
    if (!cached.length) {
      status.textContent = `No stock kernel is cached in ${listing.cache}: landlock-studio kernels fetch --dir ${listing.cache}`;
    }
    apply(matrix.holder);
  });
}

/** "verified on kernel 6.1.0-41-cloud-amd64: 57 probes as predicted / 0 mismatched (v3)", or why it was not tried. */
function answered(answer, version) {
  if (answer.outcome !== 'passed' && answer.outcome !== 'mismatched') {
    return `not verified on kernel ${answer.release} (v${version}): ${answer.said}`;
  }
  return `verified on kernel ${answer.release}: ${answer.probes - answer.mismatched} probes as predicted / `
    + `${answer.mismatched} mismatched (v${version})`;
}

function predictedOnly(abi, stock) {
  if (!stock) {
    return `predicted only: Debian carries no stock kernel of ABI ${abi}`;
  }
  return stock.cached ? `predicted only until verified on kernel ${stock.release}`
    : `predicted only: the stock kernel of ABI ${abi} is not cached on this server`;
}
