// The storage page's upload form.
// - Says on the page why a chosen file will not upload, before djust's client tries:
//   djust checks the size itself but only writes a console warning, and it sends an
//   empty file that its server then refuses with a generic "Upload rejected".
// - djust's client uploads over the websocket only: with one, the Upload button's
//   dj-click stores the file already sent; without one (djust's HTTP fallback, the body
//   has class dj-disconnected) the form is posted as a plain multipart form instead.
(() => {
  const withoutWebsocket = () => document.body.classList.contains('dj-disconnected');
  const uploadButton = (target) => target instanceof Element && target.closest('#upload-form [type=submit]');

  document.addEventListener('click', (event) => {
    // Without a websocket the form posts the file; djust's event would find none.
    if (uploadButton(event.target) && withoutWebsocket()) event.stopImmediatePropagation();
  }, true);
  document.addEventListener('submit', (event) => {
    if (event.target.id === 'upload-form' && !withoutWebsocket()) event.preventDefault();
  }, true);

  const problemFor = (input) => document.getElementById(input.getAttribute('aria-describedby'));
  const show = (input, text) => {
    const problem = problemFor(input);
    if (!problem) return;
    problem.textContent = text;
    problem.hidden = !text;
    problem.classList.toggle('alert-error', Boolean(text));
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
