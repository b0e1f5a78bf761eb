// A running dry run's rows stream in as the kernel answers each probe (server-sent events); the rows already
// on the page are replaced by the stream, which starts from the first row. A box hides the rows that match.
(() => {
  const onlyMismatches = document.getElementById('only-mismatches');
  if (onlyMismatches) {
    onlyMismatches.addEventListener('change', () => {
      document.getElementById('probe-rows').classList.toggle('only-mismatches', onlyMismatches.checked);
    });
  }
  const status = document.getElementById('run-status');
  if (!status || status.dataset.running !== 'true') {
    return;
  }
  const body = document.getElementById('rows');
  const cell = (text) => {
    const td = document.createElement('td');
    td.textContent = text;
    return td;
  };
  const seen = new Set();
  body.replaceChildren();
  const events = new EventSource(status.dataset.events);
  events.addEventListener('row', (event) => {
    const row = JSON.parse(event.data);
    if (seen.has(row.seq)) {
      return;
    }
    seen.add(row.seq);
    const tr = document.createElement('tr');
    tr.className = row.match ? 'match' : 'mismatch';
    tr.dataset.seq = row.seq;
    const verdict = cell(row.match ? 'ok' : 'MISMATCH ');
    if (!row.match) {
      const link = document.createElement('a');
      link.href = `${status.dataset.editor}?explain=${encodeURIComponent(row.spec)}#explain-panel`;
      link.textContent = 'explain';
      verdict.append(link);
    }
    tr.append(cell(String(row.seq + 1)), cell(row.probe), cell(row.expected), cell(row.actual), verdict);
    body.append(tr);
  });
  events.addEventListener('end', (event) => {
    events.close();
    const run = JSON.parse(event.data);
    status.dataset.streamed = String(seen.size);
    status.className = `status ${run.status}`;
    status.querySelector('strong').textContent = run.status;
    document.getElementById('run-message').textContent = run.message;
    const summary = document.getElementById('run-summary');
    if (summary) {
      summary.textContent = `${run.status}: ${run.message}`;
    }
    document.getElementById('run-abi').textContent = run.abi ?? '';
    const refresh = status.querySelector('.refresh');
    if (refresh) {
      refresh.remove();
    }
  });
})();
