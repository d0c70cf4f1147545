// Filters the register table as you type (name or licence number, accents
// optional). Without JavaScript the whole table is shown.
(function () {
  var input = document.getElementById("register-q");
  var table = document.getElementById("register");
  var empty = document.getElementById("register-empty");
  if (!input || !table) return;
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var keys = rows.map(function (r) { return fold(r.textContent); });
  function apply() {
    var q = fold(input.value.trim());
    var shown = 0;
    rows.forEach(function (r, i) {
      var hit = !q || keys[i].indexOf(q) !== -1;
      r.hidden = !hit;
      if (hit) shown++;
    });
    if (empty) empty.hidden = shown !== 0;
  }
  input.addEventListener("input", apply);
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; apply(); }
})();
