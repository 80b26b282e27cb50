// Installed in the page before the app's scripts (bench/workbench/run.ts): timestamps the app
// cannot skew. Plain browser JavaScript.
/* global window, document, MutationObserver, requestAnimationFrame */
(() => {
  const bench = { readyAt: 0, tableDataAt: 0, firstRowAt: 0, allRowsAt: 0, armed: 0, expected: 0 };
  window.__bench = bench;
  // Marks for the trace (bench/workbench/trace.ts): the document starts, before the app's scripts.
  performance.mark('starling-document');
  new MutationObserver(() => {
    if (!bench.readyAt && document.body?.dataset.ready === 'true') {
      bench.readyAt = performance.now();
      performance.mark('starling-ready');
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });

  // The moment the table's rows arrive: the first `reset` with the benchmark's objects after the
  // bench arms the probe (a large table's reset carries its first rows; the rest follow).
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (e) => {
        const text = String(e.data);
        if (!bench.armed || bench.tableDataAt) return;
        if (!text.includes('"type":"reset"') || !text.includes('"name":"object-')) return;
        bench.tableDataAt = performance.now();
        performance.mark('starling-data');
        const seen = new MutationObserver(() => {
          if (!document.querySelector('[data-testid="resource-table"] [data-key]')) return;
          seen.disconnect();
          requestAnimationFrame(() => {
            bench.firstRowAt = performance.now();
            performance.mark('starling-first-row');
          });
        });
        seen.observe(document.body, { childList: true, subtree: true });
        // All rows in: the row count reads "N of N" for the expected N.
        const all = `${bench.expected} of ${bench.expected}`;
        const counted = new MutationObserver(() => {
          if (document.querySelector('[data-testid="row-count"]')?.textContent !== all) return;
          counted.disconnect();
          bench.allRowsAt = performance.now();
          performance.mark('starling-all-rows');
        });
        counted.observe(document.body, { childList: true, subtree: true, characterData: true });
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
        performance.mark('starling-frame');
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
