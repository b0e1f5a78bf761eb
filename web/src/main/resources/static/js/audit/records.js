// The records form: a chosen file fills the text area, so that the form posts its content; what the server would refuse
// as too large (its limit is on the form) is said before sending.
const form = document.getElementById('audit-read');
const text = document.getElementById('records');
const picker = document.getElementById('records-file');
const size = document.getElementById('records-size');
const maxBytes = Number(form.dataset.maxBytes);

function tooLarge() {
  // The form is sent URL-encoded, which can triple the bytes; the limit applies to what is sent.
  const bytes = new TextEncoder().encode(new URLSearchParams({ records: text.value }).toString()).length;
  const over = bytes > maxBytes;
  size.textContent = over ? `These records are ${bytes.toLocaleString()} bytes to send, more than the server's`
    + ` ${maxBytes.toLocaleString()}: keep the lines of the denials you want fixed.` : '';
  size.classList.toggle('error', over);
  return over;
}

picker.addEventListener('change', async () => {
  const file = picker.files[0];
  if (file) {
    text.value = await file.text();
    tooLarge();
  }
});
text.addEventListener('input', tooLarge);
form.addEventListener('submit', (event) => {
  if (tooLarge()) {
    event.preventDefault();
  }
});
