// A chosen file fills the text area, so that the import form posts its content.
const picker = document.getElementById('import-pick');
if (picker) {
  picker.addEventListener('change', async () => {
    const file = picker.files[0];
    if (file) {
      document.getElementById('import-file').value = await file.text();
      const name = document.getElementById('import-name');
      if (!name.value) {
        name.value = file.name.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 64);
      }
    }
  });
}
