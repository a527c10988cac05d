// Client-side search over /search.json (titles, descriptions, tags, headings).
(function () {
  var form = document.querySelector("form.search");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var entries = null;
  status.textContent = "Type a word and press Search.";
  function show(query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { status.textContent = "Type a word and press Search."; return; }
    var hits = entries.filter(function (e) {
      var text = (e.t + " " + e.d + " " + e.g.join(" ") + " " + e.h.join(" ")).toLowerCase();
      return words.every(function (w) { return text.indexOf(w) >= 0; });
    });
    status.textContent = hits.length + (hits.length === 1 ? " post" : " posts") + " found.";
    hits.slice(0, 50).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u; a.textContent = e.t;
      var p = document.createElement("p");
      p.textContent = e.d;
      li.appendChild(a); li.appendChild(p);
      list.appendChild(li);
    });
  }
  function run(query) {
    if (entries) { show(query); return; }
    fetch("/search.json").then(function (r) { return r.json(); }).then(function (data) {
      entries = data; show(query);
    }, function () { status.textContent = "The search index could not be loaded."; });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    run(input.value);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(initial); }
})();
