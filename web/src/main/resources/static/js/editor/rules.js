// Path and port rules: one line per rule (its paths or ports, its rights as chips), expanded to edit with the
// rights as checkboxes grouped the way people think (read, write, create, remove, special).
import { el, nextId } from '../lib/dom.js';
import { listAt } from './rights.js';

const GROUPS = ['read', 'write', 'create', 'remove', 'special'];

/**
 * One checkbox per right of {@code shown} for the list at {@code pointer}. A right a group grants is ticked and says
 * so; one the ABI lacks is offered only while ticked, so that it can be unticked.
 */
export function checkboxes(editor, shown, list, kind, pointer) {
  const { rights, policy } = editor;
  const abi = editor.abi();
  const viaGroup = rights.grantedByGroups(list, kind, abi);
  return el('span', { class: 'rights', 'data-pointer': pointer }, shown.map((right) => {
    const id = nextId(right.name);
    const group = list.includes(right.name) ? null : viaGroup.get(right.name);
    const ticked = list.includes(right.name) || viaGroup.has(right.name);
    const lacking = right.firstAbi > abi;
    const box = el('input', { type: 'checkbox', id, 'data-right': right.name, 'data-key': `${pointer}#${right.name}`,
      checked: ticked, disabled: lacking && !ticked, onchange: (e) => policy.edit((draft) =>
        rights.toggle(listAt(draft, pointer), kind, right.name, e.target.checked, abi)) });
    const classes = ['right', group ? 'via-group' : '', lacking ? 'lacking' : ''].filter((c) => c).join(' ');
    return el('span', { class: classes, title: title(right, group, abi) }, box, el('label', { for: id, text: right.name }));
  }));
}

function title(right, group, abi) {
  const since = right.firstAbi <= abi ? ` (ABI ${right.firstAbi})` : ` (needs ABI ${right.firstAbi})`;
  return `${right.kernelName || right.name}: ${right.meaning}${since}${group ? `; granted by ${group}` : ''}`;
}

/** The rights a list grants at the editor's ABI, as chips: a group by its name, the rest one by one. */
function chips(editor, list, kind) {
  const { rights, vocabulary } = editor;
  const meaning = (name) => {
    if (rights.isGroup(name)) {
      return `${name}: ${[...rights.grantedByGroups([name], kind, editor.abi()).keys()].join(', ')}`;
    }
    const right = vocabulary.rights.find((r) => r.name === name);
    return right ? `${right.kernelName}: ${right.meaning} (ABI ${right.firstAbi})` : name;
  };
  return el('span', { class: 'chips' }, list.length ? list.map((name) => el('span', {
    class: `chip${rights.isGroup(name) ? ' group' : ''}${rights.firstAbi(name, kind) > editor.abi() ? ' lacking' : ''}`,
    title: meaning(name), text: name.replace(/^abi\./, '') })) : el('span', { class: 'chip none', text: 'nothing' }));
}

function section(label, addId, add, rules, empty) {
  return el('section', { class: 'rules', 'aria-label': label },
    el('div', { class: 'rules-head' }, el('h2', { text: label }),
      el('button', { type: 'button', id: addId, onclick: add, text: '+ rule' })),
    rules.length ? el('ul', { class: 'rule-list' }, rules) : el('p', { class: 'empty', text: empty }));
}

/**
 * A rule's quiet mark, from the ABI that has it: denials of the quiet rights on what the rule covers are not logged.
 * A quiet rule may grant nothing.
 */
