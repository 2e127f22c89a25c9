// Says on the page why a chosen file will not upload, before djust's client tries.
// djust checks the size itself but only writes a console warning, and it sends an
// empty file that its server then refuses with a generic "Upload rejected".
(() => {
  const problemFor = (input) => document.getElementById(input.getAttribute('aria-describedby'));
  const show = (input, text) => {
    const problem = problemFor(input);
    if (!problem) return;
    problem.textContent = text;
    problem.hidden = !text;
  };
  const size = (bytes) => (bytes < 1024 * 1024
    ? `${Math.ceil(bytes / 1024)} KB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MB`);

  document.addEventListener('change', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.matches('[dj-upload][data-max-bytes]')) return;
    const limit = Number(input.dataset.maxBytes);
    const file = input.files && input.files[0];
    let problem = '';
    if (file && file.size === 0) {
      problem = `“${file.name}” is empty (0 bytes): choose a file with something in it.`;
    } else if (file && file.size > limit) {
      problem = `“${file.name}” is ${size(file.size)}: files up to ${input.dataset.maxText} upload here.`;
    }
    show(input, problem);
    if (problem) {
      // Capture phase on the document: djust's own listener on the input never sees it.
      event.stopImmediatePropagation();
      input.value = '';
    }
  }, true);

  // Anything djust's client still refuses (a lost connection, a server-side limit).
  window.addEventListener('djust:upload:error', (event) => {
    const input = document.querySelector('[dj-upload][data-max-bytes]');
    const detail = event.detail || {};
    if (input) show(input, `“${detail.file}” was not uploaded: ${detail.error}.`);
  });
})();
