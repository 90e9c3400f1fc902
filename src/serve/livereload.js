// Live reload for `dossier serve`. The preview server adds this script to
// the pages it serves; it is never part of a built site.
//
// It listens to /__dossier/events: a page reloads when its own output
// changed, swaps stylesheets when only CSS changed, and shows a failed
// build's errors over the page (built from text nodes, never HTML) until
// they are fixed.
(function () {
  "use strict";

  var here = sitePath(location.pathname);
  var version = null;
  var overlay = null;

  function sitePath(pathname) {
    var p;
    try {
      p = decodeURIComponent(pathname);
    } catch (e) {
      p = pathname;
    }
    p = p.replace(/^\/+/, "");
    if (p === "" || p.charAt(p.length - 1) === "/") {
      p += "index.html";
    }
    return p;
  }

  function parse(e) {
    try {
      return JSON.parse(e.data);
    } catch (err) {
      return {};
    }
  }

  function swapStylesheets(paths) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      if (url.origin === location.origin && paths.indexOf(sitePath(url.pathname)) >= 0) {
        url.searchParams.set("dossier-reload", String(Date.now()));
        links[i].href = url.href;
      }
    }
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) {
      el.className = className;
    }
    if (text) {
      el.appendChild(document.createTextNode(text));
    }
    return el;
  }

  function loadOverlayStyle() {
    if (document.getElementById("dossier-live-style")) {
      return;
    }
    var link = document.createElement("link");
    link.id = "dossier-live-style";
    link.rel = "stylesheet";
    link.href = "/__dossier/livereload.css";
    document.head.appendChild(link);
  }

  function hideError() {
    if (overlay) {
      overlay.parentNode.removeChild(overlay);
      overlay = null;
    }
  }

  function showError(diagnostics) {
    hideError();
    loadOverlayStyle();
    overlay = element("section", "dossier-build-error");
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("lang", "fr");
    overlay.appendChild(element("h2", "", "La construction du site a échoué"));
    overlay.appendChild(element("p", "dossier-build-error-note",
      "L’aperçu montre la dernière version réussie. Corrigez l’erreur : il se mettra à jour tout seul."));
    var list = element("ul", "", "");
    for (var i = 0; i < diagnostics.length; i++) {
      var d = diagnostics[i];
      var item = element("li", "", "");
      if (d.location) {
        item.appendChild(element("code", "dossier-build-error-location", d.location));
      }
      item.appendChild(element("p", "dossier-build-error-message", d.message || ""));
      if (d.hint) {
        item.appendChild(element("p", "dossier-build-error-hint", "Piste : " + d.hint));
      }
      list.appendChild(item);
    }
    overlay.appendChild(list);
    var close = element("button", "", "Masquer");
    close.type = "button";
    close.addEventListener("click", hideError);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
  }

  var source = new EventSource("/__dossier/events");

  source.addEventListener("hello", function (e) {
    var d = parse(e);
    // A reconnection that finds another version missed a rebuild.
    if (version !== null && d.version !== version) {
      location.reload();
      return;
    }
    version = d.version;
  });

  source.addEventListener("reload", function (e) {
    var d = parse(e);
    version = d.version;
    hideError();
    var paths = d.paths || [];
    if (d.all || paths.indexOf(here) >= 0) {
      location.reload();
    } else {
      swapStylesheets(paths);
    }
  });

  source.addEventListener("css", function (e) {
    var d = parse(e);
    version = d.version;
    hideError();
    swapStylesheets(d.paths || []);
  });

  source.addEventListener("build-error", function (e) {
    showError(parse(e).diagnostics || []);
  });

  source.addEventListener("build-ok", function (e) {
    version = parse(e).version;
    hideError();
  });
})();
