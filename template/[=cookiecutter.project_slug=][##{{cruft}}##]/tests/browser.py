"""Helpers for the browser tests (`make test-browser`): a proxy that blocks websockets, page checks.

The fixtures that use them are in conftest.py.
"""

from __future__ import annotations

import socket
import threading

from tests.faults import LocalProxy

PHONE = {"width": 375, "height": 740}  # an iPhone SE-class screen, the narrowest common one
DESKTOP = {"width": 1280, "height": 800}
# True once djust's client has mounted the page's view: before it, a click can reach a
# socket whose view is not mounted yet, and the event is lost.
VIEW_MOUNTED_JS = "() => window.djust?.liveViewInstance?.viewMounted === true"


class WebsocketBlockingProxy(LocalProxy):
    """An HTTP proxy in front of the site that refuses websocket upgrades with 403.

    Some corporate proxies and firewalls do this: the page loads, its websocket never
    opens, and djust's client falls back to POSTing events. Everything else is relayed
    byte for byte, so the site sees the browser's own requests.
    """

    def __init__(self, upstream_port: int) -> None:
        self.refused_upgrades = 0
        super().__init__(upstream_port)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self, client: socket.socket) -> None:
        with client:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(65536)
                if not chunk:
                    return
                head += chunk
            if b"\r\nupgrade: websocket" in head.lower():
                self.refused_upgrades += 1
                client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                return
            with socket.create_connection(("127.0.0.1", self.upstream_port)) as upstream:
                upstream.sendall(head)
                back = threading.Thread(target=_relay, args=(upstream, client), daemon=True)
                back.start()
                _relay(client, upstream)
                back.join()


def _relay(source: socket.socket, target: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            target.sendall(chunk)
        target.shutdown(socket.SHUT_WR)
    except OSError:
        pass


# WCAG 2.2 success criterion 1.4.3, Contrast (Minimum): every visible text node against
# the background colour it is drawn on, composited through its ancestors' semi-transparent
# backgrounds and opacity; 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold).
# Disabled controls are exempt (as the criterion says), and djust's own developer tools;
# background images are not seen.
CONTRAST_FAILURES_JS = """
() => {
  const DJUST_DEV_TOOLS = '#djust-debug-button, #djust-debug-panel';  // DEBUG only
  const parse = (value) => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r, g, b, a: Number.isNaN(a) || a === undefined ? 1 : a};
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = ({r, g, b}) => {
    const lin = (c) => {
      c /= 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const background = (element) => {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0) layers.push(colour);
      if (colour && colour.a >= 1) break;
    }
    let result = {r: 255, g: 255, b: 255, a: 1};  // the canvas
    for (const layer of layers.reverse()) result = over(layer, result);
    return result;
  };
  const opacity = (element) => {
    let value = 1;
    for (let node = element; node; node = node.parentElement) {
      value *= Number(getComputedStyle(node).opacity);
    }
    return value;
  };
  const failures = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const element = walker.currentNode.parentElement;
    if (!text || !element) continue;
    if (element.closest('[disabled], [aria-disabled="true"], script, style, noscript')) continue;
    if (element.closest(DJUST_DEV_TOOLS)) continue;
    const style = getComputedStyle(element);
    if (style.visibility !== 'visible' || !element.getClientRects().length) continue;
    const rect = element.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) continue;  // visually hidden (screen-reader text)
    const bg = background(element);
    const fg = parse(style.color);
    fg.a *= opacity(element);
    const drawn = over(fg, bg);
    const [light, dark] = [luminance(drawn), luminance(bg)].sort((x, y) => y - x);
    const ratio = (light + 0.05) / (dark + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const needed = large ? 3 : 4.5;
    if (ratio < needed) {
      failures.push({text: text.slice(0, 60), ratio: Math.round(ratio * 100) / 100, needed,
                     color: style.color, background: `rgb(${bg.r}, ${bg.g}, ${bg.b})`});
    }
  }
  return failures;
}
"""

# Every control a person can use (links, buttons, fields) that something else is drawn
# over at its centre, with the control scrolled to the bottom edge of the window (where
# fixed overlays such as djust's debug button sit) and then to the top edge.
COVERED_CONTROLS_JS = """
() => {
  const covered = [];
  const selector = 'a[href], button, input, select, textarea, [dj-click]';
  const controls = document.querySelectorAll(selector);
  for (const control of controls) {
    if (control.closest('#djust-debug-panel') || !control.getClientRects().length) continue;
    if (getComputedStyle(control).visibility !== 'visible') continue;
    for (const block of ['end', 'start']) {
      control.scrollIntoView({block, inline: 'nearest'});
      const rect = control.getBoundingClientRect();
      if (rect.width < 2 || rect.height < 2) continue;  // visually hidden
      const x = rect.left + rect.width / 2, y = rect.top + rect.height / 2;
      const top = document.elementFromPoint(x, y);
      if (top && top !== control && !control.contains(top) && !top.contains(control)) {
        const name = (control.textContent || control.name || control.id).trim();
        const by = top.id || top.className || top.tagName;
        covered.push({control: name.slice(0, 40), by, block});
      }
    }
  }
  // A fixed overlay covers whatever scrolls under it: djust's debug button must not float.
  const debugButton = document.getElementById('djust-debug-button');
  if (debugButton && getComputedStyle(debugButton).position === 'fixed') {
    covered.push({control: 'any control scrolled under it', by: 'djust-debug-button (fixed)'});
  }
  window.scrollTo(0, 0);
  return covered;
}
"""

# A page wider than the window scrolls sideways: on a phone, part of it is off screen.
SIDEWAYS_OVERFLOW_JS = """
() => ({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
        widest: [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
          .slice(0, 5).map((e) => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className)})
"""


# Every Content-Security-Policy violation in a window, reported to the test as it happens
# (the `securitypolicyviolation` event: https://www.w3.org/TR/CSP3/#violation-events).
CSP_VIOLATIONS_INIT_JS = """
document.addEventListener('securitypolicyviolation', (event) => window.reportCspViolation({
  directive: event.effectiveDirective,
  blocked: event.blockedURI,
  sample: event.sample,
  where: `${event.sourceFile}:${event.lineNumber}`,
  page: location.pathname,
}));
"""
