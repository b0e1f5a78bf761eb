// A run on stock kernels: a section per kernel, from the page's template, filled with the kernel's heading as the
// server words it (DryRunKernel) and kept in the order of the ABIs the kernels are listed with.

/** The section of `kernel` (a "kernel" event), made on its first event; its rows go into its groups. */
export function kernelSection(holder, kernel) {
  let section = holder.querySelector(`.kernel-run[data-kernel="${kernel.abi}"]`);
  if (!section) {
    section = document.getElementById('kernel-template').content.firstElementChild.cloneNode(true);
    section.dataset.kernel = String(kernel.abi);
    const after = [...holder.querySelectorAll('.kernel-run')].find((s) => Number(s.dataset.kernel) > kernel.abi);
    holder.insertBefore(section, after || document.getElementById('kernel-template'));
  }
  section.classList.add(kernel.outcome);
  if (kernel.reportedAbi !== undefined) {
    section.dataset.abi = String(kernel.reportedAbi);
  }
  section.querySelector('.kernel-heading').textContent = kernel.heading;
  section.querySelector('.kernel-said').textContent = kernel.said;
  return section;
}
