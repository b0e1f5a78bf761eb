// The rights vocabulary (from the server) applied to a document: what an ABI has, what groups grant, ticking one
// right on or off, and what a document names that its ABI lacks.
import { valueAt } from './document.js';

/** Per kind of right, the document keys of its handled set and of its quiet set (ABI 10: a subset of the handled). */
export const SETS = {
  fs: { handled: 'handledAccessFs', quiet: 'quietAccessFs' },
  net: { handled: 'handledAccessNet', quiet: 'quietAccessNet' },
  scope: { handled: 'scoped', quiet: 'quietScoped' },
};
const QUIET_SETS = Object.values(SETS).map((set) => set.quiet);

export class Rights {
  constructor(vocabulary) {
    this.vocabulary = vocabulary;
    this.order = vocabulary.rights.map((r) => r.name);
  }

  /** The ABI a document is written for: its abi, or the newest one when it names none. */
  abiOf(doc) {
    return Number.isInteger(doc.abi) ? doc.abi : this.vocabulary.newestAbi;
  }

  ofKind(kind) {
    return this.vocabulary.rights.filter((r) => r.kind === kind);
  }

  /** Whether quiet sets and quiet rules are in {@code abi}. */
  hasQuiet(abi) {
    return abi >= this.vocabulary.quiet.firstAbi;
  }

  /** The rights of {@code kind} a document handles at its ABI: an omitted list means every right of the ABI. */
  handled(doc, kind) {
    const abi = this.abiOf(doc);
    const list = doc[SETS[kind].handled];
    return this.ofKind(kind).filter((r) => r.firstAbi <= abi && (list === undefined || this.grants(list, kind, r.name, abi)));
  }

  isGroup(name) {
    return Boolean(this.vocabulary.groups[name]);
  }

  /** The rights of {@code kind} that the groups named in a list grant at {@code abi}, each with its group. */
  grantedByGroups(list, kind, abi) {
    const granted = new Map();
    list.filter((name) => this.isGroup(name)).forEach((group) => (this.vocabulary.groups[group][kind] || []).forEach((name) => {
      const right = this.vocabulary.rights.find((r) => r.name === name);
      if (!granted.has(name) && right.firstAbi <= abi) {
        granted.set(name, group);
      }
    }));
    return granted;
  }

  grants(list, kind, name, abi) {
    return list.includes(name) || this.grantedByGroups(list, kind, abi).has(name);
  }

  /** Grants or withdraws one right in place; withdrawing one a group grants replaces the groups by what they grant. */
  toggle(list, kind, name, on, abi) {
    if (!on && !list.includes(name)) {
      const expanded = [...this.grantedByGroups(list, kind, abi).keys()];
      for (let i = list.length - 1; i >= 0; i--) {
        if (this.isGroup(list[i])) {
          list.splice(i, 1);
        }
      }
      expanded.filter((n) => !list.includes(n)).forEach((n) => list.push(n));
    }
    const index = list.indexOf(name);
    if (on && index < 0 && !this.grants(list, kind, name, abi)) {
      list.push(name);
    } else if (!on && index >= 0) {
      list.splice(index, 1);
    }
    list.sort((a, b) => this.order.indexOf(a) - this.order.indexOf(b));
  }

  /** The lists of a document with the kind of name each holds, by pointer. */
  lists(doc) {
    const lists = Object.entries(SETS).flatMap(([kind, set]) => [[`/${set.handled}`, kind], [`/${set.quiet}`, kind]]);
    lists.push(['/restrictSelf', 'flag']);
    (doc.pathBeneath || []).forEach((_, i) => lists.push([`/pathBeneath/${i}/allowedAccess`, 'fs']));
    (doc.netPort || []).forEach((_, i) => lists.push([`/netPort/${i}/allowedAccess`, 'net']));
    return lists.filter(([pointer]) => Array.isArray(valueAt(doc, pointer)));
  }

  firstAbi(name, kind) {
    const entries = kind === 'flag' ? this.vocabulary.restrictFlags : this.ofKind(kind);
    const entry = entries.find((r) => r.name === name);
    return entry ? entry.firstAbi : 0;
  }

  /** What a document names that {@code abi} does not have: [{pointer, name, firstAbi}]. */
  beyond(doc, abi) {
    const found = [];
    this.lists(doc).forEach(([pointer, kind]) => valueAt(doc, pointer).forEach((name) => {
      const first = this.firstAbi(name, kind);
      if (first > abi) {
        found.push({ pointer, name, firstAbi: first });
      }
    }));
    return found.concat(this.quietBeyond(doc, abi));
  }

  /** The quiet sets and quiet rules of a document, when {@code abi} is older than the first that has them. */
  quietBeyond(doc, abi) {
    const first = this.vocabulary.quiet.firstAbi;
    if (this.hasQuiet(abi)) {
      return [];
    }
    const found = QUIET_SETS.filter((key) => doc[key] !== undefined)
      .map((key) => ({ pointer: `/${key}`, name: key, firstAbi: first }));
    ['pathBeneath', 'netPort'].forEach((key) => (doc[key] || []).forEach((rule, i) => {
      if (rule.quiet !== undefined) {
        found.push({ pointer: `/${key}/${i}/quiet`, name: 'quiet rules', firstAbi: first });
      }
    }));
    return found;
  }

  /**
   * Drops from {@code draft} what {@code abi} does not have, and the rules left granting nothing; no restrict flags
   * left is no list (an empty handled list stays: it means nothing handled).
   */
  dropBeyond(draft, abi) {
    if (!this.hasQuiet(abi)) {
      QUIET_SETS.forEach((key) => delete draft[key]);
      ['pathBeneath', 'netPort'].forEach((key) => (draft[key] || []).forEach((rule) => delete rule.quiet));
    }
    this.lists(draft).forEach(([pointer, kind]) => {
      const list = valueAt(draft, pointer);
      const kept = list.filter((name) => this.firstAbi(name, kind) <= abi);
      list.splice(0, list.length, ...kept);
    });
    for (const key of ['pathBeneath', 'netPort']) {
      if (Array.isArray(draft[key])) {
        draft[key] = draft[key].filter((rule) => !Array.isArray(rule.allowedAccess) || rule.allowedAccess.length || rule.quiet);
      }
    }
    if (Array.isArray(draft.restrictSelf) && !draft.restrictSelf.length) {
      delete draft.restrictSelf;
    }
  }
}

/** The list a pointer names in {@code draft}, made (empty) when it is missing. */
export function listAt(draft, pointer) {
  const tokens = pointer.split('/').slice(1);
  const last = tokens.pop();
  const parent = tokens.reduce((v, t) => v[t], draft);
  if (!Array.isArray(parent[last])) {
    parent[last] = [];
  }
  return parent[last];
}
