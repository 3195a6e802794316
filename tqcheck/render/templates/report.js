(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  function all(selector, scope) {
    return Array.prototype.slice.call((scope || document).querySelectorAll(selector));
  }

  /* Filters: findings by severity and by rule. Filtered highlights lose their colour and their
     place in the tab order; filtered list entries are hidden. The text itself always stays. */
  var boxes = all("input[data-filter]");
  var only = document.getElementById("only-flagged");
  var marks = all("mark.hl");
  var entries = all("li.finding");
  var todo = all("details.todo-group");
  var rows = all(".row");
  var status = document.getElementById("filter-status");

  function apply() {
    var hidden = {};
    boxes.forEach(function (box) {
      if (!box.checked) hidden[box.getAttribute("data-filter") + ":" + box.value] = true;
    });
    function off(el) {
      return !!(hidden["severity:" + el.getAttribute("data-severity")] || hidden["rule:" + el.getAttribute("data-code")]);
    }
    marks.forEach(function (el) {
      var o = off(el);
      el.classList.toggle("off", o);
      if (el.hasAttribute("tabindex")) el.setAttribute("tabindex", o ? "-1" : "0");
    });
    var shown = 0;
    entries.forEach(function (el) {
      var o = off(el);
      el.classList.toggle("off", o);
      if (!o) shown += 1;
    });
    todo.forEach(function (group) { group.hidden = off(group); });
    rows.forEach(function (row) {
      row.classList.toggle("quiet", !row.querySelector("li.finding:not(.off)"));
    });
    root.classList.toggle("only-flagged", !!(only && only.checked));
    if (status) {
      status.textContent = shown === entries.length
        ? "Showing all " + entries.length + " findings"
        : "Showing " + shown + " of " + entries.length + " findings";
    }
  }
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  if (only) only.addEventListener("change", apply);
  all("button[data-rules]").forEach(function (button) {
    button.addEventListener("click", function () {
      var on = button.getAttribute("data-rules") === "all";
      boxes.forEach(function (box) { if (box.getAttribute("data-filter") === "rule") box.checked = on; });
      apply();
    });
  });
  if (boxes.length) apply();

  /* Escape closes the rule menu and leaves a focused highlight. */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    all("details.rule-menu[open]").forEach(function (d) { d.removeAttribute("open"); });
    if (document.activeElement && document.activeElement.classList.contains("hl")) document.activeElement.blur();
  });

  /* Sortable tables: click a header to sort by it, again to reverse. */
  all("table.sortable").forEach(function (table) {
    var heads = all("thead th", table);
    heads.forEach(function (th, column) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var sorted = all("tr", body).map(function (tr, i) {
          var cell = tr.cells[column];
          var raw = cell ? (cell.getAttribute("data-sort") || cell.textContent.trim()) : "";
          var num = raw === "" ? NaN : Number(raw);
          return { tr: tr, raw: raw, num: num, i: i };
        }).sort(function (a, b) {
          var d;
          var an = !isNaN(a.num), bn = !isNaN(b.num);
          if (an && bn) d = a.num - b.num;
          else if (an !== bn) return an ? -1 : 1; /* missing values last either way */
          else d = a.raw.localeCompare(b.raw);
          if (d === 0) d = a.i - b.i;
          return ascending ? d : -d;
        });
        sorted.forEach(function (item) { body.appendChild(item.tr); });
      });
    });
  });
})();
