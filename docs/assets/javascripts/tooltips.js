/* Opsbook: text-only tooltips for glossary terms (<abbr title="…">).
 *
 * Material's own `content.tooltips` copies an element's title (and the text of
 * any shortened title or heading) into the tooltip with innerHTML, so text such
 * as `<https://x/ onanimationstart=…>` would become a live element on hover.
 * That feature is off in mkdocs.yml; this script shows the same help on hover
 * and keyboard focus, and only ever as text (textContent).
 */
(function () {
  "use strict";
  var tip = null;

  function hide() {
    if (!tip) return;
    var host = tip.opsbookHost;
    host.setAttribute("title", tip.textContent);  // restore the native title for later
    host.removeAttribute("aria-describedby");
    tip.remove();
    tip = null;
  }

  function show(host) {
    var text = host.getAttribute("title");
    if (!text) return;
    hide();
    tip = document.createElement("div");
    tip.className = "opsbook-tooltip";
    tip.id = "opsbook-tooltip";
    tip.setAttribute("role", "tooltip");
    tip.textContent = text;  // never markup
    tip.opsbookHost = host;
    host.removeAttribute("title");  // no second, native tooltip
    host.setAttribute("aria-describedby", tip.id);
    document.body.appendChild(tip);
    var box = host.getBoundingClientRect();
    var left = Math.max(8, Math.min(box.left + window.scrollX,
                                    window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
    tip.style.left = left + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
  }

  function hostOf(event) {
    var target = event.target;
    return target && target.closest ? target.closest("abbr[title]") : null;
  }

  document.addEventListener("mouseover", function (event) { var host = hostOf(event); if (host) show(host); });
  document.addEventListener("focusin", function (event) { var host = hostOf(event); if (host) show(host); });
  document.addEventListener("mouseout", function (event) { if (tip && event.target === tip.opsbookHost) hide(); });
  document.addEventListener("focusout", function (event) { if (tip && event.target === tip.opsbookHost) hide(); });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
})();
