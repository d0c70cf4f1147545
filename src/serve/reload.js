// loa serve: reload this page when the site is rebuilt, show build errors over it.
(function () {
  // Beside this script, so a preview under a sub-path (/xkld/) works too.
  var es = new EventSource(new URL("events", document.currentScript.src));
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("problems", function (e) {
    var lines = JSON.parse(e.data);
    var box = document.getElementById("loa-overlay");
    if (!box) {
      box = document.createElement("div");
      box.id = "loa-overlay";
      box.setAttribute("role", "alert");
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "Lỗi khi dựng trang: đang hiện bản tốt gần nhất / Build failed: showing the last good version";
    var list = document.createElement("pre");
    list.textContent = lines.join("\n");
    box.appendChild(title);
    box.appendChild(list);
  });
})();
