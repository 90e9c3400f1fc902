// Timeline filtering by tag. The page reads fully without this script: it
// only reveals the filter and hides the items that do not match.
(function () {
  "use strict";
  var box = document.getElementById("timeline-filter");
  var select = document.getElementById("timeline-tag");
  if (!box || !select) return;
  var items = Array.prototype.slice.call(document.querySelectorAll(".timeline-item"));
  var years = Array.prototype.slice.call(document.querySelectorAll(".timeline-year"));
  var status = box.querySelector(".filter-status");
  box.hidden = false;

  function apply() {
    var tag = select.value;
    var shown = 0;
    items.forEach(function (item) {
      var tags = (item.getAttribute("data-tags") || "").split("|");
      var match = !tag || tags.indexOf(tag) !== -1;
      item.hidden = !match;
      if (match) shown += 1;
    });
    years.forEach(function (year) {
      year.hidden = !year.querySelector(".timeline-item:not([hidden])");
    });
    if (status) {
      status.textContent = tag ? shown + (shown > 1 ? " entrées" : " entrée") + " pour « " + tag + " »" : "";
    }
  }

  select.addEventListener("change", apply);
  var params = new URLSearchParams(window.location.search);
  var wanted = params.get("theme");
  if (wanted) {
    select.value = wanted;
    apply();
  }
})();
