// The new token is shown once: a button copies it.
const copyToken = document.getElementById('copy-token');
if (copyToken) {
  copyToken.hidden = false;
  copyToken.addEventListener('click', async () => {
    await navigator.clipboard.writeText(document.getElementById('new-token').textContent.trim());
    copyToken.textContent = 'Copied';
  });
}
