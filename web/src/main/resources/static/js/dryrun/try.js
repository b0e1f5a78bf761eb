// "Edit these" copies the generated probes into the probe list, to change them before starting.
const useGenerated = document.getElementById('use-generated');
if (useGenerated) {
  useGenerated.addEventListener('click', () => {
    const probes = document.getElementById('probes');
    probes.value = document.getElementById('generated').textContent;
    probes.focus();
  });
}