function quietToggle(editor, key, index, noun) {
  if (!editor.rights.hasQuiet(editor.abi())) {
    return [];
  }
  const pointer = `/${key}/${index}/quiet`;
  const id = nextId('quiet');
  const meaning = editor.vocabulary.quiet.meanings[key];
  const box = el('input', { type: 'checkbox', id, class: 'quiet', 'data-pointer': pointer,
    'aria-label': `quiet ${noun} ${index + 1}`, title: meaning, checked: editor.policy.value[key][index].quiet === true,
    onchange: (e) => editor.policy.edit((draft) => {
      if (e.target.checked) {
        draft[key][index].quiet = true;
      } else {
        delete draft[key][index].quiet;
      }
    }) });
  return el('span', { class: 'quiet-mark', title: meaning }, box, el('label', { for: id, text: 'quiet' }));
}

/** One rule: its summary line with a toggle and its quiet mark, and when expanded its fields. */
function rule(editor, kind, pointer, index, summary, rights, body) {
  const open = editor.expanded.has(pointer);
  const noun = kind === 'path' ? 'path rule' : 'port rule';
  const toggle = el('button', { type: 'button', class: 'rule-toggle', 'aria-expanded': String(open),
    'data-key': `${pointer}#toggle`, 'aria-label': `${open ? 'Fold' : 'Edit'} ${noun} ${index + 1}`, text: open ? '▾' : '▸',
    onclick: () => {
      if (open) {
        editor.expanded.delete(pointer);
      } else {
        editor.expanded.add(pointer);
      }
      editor.render();
    } });
  const key = kind === 'path' ? 'pathBeneath' : 'netPort';
  return el('li', { class: `rule ${kind}-rule${open ? ' open' : ''}`, 'data-pointer': pointer },
    el('div', { class: 'rule-line' }, toggle, el('span', { class: 'rule-target', text: summary || '(none yet)' }), rights,
      quietToggle(editor, key, index, noun)),
    open ? body() : []);
}

function removeButton(editor, label, key, index) {
  return el('button', { type: 'button', class: 'remove', 'aria-label': label, title: label, text: 'Remove',
    onclick: () => {
      editor.expanded.clear();
      editor.policy.edit((draft) => draft[key].splice(index, 1));
    } });
}

/** Adds an empty rule, opened, with the keyboard in its first field: nothing is granted until it is filled in. */
function addRule(editor, key, empty, field) {
  const index = (editor.policy.value[key] || []).length;
  editor.expanded.add(`/${key}/${index}`);
  editor.policy.edit((draft) => listAt(draft, `/${key}`).push(empty));
  const input = editor.root.querySelector(`[data-pointer="/${key}/${index}/${field}"]`);
  if (input) {
    input.focus();
  }
}

export function pathRules(editor) {
  const rules = editor.policy.value.pathBeneath || [];
  return section('Path rules', 'add-path-rule', () => addRule(editor, 'pathBeneath', { paths: [], allowedAccess: [] }, 'paths'),
    rules.map((r, index) => pathRule(editor, r, index)), 'No path rules: nothing handled on the filesystem is allowed.');
}

