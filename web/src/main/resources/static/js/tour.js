// The first-run tour: a few steps read from the page (#tour-steps), each pointing at the element named by its
// data-anchor when the page has it. Dismissing it (Skip, Done or Escape) is remembered in localStorage for the
// signed-in user, so that it starts by itself only once; the Tour button shows it again.
import { el, nextId } from './lib/dom.js';

const steps = document.getElementById('tour-steps');
const startButton = document.getElementById('tour-start');

if (steps) {
  const key = `landlock-studio.tour.${steps.dataset.user || ''}`;
  const items = [...steps.querySelectorAll('li')].map((li) => ({
    title: li.querySelector('strong').textContent,
    text: [...li.childNodes].filter((n) => n.nodeName !== 'STRONG').map((n) => n.textContent).join('').trim(),
    anchors: li.dataset.anchor.split(' '),
  }));
  let panel = null;
  let target = null;
  let index = 0;

  const remembered = () => {
    try {
      return localStorage.getItem(key) === 'dismissed';
    } catch (e) {
      return true; // No storage (a locked-down browser): never start by itself.
    }
  };

  function close() {
    target?.classList.remove('tour-target');
    panel?.remove();
    panel = null;
    document.removeEventListener('keydown', onKey);
    try {
      localStorage.setItem(key, 'dismissed');
    } catch (e) {
      // Nothing to remember it in: it simply shows again next time.
    }
    startButton.focus();
  }

  function onKey(event) {
    if (event.key === 'Escape') {
      close();
    }
  }

  function show(n) {
    index = n;
    const step = items[n];
    target?.classList.remove('tour-target');
    target = step.anchors.map((id) => document.getElementById(id)).find((e) => e) || null;
    target?.classList.add('tour-target');
    const titleId = nextId('tour-title');
    const last = n === items.length - 1;
    const body = el('div', { class: 'tour card', id: 'tour', role: 'dialog', 'aria-labelledby': titleId },
      el('p', { class: 'tour-count', text: `${n + 1} of ${items.length}` }),
      el('h2', { id: titleId, text: step.title }),
      el('p', { text: step.text }),
      el('div', { class: 'tour-buttons' },
        el('button', { type: 'button', class: 'tour-skip', text: 'Skip the tour', onclick: close }),
        n > 0 ? el('button', { type: 'button', class: 'tour-back', text: 'Back', onclick: () => show(n - 1) }) : '',
        el('button', { type: 'button', class: 'primary tour-next', text: last ? 'Done' : 'Next',
          onclick: () => (last ? close() : show(n + 1)) })));
    if (panel) {
      panel.replaceWith(body);
    } else {
      document.addEventListener('keydown', onKey);
    }
    panel = body;
    // In the page's flow under its title bar, never over it: nothing it could hide stays unreachable.
    document.querySelector('#content > .bar, #content > h1').after(panel);
    panel.querySelector('.tour-next').focus();
  }

  startButton.hidden = false;
  startButton.addEventListener('click', () => show(0));
  if (steps.dataset.autostart === 'true' && !remembered()) {
    show(index);
  }
}
