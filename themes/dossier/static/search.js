// Search page. The build wrote the index as script files beside this page
// (search/manifest.js, t-*.js term shards, d-*.js documents); they are
// loaded with <script src>, never fetch, so search works from file:// as
// well as from any web server and sub-path. Language rules were applied at
// build time: this script only folds accents and case, then looks words up.
// The lookup and ranking follow src/search/query.rs step by step.
(function () {
  "use strict";
  var G = window.DOSSIER_SEARCH;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var nojs = document.getElementById("search-nojs");
  if (!form || !input || !status || !list) return;
  if (nojs) nojs.hidden = true;
  if (!G || !G.manifest) {
    status.textContent = status.getAttribute("data-error");
    return;
  }
  var M = G.manifest;
  var PAGE_SIZE = 10;
  var EXCERPT_BEFORE = 60;
  var EXCERPT_LENGTH = 240;
  var root = list.getAttribute("data-root") || "";
  var baseTitle = document.title;
  var shardSet = new Set(M.shards);
  var stopwords = new Set(M.stopwords);
  var elisions = new Set(M.elisions);

  // ---- Words, as src/search/tokenizer.rs cuts them.
  var WORD_CHAR = /[\p{Alphabetic}\p{N}\p{M}]/u;
  function isApostrophe(c) {
    return c === "'" || c === "\u2019" || c === "\u2018" || c === "\u02bc";
  }
  function isWordChar(c) {
    return WORD_CHAR.test(c) && !isApostrophe(c);
  }
  function fold(w) {
    return w.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "")
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss").toLowerCase();
  }
  function charLength(s) {
    return Array.from(s).length;
  }
  // Words of a text with their UTF-16 offsets.
  function words(text) {
    var out = [];
    var start = -1;
    var i = 0;
    for (var c of text) {
      var w = isWordChar(c);
      if (w && start < 0) start = i;
      if (!w && start >= 0) {
        out.push({ text: text.slice(start, i), start: start, end: i, apostrophe: isApostrophe(c) });
        start = -1;
      }
      i += c.length;
    }
    if (start >= 0) out.push({ text: text.slice(start), start: start, end: text.length, apostrophe: false });
    return out;
  }
  // The query's words: folded, without elided words and stopwords; the word
  // still being typed is "open" and matches as a prefix.
  function queryWords(q) {
    var ws = words(q);
    var last = Array.from(q).pop();
    var endsOpen = last !== undefined && isWordChar(last);
    var out = [];
    ws.forEach(function (w, i) {
      var folded = fold(w.text);
      var open = endsOpen && i === ws.length - 1;
      var elided = w.apostrophe && w.end + 1 < q.length && elisions.has(folded);
      var stop = !open && stopwords.has(folded);
      if (!elided && !stop) out.push({ folded: folded, open: open });
    });
    return out;
  }

  // ---- Loading data files.
  var scripts = {};
  function loadScript(name) {
    if (!scripts[name]) {
      scripts[name] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = name + "?v=" + encodeURIComponent(M.version);
        s.async = true;
        s.onload = function () { resolve(); };
        s.onerror = function () {
          delete scripts[name];
          reject(new Error("cannot load " + name));
        };
        document.head.appendChild(s);
      });
    }
    return scripts[name];
  }
  // The shard of a word: the longest existing key that starts it (a shard
  // that was too big was cut by the next letter; see src/search/shards.rs).
  function keyOf(chars) {
    return chars.map(function (c) {
      return /[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_";
    }).join("");
  }
  function shardKey(w) {
    var chars = Array.from(w);
    for (var n = Math.min(chars.length, M.maxKey); n >= 0; n--) {
      var k = keyOf(chars.slice(0, n));
      if (shardSet.has(k)) return k;
    }
    return null;
  }
  var shards = {};
  // A shard with its form → stems table and its forms in sorted order.
  function loadShard(key) {
    if (key === null) return Promise.resolve(null);
    if (shards[key]) return Promise.resolve(shards[key]);
    return loadScript(key ? "t-" + key + ".js" : "t.js").then(function () {
      var stems = G.t[key] || {};
      var forms = new Map();
      Object.keys(stems).forEach(function (stem) {
        stems[stem][0].forEach(function (f) {
          if (!forms.has(f)) forms.set(f, []);
          forms.get(f).push(stem);
        });
      });
      var sorted = Array.from(forms.keys()).sort();
      shards[key] = { stems: stems, forms: forms, sorted: sorted };
      return shards[key];
    });
  }
  function chunkOf(id) {
    var lo = 0;
    var hi = M.chunks.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (M.chunks[mid] <= id) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  function loadDocs(ids) {
    var needed = new Set(ids.map(chunkOf));
    return Promise.all(Array.from(needed).map(function (n) {
      return loadScript("d-" + n + ".js");
    })).then(function () {
      return ids.map(function (id) {
        var n = chunkOf(id);
        var row = G.d[n][id - M.chunks[n]];
        return { kind: row[0], title: row[1], href: row[2], dateIso: row[3], date: row[4], text: row[5] };
      });
    });
  }

  // ---- Lookup and ranking (src/search/query.rs).
  function prefixed(shard, w, out) {
    var lo = 0;
    var hi = shard.sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (shard.sorted[mid] < w) lo = mid + 1; else hi = mid;
    }
    for (var i = lo; i < shard.sorted.length && shard.sorted[i].startsWith(w); i++) {
      shard.forms.get(shard.sorted[i]).forEach(function (s) { out.add(s); });
    }
  }
  // The stem sharing the longest start with a word no text contains: at
  // least minStem letters and all of the stem but its last (ties: shorter).
  function nearestStem(shard, w) {
    var wc = Array.from(w);
    var best = null;
    Object.keys(shard.stems).forEach(function (s) {
      var sc = Array.from(s);
      var common = 0;
      while (common < sc.length && common < wc.length && sc[common] === wc[common]) common++;
      if (common < M.minStem || common + 1 < sc.length) return;
      if (!best || common > best.common || (common === best.common && sc.length < best.len)) {
        best = { common: common, len: sc.length, stem: s };
      }
    });
    return best && best.stem;
  }
  function stemsFor(shard, w) {
    var out = new Set();
    if (!shard) return out;
    (shard.forms.get(w.folded) || []).forEach(function (s) { out.add(s); });
    var longEnough = charLength(w.folded) >= M.minPrefix;
    if (w.open && longEnough) prefixed(shard, w.folded, out);
    if (out.size === 0) {
      var best = nearestStem(shard, w.folded);
      if (best) out.add(best);
    }
    if (out.size === 0 && longEnough) prefixed(shard, w.folded, out);
    return out;
  }
  function rank(qws, loaded) {
    var hits = new Map();
    var markForms = new Set();
    qws.forEach(function (w, i) {
      var shard = loaded[i];
      var perDoc = new Map();
      stemsFor(shard, w).forEach(function (stem) {
        var entry = shard.stems[stem];
        entry[0].forEach(function (f) { markForms.add(f); });
        var p = entry[1];
        var doc = 0;
        for (var j = 0; j < p.length; j += 2) {
          doc += p[j];
          var e = perDoc.get(doc) || { title: false, tf: 0 };
          e.title = e.title || (p[j + 1] & 1) === 1;
          e.tf += p[j + 1] >> 1;
          perDoc.set(doc, e);
        }
      });
      perDoc.forEach(function (e, doc) {
        var h = hits.get(doc) || { doc: doc, titleWords: 0, words: 0, tf: 0 };
        h.titleWords += e.title ? 1 : 0;
        h.words += 1;
        h.tf += e.tf;
        hits.set(doc, h);
      });
    });
    var ranked = Array.from(hits.values()).sort(function (a, b) {
      return b.titleWords - a.titleWords || b.words - a.words || b.tf - a.tf || a.doc - b.doc;
    });
    return { hits: ranked, markForms: markForms };
  }

  // ---- Display, with DOM nodes only: no document text is parsed as HTML.
  function appendMarked(parent, text, from, to, markForms) {
    var pos = from;
    words(text.slice(from, to)).forEach(function (w) {
      if (!markForms.has(fold(w.text))) return;
      var s = from + w.start;
      if (s > pos) parent.appendChild(document.createTextNode(text.slice(pos, s)));
      var mark = document.createElement("mark");
      mark.textContent = w.text;
      parent.appendChild(mark);
      pos = from + w.end;
    });
    if (to > pos) parent.appendChild(document.createTextNode(text.slice(pos, to)));
  }
  // The window of text around the match that shows the most distinct
  // query words.
  function excerptRange(text, markForms) {
    var ws = words(text);
    var best = null;
    var bestCount = 0;
    ws.forEach(function (w, i) {
      if (!markForms.has(fold(w.text))) return;
      var seen = new Set();
      for (var j = i; j < ws.length && ws[j].start < w.start + EXCERPT_LENGTH - EXCERPT_BEFORE; j++) {
        var f = fold(ws[j].text);
        if (markForms.has(f)) seen.add(f);
      }
      if (seen.size > bestCount) {
        best = w;
        bestCount = seen.size;
      }
    });
    var start = 0;
    // Short texts are shown whole; long ones from a little before the match.
    if (best && text.length > EXCERPT_LENGTH && best.start > EXCERPT_BEFORE) {
      var first = ws.find(function (w) { return w.start >= best.start - EXCERPT_BEFORE; });
      start = first ? first.start : best.start;
    }
    var end = text.length;
    if (end - start > EXCERPT_LENGTH) {
      var within = ws.filter(function (w) { return w.end <= start + EXCERPT_LENGTH; });
      end = within.length ? within[within.length - 1].end : start + EXCERPT_LENGTH;
    }
    return [start, end];
  }
  function resultItem(doc, markForms) {
    var li = document.createElement("li");
    li.className = "search-result";
    var kind = document.createElement("p");
    kind.className = "search-kind";
    kind.textContent = list.getAttribute("data-kind-" + doc.kind) || doc.kind;
    li.appendChild(kind);
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = root + doc.href;
    appendMarked(a, doc.title, 0, doc.title.length, markForms);
    h.appendChild(a);
    li.appendChild(h);
    if (doc.date) {
      var meta = document.createElement("p");
      meta.className = "meta";
      var time = document.createElement("time");
      if (doc.dateIso) time.setAttribute("datetime", doc.dateIso);
      time.textContent = doc.date;
      meta.appendChild(time);
      li.appendChild(meta);
    }
    if (doc.text) {
      var p = document.createElement("p");
      p.className = "search-excerpt";
      var r = excerptRange(doc.text, markForms);
      if (r[0] > 0) p.appendChild(document.createTextNode("… "));
      appendMarked(p, doc.text, r[0], r[1], markForms);
      if (r[1] < doc.text.length) p.appendChild(document.createTextNode(" …"));
      li.appendChild(p);
    }
    return li;
  }
  function message(name, q, n) {
    return (status.getAttribute("data-" + name) || "")
      .replace("{q}", q)
      .replace("{n}", n === undefined ? "" : n.toLocaleString("fr-FR"));
  }

  // ---- State: the current query and its results.
  var current = { seq: 0, hits: [], shown: 0, markForms: new Set(), q: "" };
  function showMore() {
    var seq = current.seq;
    var from = current.shown;
    var ids = current.hits.slice(from, from + PAGE_SIZE).map(function (h) { return h.doc; });
    return loadDocs(ids).then(function (docs) {
      if (seq !== current.seq) return;
      docs.forEach(function (d) { list.appendChild(resultItem(d, current.markForms)); });
      current.shown = from + docs.length;
      if (more) more.hidden = current.shown >= current.hits.length;
    });
  }
  function updateUrl(q) {
    document.title = q ? q + " – " + baseTitle : baseTitle;
    try {
      history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : window.location.pathname);
    } catch (e) {
      // Some browsers refuse history changes on file://; the results stay.
    }
  }
  function run(q) {
    var seq = ++current.seq;
    var qws = queryWords(q);
    var slow = setTimeout(function () {
      if (seq === current.seq) status.textContent = message("loading", q);
    }, 400);
    list.setAttribute("aria-busy", "true");
    return Promise.all(qws.map(function (w) { return loadShard(shardKey(w.folded)); }))
      .then(function (loaded) {
        if (seq !== current.seq) return null;
        var r = rank(qws, loaded);
        current.hits = r.hits;
        current.markForms = r.markForms;
        current.shown = 0;
        current.q = q;
        list.textContent = "";
        if (more) more.hidden = true;
        return showMore().then(function () {
          if (seq !== current.seq) return;
          var n = current.hits.length;
          status.textContent = !q.trim() ? message("empty", q)
            : n === 0 ? message("none", q) : n === 1 ? message("one", q, 1) : message("many", q, n);
        });
      })
      .catch(function () {
        if (seq === current.seq) status.textContent = message("error", q);
      })
      .then(function () {
        clearTimeout(slow);
        if (seq === current.seq) list.removeAttribute("aria-busy");
      });
  }

  // ---- Events: typing searches, arrows move through results.
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      updateUrl(input.value);
      run(input.value);
    }, 120);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    updateUrl(input.value);
    run(input.value);
  });
  function resultLinks() {
    return Array.prototype.slice.call(list.querySelectorAll(".search-result h2 a"));
  }
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") {
      var links = resultLinks();
      if (links.length) {
        e.preventDefault();
        links[0].focus();
      }
    }
  });
  list.addEventListener("keydown", function (e) {
    var links = resultLinks();
    var i = links.indexOf(document.activeElement);
    if (e.key === "Escape") {
      e.preventDefault();
      input.focus();
    } else if (e.key === "ArrowDown" && i >= 0 && i < links.length - 1) {
      e.preventDefault();
      links[i + 1].focus();
    } else if (e.key === "ArrowUp" && i >= 0) {
      e.preventDefault();
      if (i === 0) input.focus(); else links[i - 1].focus();
    }
  });
  if (more) {
    more.addEventListener("click", function () {
      var first = current.shown;
      showMore().then(function () {
        var links = resultLinks();
        if (links[first]) links[first].focus();
      });
    });
  }

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  // Focus is left where the browser puts it: the skip link comes first for
  // keyboard users, and the field is the first control after it.
  if (initial) run(initial);
})();
