// Tensornote note page script: turns clicks and hovers on equations, pieces, code blocks and links
// into DOM events the host (the Qt UI, over QWebChannel) listens to, and exposes window.tn.
// The page knows nothing of Qt: it only dispatches CustomEvents on document.
(function () {
  "use strict";

  function fire(name, detail) {
    document.dispatchEvent(new CustomEvent(name, { detail: detail }));
  }

  // What an element stands for: the innermost piece, equation, code block or link around it.
  function describe(el) {
    if (!el || !el.closest) return null;
    var link = el.closest("a.tn-wikilink");
    if (link) {
      return { kind: "link", id: null, equation: null,
               target: link.getAttribute("data-target"), anchor: link.getAttribute("data-anchor") };
    }
    var shape = el.closest(".tn-shape[data-claim]");
    if (shape) {
      return { kind: "shape", id: shape.getAttribute("data-claim"), equation: null };
    }
    var eq = el.closest(".tn-eq[data-eq]");
    var piece = el.closest(".tn-math[data-piece]");
    if (eq && piece && !eq.classList.contains("tn-row")) {
      return { kind: "piece", id: piece.getAttribute("data-piece"), equation: eq.getAttribute("data-eq") };
    }
    if (eq) {
      var id = eq.getAttribute("data-eq");
      return { kind: "equation", id: id, equation: id };
    }
    var code = el.closest(".tn-code[data-code]");
    if (code) {
      return { kind: "code", id: code.getAttribute("data-code"), equation: null };
    }
    return null;
  }

  // The page's own controls speak the UI's language (<html lang>); notes themselves are never translated.
  var LABELS = /^en/.test(document.documentElement.lang || "")
    ? { copy: "Copy", copied: "Copied", title: "Copy code", backref: "Back to the text" }
    : { copy: "복사", copied: "복사됨", title: "코드 복사", backref: "본문으로 돌아가기" };
  function labelCopyButtons() {
    document.querySelectorAll(".tn-copy").forEach(function (b) {
      b.textContent = LABELS.copy;
      b.title = LABELS.title;
    });
    document.querySelectorAll("a.footnote-backref").forEach(function (a) {
      a.title = LABELS.backref;  // Python-Markdown writes the Korean title; the UI may be English
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", labelCopyButtons);
  } else {
    labelCopyButtons();
  }

  document.addEventListener("click", function (ev) {
    var copy = ev.target.closest && ev.target.closest(".tn-copy");
    if (copy) {
      var pre = copy.closest(".tn-code").querySelector("pre");
      var text = "";
      if (pre) {  // the code as written: shape badges inside it are not part of it
        var clean = pre.cloneNode(true);
        clean.querySelectorAll(".tn-shape").forEach(function (b) { b.remove(); });
        text = clean.textContent;
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).catch(function () {});
      }
      copy.textContent = LABELS.copied;
      setTimeout(function () { copy.textContent = LABELS.copy; }, 1200);
      fire("tn-copy", { text: text });
      ev.preventDefault();
      return;
    }
    var d = describe(ev.target);
    if (!d) return;
    if (d.kind === "link") {
      ev.preventDefault();
      if (!d.target && d.anchor) { window.tn.scrollToAnchor(d.anchor); }
    }
    fire("tn-click", d);
  });

  var hovered = null;
  document.addEventListener("mouseover", function (ev) {
    var d = describe(ev.target);
    if (d && d.kind === "link") d = null;
    var key = d ? d.kind + ":" + d.id : null;
    if (key === hovered) return;
    hovered = key;
    fire("tn-hover", d ? { kind: d.kind, id: d.id, equation: d.equation } : { kind: null, id: null, equation: null });
  });

  function byId(id) {
    var sel = '[data-eq="' + CSS.escape(id) + '"],[data-piece="' + CSS.escape(id) + '"],' +
              '[data-code="' + CSS.escape(id) + '"],[data-block="' + CSS.escape(id) + '"]';
    return document.querySelectorAll(sel);
  }

  window.tn = {
    // Highlight the elements with these equation / piece / code ids (and clear any earlier highlight).
    highlight: function (ids) {
      document.querySelectorAll(".tn-highlight").forEach(function (el) { el.classList.remove("tn-highlight"); });
      (ids || []).forEach(function (id) {
        byId(id).forEach(function (el) { el.classList.add("tn-highlight"); });
      });
    },
    // Scroll to the last element that starts at or before note line n (an embedded note's lines are
    // its own, so elements inside an embed do not count).
    scrollToLine: function (n) {
      var best = null, bestLine = -1;
      document.querySelectorAll("[data-line],[data-lines]").forEach(function (el) {
        if (el.closest(".tn-embed")) return;
        var spec = el.getAttribute("data-line") || el.getAttribute("data-lines");
        var line = parseInt(spec, 10);
        if (!isNaN(line) && line <= n && line > bestLine) { best = el; bestLine = line; }
      });
      if (best) best.scrollIntoView({ block: "center" });
      else window.scrollTo(0, 0);
      return bestLine;
    },
    scrollToAnchor: function (a) {
      var el = document.getElementById(a);
      if (el) { el.scrollIntoView({ block: "start" }); return true; }
      return false;
    },
    // Fill the shape badges: [{id, holds: true|false|null, actual: [..]|null, why, pending}] from
    // shapes.evaluate / shapes.check_run; pending (a code comment not checked by a run yet) stays grey.
    setShapes: function (claims) {
      (claims || []).forEach(function (c) {
        document.querySelectorAll('.tn-shape[data-claim="' + CSS.escape(c.id) + '"]').forEach(function (el) {
          el.classList.remove("tn-shape-ok", "tn-shape-bad", "tn-shape-na");
          if (c.pending) { el.textContent = "\u25cc"; el.title = c.why || ""; return; }
          var shape = c.actual ? " (" + c.actual.join(", ") + ")" : "";
          if (c.holds === true) { el.classList.add("tn-shape-ok"); el.textContent = "\u2713" + shape; }
          else if (c.holds === false) { el.classList.add("tn-shape-bad"); el.textContent = "\u2717" + shape; }
          else { el.classList.add("tn-shape-na"); el.textContent = "\u2013"; }
          el.title = c.why || "";
        });
      });
    },
    scrollY: function () { return window.scrollY; },
    setScrollY: function (y) { window.scrollTo(0, y); }
  };
})();
