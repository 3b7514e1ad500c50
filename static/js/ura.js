// Progressive enhancement only: every page works without JavaScript.
(function () {
  "use strict";
  // Ask before actions marked data-confirm (closing a posting, withdrawing consent...).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
