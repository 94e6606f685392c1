/* Opsbook: Mermaid only when a diagram comes near the screen.
 *
 * Material draws `pre.mermaid` blocks with the global `mermaid`, and fetches it from a CDN when
 * there is none. This stands in for that global: it keeps Material's settings and loads the site's
 * own copy (3.5 MB; the script tag's data-mermaid) only when a diagram is within half a screen of the
 * viewport, or the page is printed. Parsing that file at page load blocked a phone for seconds.
 */
(function () {
  "use strict";
  var source = document.currentScript.dataset.mermaid;
  var settings = {};
  var loaded = null;

  var wanted = new Promise(function (resolve) {
    var near = new IntersectionObserver(function (seen) {
      if (seen.some(function (item) { return item.isIntersecting; })) {
        near.disconnect();
        resolve();
      }
    }, { rootMargin: "50% 0px" });
    document.querySelectorAll("pre.mermaid").forEach(function (diagram) { near.observe(diagram); });
    window.addEventListener("beforeprint", resolve);
  });

  function load() {
    loaded = loaded || wanted.then(function () {
      return new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = source;
        script.onload = function () {
          window.mermaid.initialize(settings);  // the real one, which replaced this stand-in
          resolve(window.mermaid);
        };
        script.onerror = function () { reject(new Error("Could not load " + source)); };
        document.head.appendChild(script);
      });
    });
    return loaded;
  }

  window.mermaid = {
    initialize: function (options) { settings = options; },
    render: function (id, text) {
      return load().then(function (mermaid) { return mermaid.render(id, text); });
    },
  };
})();
