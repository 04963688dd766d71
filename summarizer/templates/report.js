// Clicking (or Enter on) any item of the panel scrolls the source to its span and marks it.
(function () {
  "use strict";
  var pieces = Array.prototype.slice.call(document.querySelectorAll("#text [data-a]"));
  var marked = [];
  function mark(a, b, item) {
    marked.forEach(function (el) { el.classList.remove("hit"); });
    document.querySelectorAll(".go.current").forEach(function (el) { el.classList.remove("current"); });
    marked = pieces.filter(function (el) {
      return +el.dataset.a < b && +el.dataset.b > a;
    });
    marked.forEach(function (el) { el.classList.add("hit"); });
    if (item) { item.classList.add("current"); }
    if (marked.length) {
      marked[0].scrollIntoView({ block: "center" });
      if (marked[0].tabIndex >= 0) { marked[0].focus({ preventScroll: true }); }
    }
  }
  function activate(event) {
    var item = event.target.closest(".go");
    if (!item || item.dataset.a === undefined) { return; }
    event.preventDefault();
    mark(+item.dataset.a, +item.dataset.b, item);
  }
  var panel = document.getElementById("panel");
  panel.addEventListener("click", activate);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") { activate(event); }
  });
})();
