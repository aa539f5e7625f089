// Expands the page's compact math pieces (app/markup/compact.py) into the hooks of docs/CONTRACTS.md,
// before note.js runs: <i data-p="HASH" data-k="K"> inside an element with data-eq="EQ" becomes
// <span class="tn-math" data-piece="EQ.K"><svg class="tn-m-HASH" role="img"><use href="#tn-m-HASH"/></svg></span>.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var pieces = Array.prototype.slice.call(document.querySelectorAll("i[data-p]"));
  for (var i = 0; i < pieces.length; i++) {
    var el = pieces[i];
    var owner = el.closest("[data-eq]");
    var hash = el.getAttribute("data-p");
    var k = el.getAttribute("data-k") || "0";
    if (!owner || !/^[0-9a-f]{12}$/.test(hash) || !/^[0-9]{1,4}$/.test(k)) continue;
    var name = "tn-m-" + hash;
    var span = document.createElement("span");
    span.className = "tn-math";
    span.setAttribute("data-piece", owner.getAttribute("data-eq") + "." + k);
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", name);
    svg.setAttribute("role", "img");
    var use = document.createElementNS(SVG, "use");
    use.setAttribute("href", "#" + name);
    svg.appendChild(use);
    span.appendChild(svg);
    el.replaceWith(span);
  }
})();
