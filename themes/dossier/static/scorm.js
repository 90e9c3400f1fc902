// SCORM 1.2 runtime of dossier packages (`dossier export --scorm`): tells
// the learning platform when a page has been read. Only the pages of a
// package load it; outside a platform it finds no API and does nothing.
//
// The rule: a page counts as read once its end has been on screen (the
// reader scrolled to the bottom, or the page fits in the window) and it
// has been open for at least READ_SECONDS seconds. Then
// cmi.core.lesson_status becomes "completed" and is committed. On opening,
// a "not attempted" status becomes "incomplete"; a completed one is never
// taken back. On leaving the page, the time spent is recorded
// (cmi.core.session_time) and the session closed with LMSFinish.
(function () {
  "use strict";
  var READ_SECONDS = 10;
  var END_SLACK_PX = 40;

  // The platform puts its API object on a window above the content's
  // frame, or on the window that opened it (SCORM 1.2 run-time, API
  // discovery). Windows of other origins cannot be read: skip them.
  function apiAbove(win) {
    for (var depth = 0; win && depth < 10; depth++) {
      try {
        if (win.API && typeof win.API.LMSInitialize === "function") return win.API;
      } catch (e) {
        // another origin: look further up
      }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  var api = apiAbove(window);
  if (!api && window.opener) api = apiAbove(window.opener);
  if (!api) return;
  if (String(api.LMSInitialize("")) !== "true") return;

  var opened = Date.now();
  var status = String(api.LMSGetValue("cmi.core.lesson_status"));
  var done = status === "completed" || status === "passed";
  if (status === "not attempted" || status === "") {
    api.LMSSetValue("cmi.core.lesson_status", "incomplete");
    api.LMSCommit("");
  }
  var endSeen = false;
  var finished = false;

  function endOnScreen() {
    var doc = document.documentElement;
    var scrolled = window.pageYOffset || doc.scrollTop || 0;
    return window.innerHeight + scrolled >= doc.scrollHeight - END_SLACK_PX;
  }

  function check() {
    if (done || finished) return;
    if (!endSeen && endOnScreen()) endSeen = true;
    if (endSeen && Date.now() - opened >= READ_SECONDS * 1000) {
      done = true;
      api.LMSSetValue("cmi.core.lesson_status", "completed");
      api.LMSCommit("");
    }
  }

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // CMITimespan: HHHH:MM:SS, hours on two to four digits.
  function timespan(ms) {
    var s = Math.floor(ms / 1000);
    var h = Math.min(9999, Math.floor(s / 3600));
    return two(h) + ":" + two(Math.floor((s % 3600) / 60)) + ":" + two(s % 60);
  }

  function finish() {
    if (finished) return;
    check();
    finished = true;
    api.LMSSetValue("cmi.core.session_time", timespan(Date.now() - opened));
    api.LMSCommit("");
    api.LMSFinish("");
  }

  window.addEventListener("scroll", check, { passive: true });
  window.addEventListener("resize", check);
  window.setInterval(check, 1000);
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
  check();
})();
