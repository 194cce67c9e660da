// Keyboard navigation for the review app (no framework; the pages work without it).
// Queue: j/k move the selection, Enter or o opens the supplier, n/p next/previous page, / the filters.
// Supplier page: j/k move between findings, ] next supplier, [ back to the queue.
(function () {
  "use strict";
  function typing(event) {
    var t = event.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }
  function follow(id) {
    var link = document.getElementById(id);
    if (link) { window.location.href = link.href; }
  }
  function mover(items) {
    var index = -1;
    return function (step) {
      if (!items.length) { return null; }
      if (index >= 0) { items[index].classList.remove("selected"); }
      index = Math.max(0, Math.min(items.length - 1, index + step));
      var item = items[index];
      item.classList.add("selected");
      item.scrollIntoView({ block: "nearest" });
      return item;
    };
  }
  document.addEventListener("DOMContentLoaded", function () {
    var rows = Array.prototype.slice.call(document.querySelectorAll("#queue tbody tr[data-href]"));
    var findings = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
    var moveRow = mover(rows);
    var moveFinding = mover(findings);
    var current = null;
    rows.forEach(function (row) {
      row.addEventListener("dblclick", function () { window.location.href = row.dataset.href; });
    });
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) { return; }
      var key = event.key;
      if (rows.length) {
        if (key === "j") { current = moveRow(1); }
        else if (key === "k") { current = moveRow(-1); }
        else if ((key === "Enter" || key === "o") && current) { window.location.href = current.dataset.href; }
        else if (key === "n") { follow("next"); }
        else if (key === "p") { follow("prev"); }
        else if (key === "/") { var f = document.getElementById("f-list"); if (f) { f.focus(); } }
        else { return; }
        event.preventDefault();
      } else if (findings.length || document.getElementById("back")) {
        if (key === "j") { var a = moveFinding(1); if (a) { a.focus(); } }
        else if (key === "k") { var b = moveFinding(-1); if (b) { b.focus(); } }
        else if (key === "]") { follow("next-supplier"); }
        else if (key === "[") { follow("back"); }
        else { return; }
        event.preventDefault();
      }
    });
  });
})();
