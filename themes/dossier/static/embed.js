// dossier embed view: tells the page that holds this one in an <iframe>
// how tall its content is, so the iframe can take that height and never
// show a scroll bar of its own.
//
// Message posted to window.parent (targetOrigin "*": a height is no
// secret, and the course page's address is not known in advance):
//
//   { type: "dossier:height", height: <integer, CSS pixels>, id: "<view>" }
//
// `id` names the view ("timeline", "glossary", "article:<slug>"), from the
// body's data-embed-id. It is posted on load and whenever the content's
// size changes (ResizeObserver; window resizes where that is missing),
// never twice in a row for the same height. dossier-embed.js is the
// parent side. Without it the iframe keeps its own height and scrolls.
(function () {
  "use strict";
  if (window.parent === window) return;
  var body = document.body;
  var id = body.getAttribute("data-embed-id") || "";
  var last = -1;

  function contentHeight() {
    var style = window.getComputedStyle(body);
    var margins = parseFloat(style.marginTop) + parseFloat(style.marginBottom);
    return Math.ceil(body.getBoundingClientRect().height + margins);
  }

  function report() {
    var height = contentHeight();
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "dossier:height", height: height, id: id }, "*");
  }

  if (typeof window.ResizeObserver === "function") {
    new window.ResizeObserver(report).observe(body);
  } else {
    window.addEventListener("resize", report);
  }
  window.addEventListener("load", report);
  report();
})();
