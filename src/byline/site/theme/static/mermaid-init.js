// Draws the page's Mermaid diagrams with the copy of Mermaid served by this site.
// The bundle is large (3.5 MB), so it is fetched only when a diagram comes near the
// screen; until then, and without JavaScript, the diagram's source is shown. Once drawn,
// the source stays readable under the diagram ("Diagram N source").
(function () {
  var script = document.currentScript;
  var bundle = script && script.getAttribute("data-mermaid");
  var blocks = Array.prototype.slice.call(document.querySelectorAll("pre.mermaid"));
  if (!bundle || !blocks.length) return;
  var started = false;

  function keepSource(pre) {
    var name = pre.getAttribute("aria-label") || "Diagram";
    var details = document.createElement("details");
    details.className = "diagram-source";
    var summary = document.createElement("summary");
    summary.textContent = name + " source";
    var copy = document.createElement("pre");
    copy.tabIndex = 0;
    copy.setAttribute("role", "region");
    copy.setAttribute("aria-label", name + " source");
    var code = document.createElement("code");
    code.textContent = pre.textContent;
    copy.appendChild(code);
    details.appendChild(summary);
    details.appendChild(copy);
    var caption = document.createElement("figcaption");
    caption.appendChild(details);
    pre.parentNode.appendChild(caption);
  }

  function draw() {
    var dark = window.matchMedia("(prefers-color-scheme: dark)").matches;
    window.mermaid.initialize({ startOnLoad: false, theme: dark ? "dark" : "default" });
    blocks.forEach(keepSource);
    // A diagram Mermaid cannot read shows its error in place of the drawing, not in the console.
    window.mermaid.run({ nodes: blocks, suppressErrors: true });
  }

  function start() {
    if (started) return;
    started = true;
    var tag = document.createElement("script");
    tag.src = bundle;
    tag.onload = draw;
    document.head.appendChild(tag);
  }

  if (!("IntersectionObserver" in window)) return start();
  var observer = new IntersectionObserver(function (entries) {
    if (entries.some(function (e) { return e.isIntersecting; })) {
      observer.disconnect();
      start();
    }
  }, { rootMargin: "400px 0px" });
  blocks.forEach(function (pre) { observer.observe(pre); });
})();
