// dossier-embed.js: sizes the iframes that show dossier embed views on a
// course page (Moodle, Canvas, any site). Load it once on the page that
// holds the iframes:
//
//   <iframe src="https://example.org/dossier/embed/timeline/index.html"
//           title="Chronologie" width="100%" height="600" loading="lazy"></iframe>
//   <script src="https://example.org/dossier/dossier-embed.js" defer></script>
//
// Each embed view posts { type: "dossier:height", height: N, id: "…" } to
// its parent (see embed.js); this script sets the height attribute of the
// iframe that sent it, found by comparing windows, so several embeds on one
// page each get their own height. Heights are kept between 150 and 100000
// pixels. Messages of any other shape are ignored. No dependencies.
(function () {
  "use strict";
  if (window.dossierEmbed) return; // loaded twice: one listener is enough
  var MIN_HEIGHT = 150;
  var MAX_HEIGHT = 100000;

  function frameOf(source) {
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== "dossier:height") return;
    var height = Number(data.height);
    if (!isFinite(height)) return;
    var frame = frameOf(event.source);
    if (!frame) return;
    height = Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, Math.round(height)));
    frame.setAttribute("height", String(height));
  });

  window.dossierEmbed = { version: 1 };
})();
