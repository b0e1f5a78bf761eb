// A dry run's page. While it runs, its probes stream in as the kernel answers each one (server-sent events: "progress"
// once the server knows how many probes there are and after each, "row" for each probe tried, "end" with the run);
// the cells already on the page are replaced by the stream, which starts from the first row. Each cell goes to its
// rule's group. On stock kernels, each kernel's heading ("kernel") comes before its rows, which go to its section.
// A box hides the cells that match.
import { probeCell } from './probe-cell.js';
import { showNoProbes, showProgress } from './progress.js';
import { kernelSection } from './kernel-run.js';

const groups = document.getElementById('probe-groups') || document.getElementById('kernel-runs');
const onlyMismatches = document.getElementById('only-mismatches');
if (onlyMismatches) {
  onlyMismatches.addEventListener('change', () => groups.classList.toggle('only-mismatches', onlyMismatches.checked));
}

const status = document.getElementById('run-status');
if (status && status.dataset.running === 'true') {
  watch(status);
}

function watch(status) {
  const seen = new Set();
  if (groups) {
    groups.querySelectorAll('.probe-group').forEach((group) => {
      group.querySelector('.probe-cells').replaceChildren();
      group.hidden = true;
    });
    groups.querySelectorAll('.kernel-run').forEach((section) => section.remove());
  }
  const events = new EventSource(status.dataset.events);
  events.addEventListener('progress', (event) => showProgress(JSON.parse(event.data)));
  events.addEventListener('kernel', (event) => kernelSection(groups, JSON.parse(event.data)));
  events.addEventListener('row', (event) => {
    const row = JSON.parse(event.data);
    if (seen.has(row.seq)) {
      return;
    }
    seen.add(row.seq);
    const holder = row.kernel === undefined ? groups : groups.querySelector(`.kernel-run[data-kernel="${row.kernel}"]`);
    const group = holder.querySelector(`.probe-group[data-group="${CSS.escape(row.group)}"]`);
    group.hidden = false;
    group.querySelector('.probe-cells').append(probeCell(row, status.dataset.editor));
  });
  events.addEventListener('end', (event) => {
    events.close();
    const run = JSON.parse(event.data);
    status.dataset.streamed = String(seen.size);
    status.className = `status ${run.outcome}`;
    status.querySelector('strong').textContent = run.status;
    document.getElementById('run-message').textContent = run.message;
    const summary = document.getElementById('run-summary');
    if (summary) {
      summary.textContent = `${run.status}: ${run.message}`;
    }
    const abi = document.getElementById('run-abi');
    if (abi) {
      abi.textContent = run.abi ?? '';
    }
    if (run.probes === undefined) {
      showNoProbes();
    }
    status.querySelector('.refresh')?.remove();
  });
}
