// A learn's page while it runs: its progress streams in (server-sent events: "progress" with everything so far, at
// first and on each change, then "end"); once it has ended the page is loaded again, since the server renders the
// report and the save form.
import { el } from '../lib/dom.js';

const status = document.getElementById('learn-status');
if (status && status.dataset.running === 'true') {
  const events = new EventSource(status.dataset.events);
  events.addEventListener('progress', (event) => show(JSON.parse(event.data)));
  events.addEventListener('end', () => {
    events.close();
    window.location.reload();
  });
}

function show(progress) {
  const recorded = progress.recorded;
  document.getElementById('recorded').textContent = recorded
    ? `Recorded unconfined: ${recorded.ending}; ${recorded.accesses} accesses, ${recorded.failedCalls} failed calls, `
      + `${recorded.ignoredLines} lines not read`
    : 'Recording…';
  document.getElementById('learn-runs').replaceChildren(...progress.runs.map(run));
}

function run(r) {
  const item = el('li', { class: r.denialCount === 0 && !r.recordsLost ? 'clean' : 'denied' },
    el('span', {}, `Confined run ${r.number}: ${r.ending}, ${r.denialCount} ${r.denialCount === 1 ? 'denial' : 'denials'}`
      + (r.recordsLost ? ' (the kernel dropped records)' : '')));
  if (r.denials.length) {
    item.append(el('ul', {}, r.denials.map((d) =>
      el('li', { class: d.granted ? 'granted' : 'not-granted' }, `${d.access} ×${d.count}: ${d.change}`)),
      r.groupsNotShown ? [el('li', {}, `… and ${r.groupsNotShown} more`)] : []));
  }
  return item;
}
