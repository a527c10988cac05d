// Draws the page's Mermaid diagrams with the copy of Mermaid served by this site.
window.addEventListener("DOMContentLoaded", function () {
  if (!window.mermaid) return;
  var dark = window.matchMedia("(prefers-color-scheme: dark)").matches;
  window.mermaid.initialize({ startOnLoad: false, theme: dark ? "dark" : "default" });
  window.mermaid.run({ querySelector: "pre.mermaid" });
});
