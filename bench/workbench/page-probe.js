// Installed in the page before the app's scripts (bench/workbench/run.ts): timestamps the app
// cannot skew. Plain browser JavaScript.
/* global window, document, MutationObserver, requestAnimationFrame */
(() => {
  const bench = { readyAt: 0, tableDataAt: 0, firstRowAt: 0, armed: 0 };
  window.__bench = bench;
  new MutationObserver(() => {
    if (!bench.readyAt && document.body?.dataset.ready === 'true')
      bench.readyAt = performance.now();
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });

  // The moment the table's rows arrive: the first large `reset` after the bench arms the probe.
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (e) => {
        const text = String(e.data);
        if (!bench.armed || bench.tableDataAt || text.length < 100_000) return;
        if (!text.includes('"type":"reset"')) return;
        bench.tableDataAt = performance.now();
        const seen = new MutationObserver(() => {
          if (!document.querySelector('[data-testid="resource-table"] [data-key]')) return;
          seen.disconnect();
          requestAnimationFrame(() => (bench.firstRowAt = performance.now()));
        });
        seen.observe(document.body, { childList: true, subtree: true });
      });
    }
  };

  // Scrolls the table top to bottom, `step` pixels per animation frame; resolves with the time
  // between consecutive frames.
  window.__scrollTable = (step) =>
    new Promise((done) => {
      const viewport = document.querySelector('[data-testid="resource-table"]');
      viewport.scrollTop = 0;
      const deltas = [];
      let last = 0;
      const frame = (t) => {
        if (last) deltas.push(t - last);
        last = t;
        if (viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - 1)
          return done(deltas);
        viewport.scrollTop += step;
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
})();
