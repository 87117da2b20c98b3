// Interleave's optional embed helper for documentation pages. Include it once:
//   <script src="https://…/embed.js" defer></script>
// and every <iframe data-interleave> is resized to the height its experiment reports.
//
// The frame posts (message format version 1):
//   { type: 'interleave:height', v: 1, experiment: 'parallel-speedup', height: 912 }
// A message is used only if it comes from the window of an iframe marked data-interleave, from
// that iframe's origin, and has a whole height in a sane range; anything else is ignored.
(() => {
  const TYPE = 'interleave:height', VERSION = 1, MIN = 120, MAX = 20000;
  addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m !== 'object' || m.type !== TYPE || m.v !== VERSION) return;
    if (!Number.isInteger(m.height) || m.height < MIN || m.height > MAX) return;
    for (const frame of document.querySelectorAll('iframe[data-interleave]')) {
      if (frame.contentWindow !== event.source) continue;
      let origin;
      try { origin = new URL(frame.src, location.href).origin; } catch { continue; }
      if (origin === event.origin) frame.style.height = `${m.height}px`;
    }
  });
})();
