// Calls to the app's own REST API with the page's session and CSRF token.

const csrf = () => ({
  header: document.querySelector('meta[name="_csrf_header"]').content,
  token: document.querySelector('meta[name="_csrf"]').content,
});

/** POSTs a body (a string, or anything else as JSON) and answers the fetch Response. */
export function postJson(path, body) {
  const { header, token } = csrf();
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [header]: token },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    credentials: 'same-origin',
  });
}

/**
 * Answers can come back out of order: wraps an async function so that only the latest call's result is delivered.
 * The wrapped function resolves to the result of the latest call, or to `undefined` when a newer call was made
 * meanwhile (the caller then does nothing).
 */
export function latestOnly(call) {
  let latest = 0;
  return async (...args) => {
    const mine = ++latest;
    const result = await call(...args);
    return mine === latest ? result : undefined;
  };
}
