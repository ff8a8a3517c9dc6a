// Search in the static export: every article paragraph and transcript line is in
// search-index.js (window.VIDWIKI_INDEX, loaded by a script tag so it also works from file://).
(function () {
  "use strict";
  var index = window.VIDWIKI_INDEX;
  var out = document.getElementById("results");
  var q = new URLSearchParams(location.search).get("q") || "";
  if (!index || !out || !q.trim()) return;
  var box = document.querySelector(".search-big input");
  if (box) box.value = q;
  var terms = q.toLowerCase().match(/[\p{L}\p{N}']+/gu) || [];
  if (!terms.length) return;
  var phrase = terms.join(" ");
  var KINDS = { a: "article", t: "transcript" };
  function expand(row) {  // [kind, page, seconds, text, heading] -> [kind, title, href, seconds, text]
    var page = index.pages[row[1]];
    return [KINDS[row[0]], page[0] + (row[4] ? " › " + row[4] : ""), page[1] + (row[2] === null ? "" : "#t=" + row[2]), row[2], row[3]];
  }
  var hits = [];
  for (var i = 0; i < index.docs.length; i++) {
    var row = index.docs[i];
    var text = row[3].toLowerCase();
    var score = 0, ok = true;
    for (var j = 0; j < terms.length; j++) {
      var at = text.indexOf(terms[j]);
      if (at < 0) { ok = false; break; }
      score += 1;
    }
    if (!ok) continue;
    if (text.indexOf(phrase) >= 0) score += 10;
    var title = index.pages[row[1]][0] + " " + row[4];
    if (title.toLowerCase().indexOf(phrase) >= 0) score += 5;
    if (row[0] === "a") score += 1;
    hits.push([score, i]);
  }
  hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
  hits = hits.slice(0, 60);

  function hhmmss(s) {
    var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), x = Math.floor(s % 60);
    return [h, m, x].map(function (n) { return n < 10 ? "0" + n : String(n); }).join(":");
  }
  function snippet(text) {
    var lower = text.toLowerCase();
    var at = lower.indexOf(phrase); if (at < 0) at = lower.indexOf(terms[0]);
    var start = Math.max(0, at - 80), end = Math.min(text.length, at + 160);
    var part = (start ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
    var p = document.createElement("p"); p.className = "snippet";
    var re = new RegExp("(" + terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")", "gi");
    var last = 0, m;
    while ((m = re.exec(part))) {
      p.appendChild(document.createTextNode(part.slice(last, m.index)));
      var mark = document.createElement("mark"); mark.textContent = m[0]; p.appendChild(mark);
      last = m.index + m[0].length;
    }
    p.appendChild(document.createTextNode(part.slice(last)));
    return p;
  }
  out.textContent = "";
  var info = document.createElement("p"); info.className = "meta";
  info.textContent = hits.length + " results for “" + q + "”";
  out.appendChild(info);
  var list = document.createElement("ol"); list.className = "hits";
  hits.forEach(function (hit) {
    var doc = expand(index.docs[hit[1]]);
    var li = document.createElement("li"); li.className = "hit " + doc[0];
    var a = document.createElement("a"); a.href = doc[2]; a.textContent = doc[1];
    li.appendChild(a);
    if (doc[3] !== null) { var st = document.createElement("span"); st.className = "stamp"; st.textContent = " " + hhmmss(doc[3]); li.appendChild(st); }
    var kind = document.createElement("span"); kind.className = "kind"; kind.textContent = doc[0]; li.appendChild(kind);
    li.appendChild(snippet(doc[4]));
    list.appendChild(li);
  });
  out.appendChild(list);
})();
