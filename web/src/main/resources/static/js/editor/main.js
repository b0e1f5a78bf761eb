// The policy editor's wiring: the document (the JSON text area), the form over it, the problems, the risks, the
// picture, the compiled preview, the matrix and explain, all following every edit. Panels in `frozen` are greyed out and inert while the
// JSON cannot be read.
import { PolicyDocument } from './document.js';
import { createForm } from './form.js';
import { createBar } from './bar.js';
import { show, validate } from './problems.js';
import { createPreview } from './preview.js';
import { createMatrix } from './matrix.js';
import { createKernelCheck } from './kernels.js';
import { initExplain, ask } from './explain.js';
import { createPicture } from './picture.js';
import { createRisks } from './risks.js';
import { applyPatch } from './json-patch.js';
import { latestOnly, postJson } from '../lib/api.js';

const root = document.getElementById('editor');
const vocabulary = JSON.parse(root.dataset.vocabulary);
const policy = new PolicyDocument(document.getElementById('document'));
const form = createForm(root, policy, vocabulary);
const bar = createBar(policy);
const preview = createPreview(root.dataset.policy);
const matrix = createMatrix({ hostAbi: vocabulary.hostAbi, pick: preview.choose, current: preview.current, text: () => policy.text });
preview.onChoose(matrix.mark);
createKernelCheck({ policy: root.dataset.policy, matrix });
// A fix from the risks or from explain: an RFC 6902 patch, written into the text as the form writes its edits.
const applyFix = (patch) => policy.edit((draft) => applyPatch(draft, patch));
initExplain({ vocabulary, policy: () => policy.value, abi: () => preview.current().abi, applyFix });
const picture = createPicture(document.getElementById('picture'), {
  load: (text, abi) => postJson(`/api/picture?abi=${encodeURIComponent(abi)}`, text),
  explain: ask, operations: vocabulary.operations, access: () => document.getElementById('explain-access').value });
preview.onChoose((choice) => picture.draw(choice.abi));
const risks = createRisks(document.getElementById('risks'), { policy, root, applyFix });

const frozen = [root, document.getElementById('preview'), matrix.panel, document.getElementById('picture-panel'),
  document.getElementById('risks')];
const check = latestOnly(validate);
let checked = { problems: [], lints: [] };

async function refresh() {
  if (policy.error) {
    return;
  }
  const text = policy.text;
  const result = await check(text);
  if (!result) {
    return;
  }
  checked = result;
  showChecked();
  bar.problems(result);
  if (!result.problems.length) {
    preview.refresh(text, result.lints);
    matrix.refresh(text);
    picture.refresh(text, preview.current().abi);
  }
}

/** Problems at their fields; the lints once, in the risks (which outline their fields). */
function showChecked() {
  show(root, document.getElementById('live-problems'), policy.value || {}, { problems: checked.problems, lints: [] });
  risks.show(checked.lints);
}

let timer = null;
policy.onChange(() => {
  bar.update();
  frozen.forEach((panel) => {
    panel.inert = Boolean(policy.error);
    panel.classList.toggle('frozen', Boolean(policy.error));
  });
  form.render();
  // What the last check found stays at its fields until the next answer.
  showChecked();
  clearTimeout(timer);
  timer = setTimeout(refresh, 250);
});

document.getElementById('delete').addEventListener('submit', (event) => {
  if (!window.confirm(`Delete ${root.dataset.policy}? Its versions are kept, and saving the name again continues them.`)) {
    event.preventDefault();
  }
});

policy.changed('load');

