// The run's progress: probes tried of those the server planned, as a bar and as text.

const bar = () => document.getElementById('progress-bar');

/** Shows `tried` of `probes` (the server's "progress" event). */
export function showProgress({ tried, probes }) {
  const progress = bar();
  if (!progress) {
    return;
  }
  progress.max = Math.max(probes, 1);
  progress.value = tried;
  const text = document.getElementById('progress-text');
  text.textContent = `${tried} of ${probes} probes tried`;
  text.closest('.progress').dataset.tried = String(tried);
  text.closest('.progress').dataset.probes = String(probes);
}

/** At the end of a run that never said how many probes it had (it failed first). */
export function showNoProbes() {
  const text = document.getElementById('progress-text');
  if (text) {
    text.textContent = text.closest('.progress').dataset.none;
  }
}
