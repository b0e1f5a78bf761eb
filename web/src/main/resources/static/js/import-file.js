// The import form: a chosen file fills the text area (so that the form posts its content), and whatever is in it
// is read by the server as it changes, to say which format it was detected as (or why it matches none) before
// anything is saved.
import { postJson, latestOnly } from './lib/api.js';

const picker = document.getElementById('import-pick');
const text = document.getElementById('import-file');
const format = document.getElementById('import-format');
const name = document.getElementById('import-name');
const status = document.getElementById('import-detected');
const base = document.getElementById('import-base');
const select = document.getElementById('import-select');

const read = latestOnly(async (file, from) => {
  const query = new URLSearchParams({ from, base: base.value.trim(), select: select.value.trim() });
  const answer = await postJson(`/api/import?${query}`, file);
  return { ok: answer.ok, body: await answer.json() };
});

let pause;
function check() {
  clearTimeout(pause);
  pause = setTimeout(async () => {
    if (!text.value.trim()) {
      status.textContent = '';
      return;
    }
    const result = await read(text.value, format.value);
    if (!result) {
      return;
    }
    status.classList.toggle('error', !result.ok);
    if (result.ok) {
      const abi = result.body.policy.abi;
      status.textContent = `Read as ${result.body.format}${abi ? `, ABI ${abi}` : ''}.`;
    } else {
      const problems = result.body.problems || [];
      status.textContent = problems.length ? problems.map((p) => p.message).join(' · ') : result.body.detail || 'This file cannot be read.';
    }
  }, 300);
}

picker.addEventListener('change', async () => {
  const file = picker.files[0];
  if (file) {
    text.value = await file.text();
    if (!name.value) {
      name.value = file.name.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 64);
    }
    check();
  }
});
text.addEventListener('input', check);
format.addEventListener('change', check);
base.addEventListener('input', check);
select.addEventListener('input', check);
check();
