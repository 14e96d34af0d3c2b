// The webview's only static files, small enough to live here: one stylesheet for every page and the order
// page's live-update script (polls its timeline fragment; stops once the order is final).
export const APP_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:17px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f6f7f9}
header{background:#0b4f8a;color:#fff;padding:.5rem 1rem}
.brand{margin:0 0 .25rem;font-weight:600}
nav{display:flex;gap:.5rem;flex-wrap:wrap}
nav a{color:#fff;display:inline-flex;align-items:center;min-height:44px;padding:0 .75rem;border-radius:.5rem;text-decoration:none}
nav a[aria-current=page]{background:#ffffff33;text-decoration:underline}
main{padding:1rem;max-width:40rem;margin:0 auto}
h1{font-size:1.5rem;margin:.25rem 0 1rem}
h2{font-size:1.15rem;margin:0 0 .5rem}
a{color:#0b4f8a}
p a,main>p>a{display:inline-flex;align-items:center;min-height:44px}
.cards{list-style:none;margin:0;padding:0;display:grid;gap:.75rem}
.card{background:#fff;border:1px solid #d5d9df;border-radius:.75rem;padding:1rem;overflow-wrap:anywhere}
.meta{color:#4a5360;font-size:.95rem}
.price{font-weight:600;color:#1a1a1a}
.button{display:flex;align-items:center;justify-content:center;min-height:48px;width:100%;padding:.5rem 1rem;border:1px solid #0b4f8a;border-radius:.6rem;background:#fff;color:#0b4f8a;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.button.primary{background:#0b4f8a;color:#fff}
.button.danger{border-color:#a4161a;color:#a4161a}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:.5rem 0 0}
dt{color:#4a5360}dd{margin:0}
form{margin:1rem 0}
.status{font-weight:600;font-size:1.1rem}
.timeline{list-style:none;margin:0;padding:0 0 0 1.25rem;border-left:3px solid #d5d9df}
.timeline li{position:relative;padding:.35rem 0 .6rem .5rem}
.timeline li::before{content:"";position:absolute;left:-1.83rem;top:.65rem;width:.9rem;height:.9rem;border-radius:50%;background:#d5d9df}
.timeline li.done::before{background:#1b7f3b}
.timeline .label{font-weight:600}
.timeline .pending .label{font-weight:400;color:#4a5360}
.timeline .when{display:block;color:#4a5360;font-size:.95rem}
.notice{background:#fff4d6;border:1px solid #e0b84c;border-radius:.5rem;padding:.75rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

export const LIVE_JS = `"use strict";
(function () {
  var EVERY_MS = 3000;
  var wait = EVERY_MS;
  function tick() {
    var box = document.getElementById("timeline");
    if (!box || box.getAttribute("data-final") === "true") return;
    fetch(box.getAttribute("data-src"), { headers: { accept: "text/html" }, credentials: "same-origin" })
      .then(function (r) {
        // Signed out or not found: reloading shows why; polling on would only repeat it.
        if (r.status === 401 || r.status === 404) return null;
        if (!r.ok) throw new Error(String(r.status));
        return r.text();
      })
      .then(function (text) {
        if (text === null) return;
        var current = document.getElementById("timeline");
        if (current && current.outerHTML !== text) current.outerHTML = text;
        wait = EVERY_MS;
        setTimeout(tick, wait);
      }, function () {
        wait = Math.min(wait * 2, 60000); // the service is struggling: ask less often
        setTimeout(tick, wait);
      });
  }
  setTimeout(tick, EVERY_MS);
})();
`;
