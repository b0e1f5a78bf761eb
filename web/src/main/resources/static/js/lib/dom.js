// Small DOM helpers: text is always set as text, never as HTML.

/**
 * A new element: attributes by name (`text` sets the text, `onclick` and the like add a listener, `true` sets an
 * empty attribute, false/null/undefined leave it out), then children (elements or strings, arrays flattened).
 */
export function el(tag, attributes = {}, ...children) {
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
/** An id no other element of the page has. */
export const nextId = (prefix) => `${prefix}-${++ids}`;
