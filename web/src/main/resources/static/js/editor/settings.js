// The policy's settings: the ABI it is written for (and, when lowered, what that ABI lacks with a button to drop it),
// compatibility, what is handled (and, from the ABI that has them, which of it is quiet), and the restrict-self flags.
import { el, nextId } from '../lib/dom.js';
import { checkboxes } from './rules.js';
import { listAt, SETS } from './rights.js';

export function settings(editor) {
  const { policy, vocabulary } = editor;
  const doc = policy.value;
  const abi = editor.abi();
  const abiSelect = el('select', { id: 'policy-abi', 'data-pointer': '/abi',
    onchange: (e) => policy.edit((draft) => { draft.abi = Number(e.target.value); }) },
  vocabulary.abis.map((a) => el('option', { value: a.number, selected: abi === a.number, text: `${a.number} (Linux ${a.linux})` })));
  const compatibility = el('select', { id: 'policy-compatibility', 'data-pointer': '/compatibility',
    onchange: (e) => policy.edit((draft) => { draft.compatibility = e.target.value; }) },
  vocabulary.compatibility.map((c) => el('option', { value: c, selected: (doc.compatibility || vocabulary.compatibility[0]) === c,
    text: c.replace('_', ' ') })));
  return el('fieldset', { class: 'settings' }, el('legend', { text: 'Policy' }),
    el('span', { class: 'setting' }, el('label', { for: 'policy-abi', text: 'Written for ABI' }), abiSelect),
    el('span', { class: 'setting' }, el('label', { for: 'policy-compatibility', text: 'Compatibility' }), compatibility),
    lacking(editor, abi),
    [['fs', 'Handled fs', 'Quiet fs'], ['net', 'Handled net', 'Quiet net'], ['scope', 'Scopes', 'Quiet scopes']]
      .flatMap(([kind, label, quietLabel]) => [handled(editor, kind, label), quiet(editor, kind, quietLabel)]),
    restrictSelf(editor));
}

/** What the document names that its ABI lacks, and the button that drops it all: the form alone can then fix it. */
function lacking(editor, abi) {
  const found = editor.rights.beyond(editor.policy.value, abi);
  if (!found.length) {
    return [];
  }
  const names = [...new Set(found.map((f) => `${f.name} (ABI ${f.firstAbi})`))];
  return el('div', { class: 'lacking-notice', role: 'status', 'data-pointer': '/abi' },
    el('span', { text: `ABI ${abi} does not have ${names.join(', ')}.` }),
    el('button', { type: 'button', id: 'drop-lacking', text: `Drop what ABI ${abi} does not have`,
      onclick: () => editor.policy.edit((draft) => editor.rights.dropBeyond(draft, abi)) }));
}

/** Omitted (or abi.all) means every right of the ABI; [] nothing; otherwise the rights listed. */
function handled(editor, kind, label) {
  const key = SETS[kind].handled;
  const list = editor.policy.value[key];
  const mode = list === undefined || list.includes('abi.all') ? 'all' : list.length === 0 ? 'none' : 'custom';
  const id = nextId(key);
  const abi = editor.abi();
  const select = el('select', { id, 'data-pointer': `/${key}`, onchange: (e) => editor.policy.edit((draft) => {
    if (e.target.value === 'all') {
      delete draft[key];
    } else if (e.target.value === 'none') {
      draft[key] = [];
    } else {
      draft[key] = editor.rights.ofKind(kind).filter((r) => r.firstAbi <= abi).map((r) => r.name);
    }
  }) }, [['all', 'all of the ABI'], ['none', 'none'], ['custom', 'chosen']].map(([value, text]) =>
    el('option', { value, selected: mode === value, text })));
  return el('div', { class: 'handled' }, el('label', { for: id, text: label }), select,
    mode === 'custom' ? checkboxes(editor, editor.rights.ofKind(kind), list, kind, `/${key}`) : []);
}

/**
 * The quiet set of a kind: its denials are not logged where a quiet rule covers the object (a scope needs no rule).
 * Only the handled rights are offered (it is a subset of them), and any other it names, so that it can be unticked.
 */
function quiet(editor, kind, label) {
  const { rights, vocabulary } = editor;
  if (!rights.hasQuiet(editor.abi())) {
    return [];
  }
  const key = SETS[kind].quiet;
  const list = editor.policy.value[key] || [];
  const handledNames = rights.handled(editor.policy.value, kind).map((r) => r.name);
  const shown = rights.ofKind(kind)
    .filter((r) => handledNames.includes(r.name) || rights.grants(list, kind, r.name, editor.abi()));
  return el('div', { class: 'handled quiet-set', role: 'group', 'aria-label': label },
    el('span', { class: 'label', text: label, title: vocabulary.quiet.meanings[key] }),
    shown.length ? checkboxes(editor, shown, list, kind, `/${key}`) : el('span', { class: 'empty', text: 'nothing handled' }));
}

/** The landlock_restrict_self flags, each offered from the ABI that brings it. */
function restrictSelf(editor) {
  const list = editor.policy.value.restrictSelf || [];
  const abi = editor.abi();
  const flags = editor.vocabulary.restrictFlags;
  return el('div', { class: 'handled restrict-self' }, el('span', { class: 'label', text: 'On restrict_self' }),
    el('span', { class: 'rights', 'data-pointer': '/restrictSelf' }, flags.map((flag) => {
      const id = nextId(flag.name);
      const ticked = list.includes(flag.name);
      const box = el('input', { type: 'checkbox', id, 'data-flag': flag.name, 'data-right': flag.name,
        'data-key': `/restrictSelf#${flag.name}`, checked: ticked, disabled: flag.firstAbi > abi && !ticked,
        onchange: (e) => editor.policy.edit((draft) => {
          const target = listAt(draft, '/restrictSelf');
          if (e.target.checked) {
            target.push(flag.name);
            target.sort((a, b) => flags.findIndex((f) => f.name === a) - flags.findIndex((f) => f.name === b));
          } else {
            target.splice(target.indexOf(flag.name), 1);
            if (!target.length) {
              delete draft.restrictSelf;
            }
          }
        }) });
      return el('span', { class: flag.firstAbi > abi ? 'right lacking' : 'right',
        title: `${flag.kernelName}: ${flag.meaning} (${flag.firstAbi > abi ? 'needs ' : ''}ABI ${flag.firstAbi})` },
      box, el('label', { for: id, text: flag.name }));
    })));
}
