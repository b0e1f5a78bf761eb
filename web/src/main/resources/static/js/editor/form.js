// The structured editor: settings, path rules and port rules, drawn again from the document after every change;
// the field that had the keyboard's focus keeps it.
import { settings } from './settings.js';
import { pathRules, portRules } from './rules.js';
import { Rights } from './rights.js';

export function createForm(root, policy, vocabulary) {
  const editor = {
    root,
    policy,
    vocabulary,
    rights: new Rights(vocabulary),
    /** The rules shown open, by pointer. */
    expanded: new Set(),
    abi: () => editor.rights.abiOf(policy.value),
    render() {
      if (!policy.value) {
        return;
      }
      const focused = root.contains(document.activeElement) ? document.activeElement : null;
      const key = focused && (focused.dataset.key || focused.dataset.pointer);
      root.replaceChildren(settings(editor), pathRules(editor), portRules(editor));
      const again = key && [...root.querySelectorAll('input, select, textarea, button')]
        .find((field) => (field.dataset.key || field.dataset.pointer) === key);
      if (again) {
        again.focus();
      }
    },
  };
  return editor;
}
