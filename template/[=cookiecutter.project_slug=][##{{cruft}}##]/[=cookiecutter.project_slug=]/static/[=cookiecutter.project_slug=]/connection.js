// Keeps a page live through a long outage of the server (a deploy, a restarted `make dev`).
// djust's client gives up on its websocket after 10 attempts, a minute or two, and the page
// then shows stale data until its visitor clicks something. When it gives up, this asks the
// page for fresh data over HTTP (the `reload` event every project LiveView has) and starts
// reconnecting again after a pause; once the socket is back, djust mounts the view afresh.
"use strict";
window.addEventListener("load", () => {
  const live = window.djust && window.djust.liveViewInstance;
  if (!live) return; // not a LiveView page
  const RETRY_AFTER_MS = 15000;
  live.onTransportFailed = () => {
    window.djust.handleEvent("reload", {});
    setTimeout(() => {
      live.reconnectAttempts = 0;
      live.enabled = true;
      live.connect();
    }, RETRY_AFTER_MS);
  };
});
