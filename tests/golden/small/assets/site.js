/* 表格筛选：按关键词、公开层级、公开方式、公开对象筛选本页各表格的行。
   没有 JavaScript 时筛选框不显示，表格照常完整可读。 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-filter]");
  if (!form) {
    return;
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.catalogue tbody tr"));
  var tables = Array.prototype.slice.call(document.querySelectorAll("table.catalogue"));
  var status = form.querySelector(".filter-status");

  function fold(text) {
    var folded = text.normalize ? text.normalize("NFKC") : text;
    return folded.toLowerCase().replace(/\s+/g, " ");
  }

  var texts = rows.map(function (row) {
    return fold(row.textContent);
  });

  function value(name) {
    var field = form.elements[name];
    return field ? field.value : "";
  }

  function has(row, attribute, wanted) {
    if (!wanted) {
      return true;
    }
    return (" " + (row.getAttribute(attribute) || "") + " ").indexOf(" " + wanted + " ") >= 0;
  }

  function apply() {
    var terms = fold(value("text")).split(" ").filter(Boolean);
    var level = value("level");
    var method = value("method");
    var scope = value("scope");
    var shown = 0;
    rows.forEach(function (row, i) {
      var match =
        has(row, "data-levels", level) &&
        has(row, "data-methods", method) &&
        has(row, "data-scopes", scope) &&
        terms.every(function (term) {
          return texts[i].indexOf(term) >= 0;
        });
      row.hidden = !match;
      if (match) {
        shown += 1;
      }
    });
    tables.forEach(function (table) {
      var visible = table.querySelector("tbody tr:not([hidden])");
      var region = table.parentNode;
      var empty = region.nextElementSibling;
      if (empty && empty.classList.contains("filter-empty")) {
        empty.hidden = Boolean(visible);
      }
    });
    var filtering = terms.length || level || method || scope;
    status.textContent = filtering
      ? "符合条件的事项 " + shown + " 项（共 " + rows.length + " 项）"
      : "共 " + rows.length + " 项事项";
  }

  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply();
  });
  form.addEventListener("reset", function () {
    window.setTimeout(apply, 0);
  });
  apply();
})();
