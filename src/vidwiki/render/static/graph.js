// The graph page: pan by dragging, zoom with the wheel, highlight a node's neighbours on hover
// or by typing part of a name. The SVG itself is complete without this script.
(function () {
  "use strict";
  var svg = document.querySelector(".graph-frame svg.graph");
  if (!svg) return;
  var vb = svg.viewBox.baseVal;
  var view = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
  function apply() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" ")); }
  svg.addEventListener("wheel", function (e) {
    e.preventDefault();
    var r = svg.getBoundingClientRect();
    var fx = (e.clientX - r.left) / r.width, fy = (e.clientY - r.top) / r.height;
    var k = e.deltaY > 0 ? 1.15 : 1 / 1.15;
    var nw = view.w * k, nh = view.h * k;
    view.x += (view.w - nw) * fx; view.y += (view.h - nh) * fy; view.w = nw; view.h = nh;
    apply();
  }, { passive: false });
  var drag = null, moved = false;
  svg.addEventListener("pointerdown", function (e) { drag = { x: e.clientX, y: e.clientY }; moved = false; });
  window.addEventListener("pointerup", function () { drag = null; });
  svg.addEventListener("pointermove", function (e) {
    if (!drag) return;
    var r = svg.getBoundingClientRect();
    var dx = (e.clientX - drag.x) * view.w / r.width, dy = (e.clientY - drag.y) * view.h / r.height;
    if (Math.abs(dx) + Math.abs(dy) > 2) moved = true;
    view.x -= dx; view.y -= dy; drag = { x: e.clientX, y: e.clientY };
    apply();
  });
  svg.addEventListener("click", function (e) { if (moved) { e.preventDefault(); moved = false; } }, true);

  var lines = svg.querySelectorAll("line"), nodes = svg.querySelectorAll(".node");
  function highlight(keys) {
    if (!keys) { svg.classList.remove("dim"); return; }
    svg.classList.add("dim");
    var on = {}; keys.forEach(function (k) { on[k] = true; });
    var near = Object.assign({}, on);
    lines.forEach(function (l) {
      var hit = on[l.dataset.a] || on[l.dataset.b];
      l.classList.toggle("on", !!hit);
      if (hit) { near[l.dataset.a] = true; near[l.dataset.b] = true; }
    });
    nodes.forEach(function (n) { n.classList.toggle("on", !!near[n.dataset.key]); });
  }
  nodes.forEach(function (n) {
    n.addEventListener("mouseenter", function () { highlight([n.dataset.key]); });
    n.addEventListener("mouseleave", function () { highlight(null); });
  });
  var filter = document.getElementById("graph-filter");
  if (filter) filter.addEventListener("input", function () {
    var q = filter.value.trim().toLowerCase();
    if (!q) { highlight(null); return; }
    var keys = [];
    nodes.forEach(function (n) { if (n.querySelector("title").textContent.toLowerCase().indexOf(q) >= 0) keys.push(n.dataset.key); });
    highlight(keys);
  });
})();
