// The occupation filter of the job-order listing: `?nghe=<key>` shows only
// orders of that occupation. Its links are hidden until this script runs:
// without JavaScript they could not filter, so every order is shown and the
// market links (term pages, plain links) are the filter.
(function () {
  var nav = document.getElementById("orders-occupation-filter");
  if (nav) nav.hidden = false;
  var list = document.getElementById("orders");
  var key = new URLSearchParams(location.search).get("nghe");
  if (!list || !key) return;
  Array.prototype.forEach.call(list.children, function (li) {
    if (li.getAttribute("data-occupation") !== key) li.hidden = true;
  });
  var links = document.querySelectorAll("#orders-occupations a[data-occupation]");
  Array.prototype.forEach.call(links, function (a) {
    if (a.getAttribute("data-occupation") === key) a.setAttribute("aria-current", "page");
  });
})();
