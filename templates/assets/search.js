/* 全站搜索：在 search-index.js 给出的事项文本中逐字查找。中文不需要分词，
   直接按字符串匹配；多个词语用空格分开时，找出同时包含这些词语的事项。 */
(function () {
  "use strict";
  var LIMIT = 200;
  var index = window.ZWGK_SEARCH || [];
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");

  function fold(text) {
    var folded = text.normalize ? text.normalize("NFKC") : text;
    return folded.toLowerCase().replace(/\s+/g, " ");
  }

  var titles = index.map(function (entry) {
    return fold(entry[0]);
  });
  var texts = index.map(function (entry) {
    return fold(entry[0] + " " + entry[3]);
  });

  function snippet(text, term) {
    var flat = text.replace(/\s+/g, " ");
    var at = flat.toLowerCase().indexOf(term);
    var start = Math.max(0, at - 30);
    var end = at < 0 ? 90 : Math.min(flat.length, at + term.length + 60);
    var p = document.createElement("p");
    p.className = "snippet";
    p.appendChild(document.createTextNode((start > 0 ? "……" : "") + flat.slice(start, at < 0 ? end : at)));
    if (at >= 0) {
      var mark = document.createElement("mark");
      mark.textContent = flat.slice(at, at + term.length);
      p.appendChild(mark);
      p.appendChild(document.createTextNode(flat.slice(at + term.length, end)));
    }
    if (end < flat.length) {
      p.appendChild(document.createTextNode("……"));
    }
    return p;
  }

  function result(entry, term) {
    var item = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = entry[2];
    link.textContent = entry[0];
    heading.appendChild(link);
    var context = document.createElement("p");
    context.className = "context";
    context.textContent = entry[1];
    item.appendChild(heading);
    item.appendChild(context);
    item.appendChild(snippet(entry[3], term));
    return item;
  }

  function run(query) {
    var terms = fold(query).split(" ").filter(Boolean);
    list.textContent = "";
    if (!terms.length) {
      status.textContent = "请输入要查找的词语，如“低保”“征地补偿”。";
      return;
    }
    var first = [];
    var rest = [];
    texts.forEach(function (text, i) {
      var found = terms.every(function (term) {
        return text.indexOf(term) >= 0;
      });
      if (found) {
        (titles[i].indexOf(terms[0]) >= 0 ? first : rest).push(i);
      }
    });
    var hits = first.concat(rest);
    if (!hits.length) {
      status.textContent = "没有找到包含“" + query.trim() + "”的事项。";
      return;
    }
    status.textContent =
      "找到 " + hits.length + " 项事项" + (hits.length > LIMIT ? "，显示前 " + LIMIT + " 项" : "") + "。";
    hits.slice(0, LIMIT).forEach(function (i) {
      list.appendChild(result(index[i], terms[0]));
    });
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  run(query);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(input.value);
    try {
      window.history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    } catch (error) {
      /* 有的浏览器不允许在 file:// 页面上改地址，不影响搜索。 */
    }
  });
})();
