// The policy editor: a table of rules and the raw JSON, kept in sync; validation, lints, the compiled preview,
// the matrix and explain, all from the REST API as you type. The JSON text area is the document: without this
// script the page still edits and saves it.
(() => {
  const root = document.getElementById('editor');
  const textarea = document.getElementById('document');
  if (!root || !textarea) {
    return;
  }
  const { rights, groups } = JSON.parse(root.dataset.rights);
  const policyName = root.dataset.policy;
  const csrf = {
    header: document.querySelector('meta[name="_csrf_header"]').content,
    token: document.querySelector('meta[name="_csrf"]').content,
  };
  const savedText = textarea.value;
  const GROUPS = ['read', 'write', 'create', 'remove', 'special'];
  const NEWEST_ABI = 11;
  let doc = null;
  let target = 'native';
  let timer = null;

  // ---- small DOM helpers: text is always set as text, never as HTML ----
  function el(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (key === 'text') {
        element.textContent = value;
      } else if (key.startsWith('on')) {
        element.addEventListener(key.slice(2), value);
      } else if (value === true) {
        element.setAttribute(key, '');
      } else if (value !== false && value !== null && value !== undefined) {
        element.setAttribute(key, value);
      }
    }
    children.flat().forEach((child) => element.append(child));
    return element;
  }
  let ids = 0;
  const nextId = (prefix) => `${prefix}-${++ids}`;

  function api(path, body) {
    return fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [csrf.header]: csrf.token },
      body,
      credentials: 'same-origin',
    });
  }

  // ---- the document ----
  const abiOf = () => (Number.isInteger(doc.abi) ? doc.abi : NEWEST_ABI);
  const rightsOf = (kind) => rights.filter((r) => r.kind === kind);

  function parseText() {
    try {
      const parsed = JSON.parse(textarea.value);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new Error('a policy is a JSON object');
      }
      doc = parsed;
      return true;
    } catch (e) {
      showProblems([{ pointer: '', message: `the JSON cannot be read: ${e.message}` }], []);
      return false;
    }
  }

  function changed() {
    textarea.value = `${JSON.stringify(doc, null, 2)}\n`;
    afterChange();
  }

  function afterChange() {
    document.getElementById('dirty').hidden = textarea.value === savedText;
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  }

  textarea.addEventListener('input', () => {
    if (parseText()) {
      render();
    }
    afterChange();
  });
  window.addEventListener('beforeunload', (event) => {
    if (textarea.value !== savedText && !document.getElementById('save').dataset.submitting) {
      event.preventDefault();
    }
  });
  document.getElementById('save').addEventListener('submit', (event) => {
    event.currentTarget.dataset.submitting = 'yes';
  });

  document.getElementById('delete').addEventListener('submit', (event) => {
    if (!window.confirm(`Delete ${policyName}? Its versions are kept, and saving the name again continues them.`)) {
      event.preventDefault();
    }
  });

  // ---- the structured editor ----
  /** Draws the structured editor again; the field that had the keyboard's focus keeps it. */
  function render() {
    const focused = root.contains(document.activeElement) ? document.activeElement : null;
    const key = focused && (focused.dataset.key || focused.dataset.pointer);
    root.replaceChildren(settings(), pathRules(), portRules());
    if (key) {
      const again = [...root.querySelectorAll('input, select, textarea')]
        .find((field) => (field.dataset.key || field.dataset.pointer) === key);
      if (again) {
        again.focus();
      }
    }
  }

  function settings() {
    const abi = el('select', { id: 'policy-abi', 'data-pointer': '/abi', onchange: (e) => { doc.abi = Number(e.target.value); changed(); render(); } },
      Array.from({ length: NEWEST_ABI }, (_, i) => el('option', { value: i + 1, selected: abiOf() === i + 1, text: String(i + 1) })));
    const compatibility = el('select', { id: 'policy-compatibility', 'data-pointer': '/compatibility',
      onchange: (e) => { doc.compatibility = e.target.value; changed(); } },
    ['best_effort', 'soft_requirement', 'hard_requirement'].map((c) => el('option', {
      value: c, selected: (doc.compatibility || 'best_effort') === c, text: c.replace('_', ' ') })));
    return el('fieldset', { class: 'settings' }, el('legend', { text: 'Policy' }),
      el('label', { for: 'policy-abi', text: 'Written for ABI' }), abi,
      el('label', { for: 'policy-compatibility', text: 'Compatibility' }), compatibility,
      handled('handledAccessFs', 'fs', 'Handled fs'), handled('handledAccessNet', 'net', 'Handled net'),
      handled('scoped', 'scope', 'Scopes'));
  }

  /** Omitted (or abi.all) means every right of the ABI; [] nothing; otherwise the rights listed. */
  function handled(key, kind, label) {
    const list = doc[key];
    const mode = list === undefined || list.includes('abi.all') ? 'all' : list.length === 0 ? 'none' : 'custom';
    const id = nextId(key);
    const select = el('select', { id, 'data-pointer': `/${key}`, onchange: (e) => {
      if (e.target.value === 'all') {
        delete doc[key];
      } else if (e.target.value === 'none') {
        doc[key] = [];
      } else {
        doc[key] = rightsOf(kind).filter(available).map((r) => r.name);
      }
      changed();
      render();
    } }, [['all', 'all of the ABI'], ['none', 'none'], ['custom', 'chosen']].map(([value, text]) =>
      el('option', { value, selected: mode === value, text })));
    const box = el('span', { class: 'handled' }, el('label', { for: id, text: label }), select);
    if (mode === 'custom') {
      box.append(checkboxes(rightsOf(kind), list, kind, `/${key}`));
    }
    return box;
  }

  const available = (right) => right.firstAbi <= abiOf();

  /** The rights of {@code kind} that the groups named in a list (abi.read_execute, ...) grant, each with its group. */
  function grantedByGroups(list, kind) {
    const granted = new Map();
    list.filter((name) => groups[name]).forEach((group) => (groups[group][kind] || []).forEach((name) => {
      if (!granted.has(name) && available(rights.find((r) => r.name === name))) {
        granted.set(name, group);
      }
    }));
    return granted;
  }

  const grants = (list, kind, name) => list.includes(name) || grantedByGroups(list, kind).has(name);

  /** One checkbox per right; {@code list} is changed in place. A right a group grants is ticked and says so. */
  function checkboxes(shown, list, kind, pointer) {
    const viaGroup = grantedByGroups(list, kind);
    return el('span', { class: 'rights', 'data-pointer': pointer }, shown.map((right) => {
      const id = nextId(right.name);
      const group = list.includes(right.name) ? null : viaGroup.get(right.name);
      const box = el('input', { type: 'checkbox', id, 'data-right': right.name, 'data-key': `${pointer}#${right.name}`,
        checked: list.includes(right.name) || viaGroup.has(right.name),
        disabled: !available(right), onchange: (e) => {
          toggle(list, kind, right.name, e.target.checked);
          changed();
          render();
        } });
      return el('span', { class: group ? 'right via-group' : 'right', title: title(right, group) }, box,
        el('label', { for: id, text: right.name }));
    }));
  }

  function title(right, group) {
    const abi = available(right) ? ` (ABI ${right.firstAbi})` : ` (needs ABI ${right.firstAbi})`;
    return `${right.kernelName}: ${right.meaning}${abi}${group ? `; granted by ${group}` : ''}`;
  }

  /** Grants or withdraws one right; withdrawing one that a group grants replaces the groups by what they grant. */
  function toggle(list, kind, name, on) {
    if (!on && !list.includes(name)) {
      const expanded = [...grantedByGroups(list, kind).keys()];
      for (let i = list.length - 1; i >= 0; i--) {
        if (groups[list[i]]) {
          list.splice(i, 1);
        }
      }
      expanded.filter((n) => !list.includes(n)).forEach((n) => list.push(n));
    }
    const index = list.indexOf(name);
    if (on && index < 0 && !grants(list, kind, name)) {
      list.push(name);
    } else if (!on && index >= 0) {
      list.splice(index, 1);
    }
    const order = rights.map((r) => r.name);
    list.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  }

  function rulesTable(kind, headings, rows) {
    return el('table', { class: `rules-table ${kind}` },
      el('thead', {}, el('tr', {}, headings.map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, rows));
  }

  function rulesSection(label, addId, add, table, empty) {
    return el('section', { class: 'rules', 'aria-label': label },
      el('div', { class: 'rules-head' }, el('h2', { text: label }),
        el('button', { type: 'button', id: addId, onclick: add, text: '+ rule' })),
      table || el('p', { class: 'empty', text: empty }));
  }

  function pathRules() {
    const rules = doc.pathBeneath || [];
    return rulesSection('Path rules', 'add-path-rule', () => {
      doc.pathBeneath = rules;
      rules.push({ paths: ['/'], allowedAccess: [] });
      changed();
      render();
      const inputs = root.querySelectorAll('.path-rule .paths');
      inputs[inputs.length - 1].select();
    }, rules.length ? rulesTable('path-rules', ['Paths, one per line', ...GROUPS],
      rules.map((rule, index) => pathRule(rule, index))) : null,
    'No path rules: nothing handled on the filesystem is allowed.');
  }

  function pathRule(rule, index) {
    const pointer = `/pathBeneath/${index}`;
    rule.allowedAccess = rule.allowedAccess || [];
    const paths = el('textarea', { class: 'paths', rows: Math.max(2, (rule.paths || []).length), spellcheck: 'false',
      'aria-label': `Paths of path rule ${index + 1}`, 'data-pointer': `${pointer}/paths`, onchange: (e) => {
        rule.paths = e.target.value.split(/[,\n]/).map((p) => p.trim()).filter((p) => p);
        changed();
      } });
    paths.value = (rule.paths || []).join('\n');
    const named = rule.allowedAccess.filter((a) => groups[a]);
    const missing = el('select', { 'data-pointer': `${pointer}/ifMissing`,
      onchange: (e) => {
        if (e.target.value === 'fail') {
          delete rule.ifMissing;
        } else {
          rule.ifMissing = e.target.value;
        }
        changed();
      } }, el('option', { value: 'fail', selected: rule.ifMissing !== 'skip', text: 'fail' }),
    el('option', { value: 'skip', selected: rule.ifMissing === 'skip', text: 'skip' }));
    return el('tr', { class: 'path-rule', 'data-pointer': pointer },
      el('td', { class: 'paths-cell' }, paths,
        named.length ? el('p', { class: 'groups-named', text: `With ${named.join(', ')}: the rights in italics` }) : [],
        el('div', { class: 'rule-tools' }, el('label', {}, 'If missing ', missing),
          removeButton(`Remove path rule ${index + 1}`, () => doc.pathBeneath.splice(index, 1)))),
      GROUPS.map((group) => el('td', { class: 'group' }, rightGroup(group, rule.allowedAccess, index, `${pointer}/allowedAccess`))));
  }

  function removeButton(label, remove) {
    return el('button', { type: 'button', class: 'remove', 'aria-label': label, title: label, onclick: () => {
      remove();
      changed();
      render();
    }, text: 'Remove' });
  }

  function rightGroup(group, list, index, pointer) {
    const shown = rights.filter((r) => r.kind === 'fs' && r.group === group);
    const open = shown.filter(available);
    const chosen = open.filter((r) => grants(list, 'fs', r.name)).length;
    const id = nextId(`group-${group}`);
    const shortcut = el('input', { type: 'checkbox', id, class: 'group-shortcut', 'data-group': group, 'data-key': `${pointer}#${group}`,
      'aria-label': `every ${group} right of path rule ${index + 1}`,
      checked: open.length > 0 && chosen === open.length, onchange: (e) => {
        open.forEach((r) => toggle(list, 'fs', r.name, e.target.checked));
        changed();
        render();
      } });
    shortcut.indeterminate = chosen > 0 && chosen < open.length;
    return [el('span', { class: 'right shortcut' }, shortcut, el('label', { for: id, text: 'all', 'aria-hidden': 'true' })),
      checkboxes(shown, list, 'fs', pointer)];
  }

  function portRules() {
    const rules = doc.netPort || [];
    return rulesSection('Port rules', 'add-port-rule', () => {
      doc.netPort = rules;
      rules.push({ ports: [443], allowedAccess: [] });
      changed();
      render();
      const inputs = root.querySelectorAll('.port-rule input.ports');
      inputs[inputs.length - 1].select();
    }, rules.length ? rulesTable('port-rules', ['Ports', 'Allowed', ''], rules.map((rule, index) => {
      const pointer = `/netPort/${index}`;
      rule.allowedAccess = rule.allowedAccess || [];
      return el('tr', { class: 'port-rule', 'data-pointer': pointer },
        el('td', {}, el('input', { class: 'ports', value: (rule.ports || []).join(', '), 'aria-label': `Ports of port rule ${index + 1}`,
          'data-pointer': `${pointer}/ports`, onchange: (e) => {
            rule.ports = e.target.value.split(/[,\s]+/).filter((p) => p).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
            changed();
          } })),
        el('td', {}, checkboxes(rightsOf('net'), rule.allowedAccess, 'net', `${pointer}/allowedAccess`)),
        el('td', {}, removeButton(`Remove port rule ${index + 1}`, () => doc.netPort.splice(index, 1))));
    })) : null, 'No port rules: nothing handled on the network is allowed.');
  }

  // ---- validation and lints, shown at the field they concern ----
  function showProblems(problems, lints) {
    root.querySelectorAll('.invalid, .linted').forEach((e) => {
      e.classList.remove('invalid', 'linted');
      e.removeAttribute('aria-invalid');
    });
    const list = document.getElementById('live-problems');
    list.replaceChildren();
    const mark = (item, className) => {
      const field = fieldFor(item.pointer);
      if (field) {
        field.classList.add(className);
        if (className === 'invalid') {
          field.setAttribute('aria-invalid', 'true');
        }
        field.title = item.message;
      }
      list.append(el('li', { class: className === 'invalid' ? 'problem' : 'lint', 'data-for': item.pointer },
        el('code', { text: item.pointer || '/' }), ` ${item.message}`));
    };
    problems.forEach((p) => mark(p, 'invalid'));
    lints.forEach((l) => mark(l, 'linted'));
  }

  /**
   * The element that edits what a pointer names, or its nearest ancestor that has one; a right named in a list
   * is shown at its own checkbox.
   */
  function fieldFor(pointer) {
    const item = valueAt(pointer);
    for (let p = pointer; p; p = p.slice(0, p.lastIndexOf('/'))) {
      const fields = [...root.querySelectorAll(`[data-pointer="${CSS.escape(p)}"]`)];
      if (fields.length) {
        const box = typeof item === 'string'
          && fields.map((f) => f.querySelector(`[data-right="${CSS.escape(item)}"]`)).find((b) => b);
        if (box) {
          return box.parentElement;
        }
        // A rule's rights are spread over its group cells: the rule's row stands for them all.
        return fields.length > 1 ? fields[0].parentElement.closest('[data-pointer]') : fields[0];
      }
    }
    return null;
  }

  function valueAt(pointer) {
    return pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((value, token) => (value !== null && typeof value === 'object' ? value[token] : undefined), doc);
  }

  let validationRequest = 0;
  async function refresh() {
    const mine = ++validationRequest;
    const text = textarea.value;
    const validation = await api('/api/validate', text);
    const result = await validation.json();
    if (mine !== validationRequest) {
      return;
    }
    if (validation.status === 422) {
      showProblems(result.problems || [{ pointer: '', message: result.detail }], []);
      return;
    }
    showProblems([], (result.lints || []).map((l) => ({ pointer: l.pointer, message: `${l.severity}: ${l.message}` })));
    preview(text);
    matrix(text);
  }

  // ---- the compiled preview ----
  const abiSelect = document.getElementById('preview-abi');
  const tabs = Array.from(document.querySelectorAll('.tabs [role="tab"]'));
  tabs.forEach((tab) => tab.addEventListener('click', () => {
    target = tab.dataset.target;
    tabs.forEach((t) => t.setAttribute('aria-selected', String(t === tab)));
    preview(textarea.value);
  }));
  abiSelect.addEventListener('change', () => preview(textarea.value));

  // Answers can come back out of order: only the latest request's answer is shown.
  let previewRequest = 0;
  async function preview(text) {
    const mine = ++previewRequest;
    const response = await api(`/api/compile?target=${encodeURIComponent(target)}&abi=${abiSelect.value}`, text);
    const result = response.ok ? await response.json() : null;
    if (!result || mine !== previewRequest) {
      return;
    }
    const output = document.getElementById('output');
    output.textContent = result.output === null ? '(no output: see the report)' : result.output;
    output.dataset.target = target;
    const items = result.report.items;
    const report = document.getElementById('report');
    report.replaceChildren(el('p', { class: 'summary', text: `${result.report.enforced ? 'Enforced' : 'Not enforced'} at ABI ${result.abi}: `
      + `${count(items, 'error')} errors, ${count(items, 'warning')} warnings, ${count(items, 'info')} notes` }),
    el('ul', {}, items.map((i) => el('li', { class: i.severity }, el('code', { text: i.pointer || '/' }), ` ${i.message}`))));
    const base = new URL(document.getElementById('curl').dataset.base, window.location.href);
    document.getElementById('curl').textContent = `curl -fsS -H "Authorization: Bearer $LANDLOCK_STUDIO_TOKEN" \\\n  "${base}api/policies/${policyName}/export?target=${target}&abi=${result.abi}"`;
  }
  const count = (items, severity) => items.filter((i) => i.severity === severity).length;

  document.getElementById('copy').addEventListener('click', async () => {
    await navigator.clipboard.writeText(document.getElementById('output').textContent);
  });
  document.getElementById('download').addEventListener('click', () => {
    const extension = target === 'c' ? 'c' : 'json';
    const link = el('a', { href: URL.createObjectURL(new Blob([document.getElementById('output').textContent])),
      download: `${policyName}-${target}-abi${abiSelect.value}.${extension}` });
    link.click();
    URL.revokeObjectURL(link.href);
  });

  // ---- the matrix: shown open, and asked again with every change while it is open ----
  const matrixPanel = document.getElementById('matrix-panel');
  let matrixRequest = 0;
  let matrixText = null;
  async function matrix(text) {
    // The same text is asked once: the panel's first toggle and the first refresh both come at page load.
    if (!matrixPanel.open || text === matrixText) {
      return;
    }
    matrixText = text;
    const mine = ++matrixRequest;
    const response = await api('/api/matrix', text);
    if (!response.ok) {
      matrixText = null;
    }
    if (!response.ok || mine !== matrixRequest) {
      return;
    }
    const cells = await response.json();
    const abis = [...new Set(cells.map((c) => c.abi))];
    const targets = [...new Set(cells.map((c) => c.target))];
    const symbol = { full: '●', partial: '◐', not_enforced: '○', refused: '✕' };
    const table = el('table', { class: 'matrix' },
      el('thead', {}, el('tr', {}, el('th', { text: 'target \\ ABI' }), abis.map((a) => el('th', { text: String(a) })))),
      el('tbody', {}, targets.map((t) => el('tr', {}, el('th', { text: t }), abis.map((a) => {
        const cell = cells.find((c) => c.abi === a && c.target === t);
        const lost = [...cell.notRestricted, ...cell.cannotExpress];
        return el('td', { class: cell.status, title: `${t} at ABI ${a}: ${cell.status.replace('_', ' ')}${lost.length ? `; not restricted: ${lost.join(', ')}` : ''}`,
          text: symbol[cell.status] || cell.status });
      })))));
    document.getElementById('matrix').replaceChildren(table,
      el('p', { class: 'hint', text: '● full  ◐ partial  ○ not enforced  ✕ refused; hover a cell for what is lost there.' }));
  }
  matrixPanel.addEventListener('toggle', () => matrix(textarea.value));

  // ---- explain ----
  const access = document.getElementById('explain-access');
  ['read_file', 'write_file', 'read_dir', 'execute', 'truncate', 'open_trunc', 'creat', 'make_reg', 'make_dir', 'remove_file',
    'remove_dir', 'rename', 'link', 'ioctl_dev', 'resolve_unix', 'bind_tcp', 'connect_tcp', 'bind_udp', 'connect_send_udp',
    'signal', 'abstract_unix_socket'].forEach((a) => access.append(el('option', { value: a, text: a })));
  document.getElementById('explain').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!parseText()) {
      return;
    }
    const where = document.getElementById('explain-path').value.trim();
    const request = { policy: doc, access: access.value, abi: Number(abiSelect.value) };
    if (/^\d+$/.test(where) && ['bind_tcp', 'connect_tcp', 'bind_udp', 'connect_send_udp'].includes(access.value)) {
      request.port = Number(where);
    } else if (where) {
      request.path = where;
    }
    const to = document.getElementById('explain-to').value.trim();
    if (to) {
      request.to = to;
    }
    const response = await api('/api/explain', JSON.stringify(request));
    const result = await response.json();
    document.getElementById('explanation').textContent = response.ok ? result.explanation.join('\n')
      : (result.problems || []).map((p) => `${p.pointer || '/'} ${p.message}`).join('\n') || result.detail;
  });

  // From a dry run's mismatch: ?explain=SPEC (read_file:/path, rename:/a:/b, bind_tcp:443) asks at once.
  const asked = new URLSearchParams(window.location.search).get('explain');
  if (asked) {
    const [operation, ...rest] = asked.split(':');
    const twoPaths = operation === 'rename' || operation === 'link';
    access.value = operation;
    document.getElementById('explain-path').value = twoPaths ? rest[0] || '' : rest.join(':');
    document.getElementById('explain-to').value = twoPaths ? rest.slice(1).join(':') : '';
    document.getElementById('explain-panel').open = true;
  }

  if (parseText()) {
    render();
    refresh();
    if (asked) {
      document.getElementById('explain').requestSubmit();
    }
  }
})();
