// Job progress page: poll the JSON status and update the bar; reload once the job has finished
// so the server renders the result. Without JavaScript the page still shows the state at load.
(function () {
  "use strict";
  var section = document.getElementById("job");
  if (!section || section.getAttribute("data-finished") === "true") {
    return;
  }
  var url = section.getAttribute("data-status-url");
  var bar = document.getElementById("job-progress");
  var percent = document.getElementById("job-percent");
  var message = document.getElementById("job-message");
  var status = document.getElementById("job-status");
  var delay = 700;

  function poll() {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin", cache: "no-store"})
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (job) {
        bar.value = job.progress;
        bar.textContent = job.progress + " %";
        percent.textContent = job.progress + " %";
        message.textContent = job.message;
        status.textContent = job.status_label;
        if (job.finished) {
          window.location.reload();
          return;
        }
        delay = Math.min(delay * 1.2, 3000);
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, delay);
})();
