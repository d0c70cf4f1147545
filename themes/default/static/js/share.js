// Share buttons: the phone's own share sheet (Zalo, Messenger, SMS) and
// copy-the-text-for-a-Zalo-group. Zalo has no documented share link that
// works without its SDK, and that SDK would load a third-party script, so
// these two stand in for it. The Facebook link is a plain link and works
// without this script; the two buttons stay hidden unless the browser can
// do what they do. Plain ES5 for old Android browsers.
(function () {
  var d = document, box = d.querySelector("[data-share]");
  if (!box) return;
  // The text's last line is the page's public URL (not an attribute of its
  // own: an offline copy rewrites those to file paths, which are not shared).
  var text = box.getAttribute("data-share-text") || "",
    cut = text.lastIndexOf("\n"),
    url = text.slice(cut + 1),
    status = box.querySelector("[data-share-status]");

  function say(name) { if (status) status.textContent = box.getAttribute(name) || ""; }
  function on(sel, f) {
    var li = box.querySelector(sel);
    if (!li) return;
    li.removeAttribute("hidden");
    li.querySelector("button").addEventListener("click", f);
  }

  if (navigator.share) {
    on("[data-share-native]", function () {
      // The link goes in `url`: apps that take only the link still get it,
      // so the text is sent without its last line (the same link).
      navigator.share({ title: d.title, text: cut > 0 ? text.slice(0, cut) : text, url: url })
        ["catch"](function () { /* the reader closed the sheet */ });
    });
  }

  // The old way, for browsers without the Clipboard API or outside HTTPS.
  function copyByHand() {
    var ta = d.createElement("textarea"), ok = false;
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    d.body.appendChild(ta);
    ta.select();
    try { ok = d.execCommand("copy"); } catch (e) { ok = false; }
    d.body.removeChild(ta);
    say(ok ? "data-share-copied" : "data-share-failed");
  }
  var canCopy = (navigator.clipboard && navigator.clipboard.writeText) ||
    (d.queryCommandSupported && d.queryCommandSupported("copy"));
  if (canCopy) {
    on("[data-share-copy]", function () {
      if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { say("data-share-copied"); }, copyByHand);
      } else {
        copyByHand();
      }
    });
  }
})();
