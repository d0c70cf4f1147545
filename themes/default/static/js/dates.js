// Between two builds, text that depends on the date follows the reader's clock.
// The build wrote the moments (RFC 3339) and every state's text in the page's
// language; this script only picks among them. It only moves forward from what
// the build showed, so a phone whose clock is behind the build changes nothing.
// Plain ES5 for old Android browsers; the page reads right without it.
(function () {
  var d = document, now;

  // RFC 3339 to milliseconds, by hand: old browsers misread offsets. NaN when absent.
  function ms(s) {
    var m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(?:Z|([+-])(\d\d):(\d\d))$/i.exec(s || "");
    return m ? Date.UTC(m[1], m[2] - 1, m[3], m[4], m[5], m[6]) -
      (m[8] ? (m[7] == "-" ? -6e4 : 6e4) * (m[8] * 60 + +m[9]) : 0) : NaN;
  }
  function passed(el, name) { return now >= ms(el.getAttribute(name)); }
  function each(sel, f) {
    var l = d.querySelectorAll(sel), i;
    for (i = 0; i < l.length; i++) f(l[i]);
  }
  function hide(el, yes) {
    if (yes) el.setAttribute("hidden", ""); else el.removeAttribute("hidden");
  }

  function run() {
    now = new Date().getTime();
    // A status: state 0 before data-from, 2 after data-to, 1 between; the
    // keys in data-states name its class (status-KEY) and text (data-text-KEY).
    each("[data-states]", function (el) {
      var keys = el.getAttribute("data-states").split(" "),
        i = now < ms(el.getAttribute("data-from")) ? 0 : now > ms(el.getAttribute("data-to")) ? 2 : 1,
        cls = " " + el.className + " ", was = keys.length;
      while (was-- && cls.indexOf(" status-" + keys[was] + " ") < 0);
      if (i > was) {
        el.className = (cls.replace(" status-" + keys[was] + " ", " ") + "status-" + keys[i]).replace(/^ +/, "");
        el.textContent = el.getAttribute("data-text-" + keys[i]);
      }
    });
    // Shown from one moment, hidden from another (both: shown between them).
    each("[data-show-after],[data-hide-after]", function (el) {
      if (passed(el, "data-show-after")) hide(el, false);
      if (passed(el, "data-hide-after")) hide(el, true);
    });
    // A list of fairs: items ended (data-end) move to the top of the list whose
    // id data-ends names, or leave; data-limit shows the first N of those left;
    // the element "LIST-ID-none" shows when none is left.
    each("[data-ends]", function (ul) {
      var to = d.getElementById(ul.getAttribute("data-ends")), li = ul.children,
        lim = +ul.getAttribute("data-limit"), ended = [], i, k = 0, none;
      for (i = 0; i < li.length; i++) if (now > ms(li[i].getAttribute("data-end"))) ended.push(li[i]);
      for (i = 0; i < ended.length; i++) {
        if (to) to.insertBefore(ended[i], to.firstChild); else ul.removeChild(ended[i]);
      }
      for (i = 0; i < li.length; i++) {
        if (lim && !passed(li[i], "data-hide-after")) hide(li[i], k >= lim);
        if (!li[i].hasAttribute("hidden")) k++;
      }
      hide(ul, !k);
      none = d.getElementById(ul.id + "-none");
      if (none) hide(none, k);
    });
  }
  run();
  // A tab left open for days, or a page restored from the back button's cache.
  d.addEventListener("visibilitychange", function () { if (!d.hidden) run(); });
  window.addEventListener("pageshow", function (e) { if (e.persisted) run(); });
})();
