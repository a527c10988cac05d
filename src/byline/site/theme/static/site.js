// Copy buttons for code blocks. The buttons ship hidden, so a page without JavaScript
// never shows a button that does nothing.
(function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll(".code .copy").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var code = button.parentElement.querySelector("pre");
      navigator.clipboard.writeText(code.innerText).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 1500);
      }, function () {
        button.textContent = "Press Ctrl+C";
      });
    });
  });
})();
