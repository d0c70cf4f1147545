// Narrows the list of registered companies to those matching the typed
// name or licence number, accents optional. When nothing matches, says
// what that means (not "unlicensed"). Without JavaScript the whole list
// is shown.
(function () {
  var input = document.getElementById("offer-q");
  var list = document.getElementById("offer-list");
  var none = document.getElementById("offer-none");
  if (!input || !list) return;
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ");
  }
  var items = Array.prototype.slice.call(list.children);
  function apply() {
    var q = fold(input.value.trim());
    var shown = 0;
    items.forEach(function (li) {
      var hit = !q || (li.getAttribute("data-key") || "").indexOf(q) !== -1;
      li.hidden = !hit;
      if (hit) shown++;
    });
    if (none) none.hidden = shown !== 0;
  }
  input.addEventListener("input", apply);
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; apply(); }
})();
