/* Previews for citations, claim markers and glossary terms.
 * Any element with data-edition-preview="<id>" (content of that element on this page) or
 * data-edition-preview-text="<text>" shows a preview on mouse hover, on keyboard focus and on a
 * first tap on touch screens (a second tap follows the link). Escape dismisses it.
 * The preview's content is on the page already, so it works offline and from file://. */
(function () {
  "use strict";
  var SELECTOR = "[data-edition-preview],[data-edition-preview-text]";
  var tip = document.createElement("div");
  tip.id = "edition-preview";
  tip.className = "edition-preview";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.appendChild(tip);
  var owner = null, lastPointer = "mouse", hideTimer = null, ownerAtTap = null;

  function fill(el) {
    tip.textContent = "";
    var text = el.getAttribute("data-edition-preview-text");
    if (text) {
      var p = document.createElement("p");
      p.textContent = text;
      tip.appendChild(p);
      return true;
    }
    var source = document.getElementById(el.getAttribute("data-edition-preview"));
    if (!source) return false;
    var copy = source.cloneNode(true);
    copy.removeAttribute("id");
    copy.querySelectorAll("[id]").forEach(function (n) { n.removeAttribute("id"); });
    copy.querySelectorAll(".footnote-backref, .note-backref, .bib-link").forEach(function (n) { n.remove(); });
    var box = document.createElement("div");
    box.className = "edition-preview__body";
    while (copy.firstChild) box.appendChild(copy.firstChild);
    tip.appendChild(box);
    return true;
  }

  function place(el) {
    var r = el.getBoundingClientRect();
    var width = Math.min(420, document.documentElement.clientWidth - 16);
    tip.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    tip.style.left = left + "px";
    tip.style.top = (r.bottom + window.scrollY + 6) + "px";
  }

  function show(el) {
    clearTimeout(hideTimer);
    if (owner === el && !tip.hidden) return;
    if (!fill(el)) return;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = el;
    el.setAttribute("aria-describedby", tip.id);
    tip.hidden = false;
    place(el);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
    tip.hidden = true;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);  // time to move the pointer into the preview
  }

  document.addEventListener("pointerdown", function (e) {
    lastPointer = e.pointerType || "mouse";
    ownerAtTap = owner;  // a tap also focuses the link: decide "first tap" from before it
  }, true);
  document.addEventListener("mouseover", function (e) {
    if (lastPointer === "touch") return;
    var el = e.target.closest(SELECTOR);
    if (el) show(el);
    else if (tip.contains(e.target)) clearTimeout(hideTimer);
  });
  document.addEventListener("mouseout", function (e) {
    if (lastPointer === "touch") return;
    var from = e.target.closest(SELECTOR);
    if ((from && from === owner) || tip.contains(e.target)) {
      if (!e.relatedTarget || !(tip.contains(e.relatedTarget) || (owner && owner.contains(e.relatedTarget)))) hideSoon();
    }
  });
  document.addEventListener("focusin", function (e) {
    var el = e.target.closest && e.target.closest(SELECTOR);
    if (el) show(el);
    else if (!tip.contains(e.target)) hide();
  });
  document.addEventListener("click", function (e) {
    var el = e.target.closest(SELECTOR);
    if (el && lastPointer === "touch" && ownerAtTap !== el) {  // first tap previews, second follows
      e.preventDefault();
      show(el);
    } else if (!el && !tip.contains(e.target)) {
      hide();
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !tip.hidden) {
      var back = owner;
      hide();
      if (back && document.activeElement !== back) back.focus();
    }
  });
  window.addEventListener("resize", function () { if (owner) place(owner); });
})();
