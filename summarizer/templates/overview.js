// Sort the report table by any column (click a header) and filter it by text and status.
(function () {
  "use strict";
  var table = document.getElementById("report-table");
  var body = table.tBodies[0];
  var filter = document.getElementById("filter");
  var status = document.getElementById("status-filter");
  var shown = document.getElementById("shown");
  function key(row, column) {
    var cell = row.cells[column];
    var value = cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent.trim();
    var number = parseFloat(value);
    return value !== "" && !isNaN(number) && isFinite(value) ? number : value;
  }
  function compare(x, y) {
    if (typeof x === "number" && typeof y === "number") { return x - y; }
    return String(x).localeCompare(String(y), "zh-CN");
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
    th.tabIndex = 0;
    function sort() {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (r1, r2) { var c = compare(key(r1, column), key(r2, column)); return ascending ? c : -c; });
      rows.forEach(function (row) { body.appendChild(row); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (event) { if (event.key === "Enter") { sort(); } });
  });
  function apply() {
    var words = filter.value.trim().toLowerCase();
    var wanted = status.value;
    var count = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var visible = (!words || row.textContent.toLowerCase().indexOf(words) >= 0) &&
        (!wanted || row.dataset.status === wanted);
      row.hidden = !visible;
      count += visible ? 1 : 0;
    });
    shown.textContent = "显示 " + count + " / " + body.rows.length;
  }
  filter.addEventListener("input", apply);
  status.addEventListener("change", apply);
  apply();
})();