function pathRule(editor, r, index) {
  const pointer = `/pathBeneath/${index}`;
  const list = r.allowedAccess || [];
  const summary = (r.paths || []).join(', ') + (r.except ? ` except ${r.except.join(', ')}` : '');
  return rule(editor, 'path', pointer, index, summary, chips(editor, list, 'fs'), () => {
    const paths = el('textarea', { class: 'paths', rows: Math.max(2, (r.paths || []).length), spellcheck: 'false',
      'aria-label': `Paths of path rule ${index + 1}`, 'data-pointer': `${pointer}/paths`, placeholder: 'one path per line',
      onchange: (e) => editor.policy.edit((draft) => {
        draft.pathBeneath[index].paths = e.target.value.split(/[,\n]/).map((p) => p.trim()).filter((p) => p);
      }) });
    paths.value = (r.paths || []).join('\n');
    // Paths beneath the rule's that it leaves out: expanded against a filesystem view when compiled (see the README).
    const except = el('textarea', { class: 'except-paths', rows: 2, spellcheck: 'false',
      'aria-label': `Except paths of path rule ${index + 1}`, 'data-pointer': `${pointer}/except`,
      placeholder: 'except: one path beneath per line',
      onchange: (e) => editor.policy.edit((draft) => {
        const written = e.target.value.split(/[,\n]/).map((p) => p.trim()).filter((p) => p);
        if (written.length) {
          draft.pathBeneath[index].except = written;
        } else {
          delete draft.pathBeneath[index].except;
        }
      }) });
    except.value = (r.except || []).join('\n');
    const missing = el('select', { 'data-pointer': `${pointer}/ifMissing`, onchange: (e) => editor.policy.edit((draft) => {
      if (e.target.value === 'fail') {
        delete draft.pathBeneath[index].ifMissing;
      } else {
        draft.pathBeneath[index].ifMissing = e.target.value;
      }
    }) }, el('option', { value: 'fail', selected: r.ifMissing !== 'skip', text: 'fail' }),
    el('option', { value: 'skip', selected: r.ifMissing === 'skip', text: 'skip' }));
    const named = list.filter((a) => editor.rights.isGroup(a));
    return el('div', { class: 'rule-body' },
      el('div', { class: 'paths-cell' }, paths, except,
        named.length ? el('p', { class: 'groups-named', text: `With ${named.join(', ')}: the rights in italics` }) : [],
        el('div', { class: 'rule-tools' }, el('label', {}, 'If missing ', missing),
          removeButton(editor, `Remove path rule ${index + 1}`, 'pathBeneath', index))),
      el('div', { class: 'groups' }, GROUPS.map((group) => rightGroup(editor, group, list, index, `${pointer}/allowedAccess`))));
  });
}

function rightGroup(editor, group, list, index, pointer) {
  const abi = editor.abi();
  const shown = editor.rights.ofKind('fs').filter((r) => r.group === group);
  const open = shown.filter((r) => r.firstAbi <= abi);
  const chosen = open.filter((r) => editor.rights.grants(list, 'fs', r.name, abi)).length;
  const id = nextId(`group-${group}`);
  const shortcut = el('input', { type: 'checkbox', id, class: 'group-shortcut', 'data-group': group, 'data-key': `${pointer}#${group}`,
    'aria-label': `every ${group} right of path rule ${index + 1}`, checked: open.length > 0 && chosen === open.length,
    onchange: (e) => editor.policy.edit((draft) => {
      const target = listAt(draft, pointer);
      open.forEach((r) => editor.rights.toggle(target, 'fs', r.name, e.target.checked, abi));
    }) });
  shortcut.indeterminate = chosen > 0 && chosen < open.length;
  return el('div', { class: 'group' }, el('span', { class: 'right shortcut' }, shortcut, el('label', { for: id, text: group })),
    checkboxes(editor, shown, list, 'fs', pointer));
}

export function portRules(editor) {
  const rules = editor.policy.value.netPort || [];
  return section('Port rules', 'add-port-rule', () => addRule(editor, 'netPort', { ports: [], allowedAccess: [] }, 'ports'),
    rules.map((r, index) => {
      const pointer = `/netPort/${index}`;
      const list = r.allowedAccess || [];
      return rule(editor, 'port', pointer, index, (r.ports || []).join(', '), chips(editor, list, 'net'), () => el('div', { class: 'rule-body' },
        el('input', { class: 'ports', value: (r.ports || []).join(', '), 'aria-label': `Ports of port rule ${index + 1}`,
          placeholder: '443, 8000-8080', 'data-pointer': `${pointer}/ports`, onchange: (e) => editor.policy.edit((draft) => {
            draft.netPort[index].ports = e.target.value.split(/[,\s]+/).filter((p) => p).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
          }) }),
        checkboxes(editor, editor.rights.ofKind('net'), list, 'net', `${pointer}/allowedAccess`),
        removeButton(editor, `Remove port rule ${index + 1}`, 'netPort', index)));
    }), 'No port rules: nothing handled on the network is allowed.');
}
