(function () {
  "use strict";
  // Citation popovers: hover and keyboard focus work through CSS alone; a click pins one open.
  // Each marker is a link to the cited sentence, so without script a click still leads there;
  // with script it becomes a button that opens its popover.
  document.querySelectorAll("a.cite").forEach(function (a) {
    a.setAttribute("role", "button");
    a.setAttribute("aria-expanded", "false");
  });
  function closeAll(except) {
    document.querySelectorAll(".cite.open").forEach(function (b) {
      if (b !== except) { b.classList.remove("open"); b.setAttribute("aria-expanded", "false"); }
    });
  }
  document.addEventListener("click", function (ev) {
    var button = ev.target.closest ? ev.target.closest(".cite") : null;
    if (button) {
      var open = !button.classList.contains("open");
      closeAll(button);
      button.classList.toggle("open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      ev.preventDefault();
      return;
    }
    if (!(ev.target.closest && ev.target.closest(".pop"))) { closeAll(null); }
  });
  // Keep a popover inside the window: shift it left when it would run off the right edge.
  function place(wrap) {
    var pop = wrap.querySelector(".pop");
    if (!pop) { return; }
    pop.style.left = "";
    var rect = pop.getBoundingClientRect();
    if (rect.width && rect.right > window.innerWidth - 12) {
      pop.style.left = (pop.offsetLeft - (rect.right - window.innerWidth + 12)) + "px";
    }
  }
  ["mouseover", "focusin", "click"].forEach(function (type) {
    document.addEventListener(type, function (ev) {
      var wrap = ev.target.closest ? ev.target.closest(".cite-wrap") : null;
      if (wrap) { window.requestAnimationFrame(function () { place(wrap); }); }
    });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { closeAll(null); }
    // a button opens on Space as well as Enter
    if (ev.key === " " && ev.target.classList && ev.target.classList.contains("cite")) {
      ev.preventDefault();
      ev.target.click();
    }
  });

  // Side-by-side view: copy the two chosen articles' text in and mark the aligned sentences.
  function textOf(anchor) {
    var node = document.querySelector("#" + anchor + " .atext");
    return node ? node.cloneNode(true) : document.createElement("div");
  }
  function overlaps(seg, range) {
    var s = Number(seg.getAttribute("data-start")), e = Number(seg.getAttribute("data-end"));
    return s < range[1] && range[0] < e;
  }
  function mark(column, range, kind, id) {
    column.querySelectorAll(".seg").forEach(function (seg) {
      if (overlaps(seg, range)) {
        seg.classList.add("al", "al-" + kind);
        var ids = (seg.getAttribute("data-pairs") || "").split(" ").filter(Boolean);
        ids.push(id);
        seg.setAttribute("data-pairs", ids.join(" "));
      }
    });
  }
  function setup(section) {
    var links = JSON.parse(section.querySelector(".compare-data").textContent);
    var left = section.querySelector(".pick-left"), right = section.querySelector(".pick-right");
    var colL = section.querySelector(".col-left"), colR = section.querySelector(".col-right");
    var info = section.querySelector(".pair-info");
    function render() {
      var a = left.value, b = right.value;
      colL.replaceChildren(textOf(a));
      colR.replaceChildren(textOf(b));
      var found = links.filter(function (l) { return (l.a === a && l.b === b) || (l.a === b && l.b === a); });
      if (a === b) { info.textContent = "the same article on both sides"; return; }
      if (!found.length) { info.textContent = "no derivation link between these two articles"; return; }
      var n = 0;
      found.forEach(function (link, li) {
        link.pairs.forEach(function (p, pi) {
          var id = li + "-" + pi;
          [[p.sa, p.s], [p.ta, p.t]].forEach(function (side) {
            if (side[0] === a) { mark(colL, side[1], p.kind, id); }
            if (side[0] === b) { mark(colR, side[1], p.kind, id); }
          });
          n += 1;
        });
      });
      info.textContent = found[0].relation + " · score " + found[0].score + " · " + n + " aligned sentence pair" + (n === 1 ? "" : "s");
    }
    function partners(seg) {
      var ids = (seg.getAttribute("data-pairs") || "").split(" ").filter(Boolean);
      var out = [];
      section.querySelectorAll(".col .seg.al").forEach(function (other) {
        var theirs = (other.getAttribute("data-pairs") || "").split(" ");
        if (ids.some(function (id) { return theirs.indexOf(id) >= 0; })) { out.push(other); }
      });
      return out;
    }
    section.addEventListener("mouseover", function (ev) {
      var seg = ev.target.closest(".col .seg.al");
      section.querySelectorAll(".seg.hot").forEach(function (s) { s.classList.remove("hot"); });
      if (seg) { partners(seg).forEach(function (s) { s.classList.add("hot"); }); }
    });
    section.addEventListener("click", function (ev) {
      var seg = ev.target.closest(".col .seg.al");
      if (!seg) { return; }
      var other = partners(seg).filter(function (s) { return s.closest(".col") !== seg.closest(".col"); })[0];
      if (other) {
        var col = other.closest(".col");
        col.scrollTop = other.offsetTop - col.offsetTop - 40;
      }
    });
    left.addEventListener("change", render);
    right.addEventListener("change", render);
    render();
  }
  document.querySelectorAll("section.compare").forEach(setup);
})();
