// Keeps a page live through a long outage of the server (a deploy, a restarted `make dev`).
// djust's client gives up on its websocket after 10 attempts, a minute or two, and the page
// then shows stale data until its visitor clicks something. When it gives up, this asks the
// page for fresh data over HTTP (the `reload` event every project LiveView has) and starts
// reconnecting again after a pause; once the socket is back, djust mounts the view afresh.
//
// It also says on the page when the server refused the live connection for sending too
// much: djust closes such a socket with code 4429 (too many sockets from one address, or
// too many messages: LIVEVIEW_CONFIG["rate_limit"] in settings.py) and its client only
// retries. The note stays until a socket is accepted again (its first frame, "connect",
// comes only after the server's per-address check).
"use strict";
window.addEventListener("load", () => {
  const live = window.djust && window.djust.liveViewInstance;
  if (!live) return; // not a LiveView page
  const RATE_LIMITED = 4429;
  const watch = (socket) => {
    if (!socket) return;
    socket.addEventListener("close", (event) => {
      if (event.code === RATE_LIMITED) document.body.classList.add("live-rate-limited");
    });
    socket.addEventListener(
      "message",
      () => document.body.classList.remove("live-rate-limited"),
      { once: true },
    );
  };
  watch(live.ws);
  const connect = live.connect.bind(live);
  live.connect = (...args) => {
    const result = connect(...args);
    watch(live.ws); // every reconnect makes a new socket
    return result;
  };
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
