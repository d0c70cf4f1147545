// A static page ages: move job fairs that have ended since the build from
// "upcoming" to the top of "past". The page reads correctly without this.
(function () {
  var up = document.getElementById("fairs-upcoming");
  var past = document.getElementById("fairs-past");
  if (!up || !past) return;
  var now = Date.now();
  var items = Array.prototype.slice.call(up.querySelectorAll("li[data-end]"));
  items.reverse().forEach(function (li) {
    var end = Date.parse(li.getAttribute("data-end"));
    if (!isNaN(end) && end < now) past.insertBefore(li, past.firstChild);
  });
})();
