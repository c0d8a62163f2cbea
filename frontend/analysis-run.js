// SPDX-License-Identifier: EUPL-1.2
// Progress of a queued or running analysis: poll the run's JSON state and update the page in place. When the
// run ends, reload once so the server renders the result (or the reason and the retry button). Without
// JavaScript the page keeps its "Vernieuwen" link.

const root = document.getElementById("run-progress");

function update(state) {
  root.dataset.status = state.status;
  document.getElementById("run-status-label").textContent = state.status_label;
  const bar = document.getElementById("run-progress-bar");
  if (bar) {
    bar.max = state.total || 1;
    bar.value = state.done;
    bar.textContent = `${state.percent}%`;
  }
  const step = document.getElementById("run-step");
  if (step) step.textContent = state.step_text;
}

async function poll(url, every) {
  try {
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (response.ok) {
      const state = await response.json();
      update(state);
      if (state.finished) {
        window.location.reload();
        return;
      }
    }
  } catch (error) {
    // The server may be restarting; keep asking at the same pace, the link still works by hand.
  }
  window.setTimeout(() => poll(url, every), every);
}

if (root && root.dataset.finished === "false") {
  const every = Number(root.dataset.interval) || 1500;
  const refresh = document.getElementById("run-refresh");
  if (refresh) refresh.hidden = true;
  root.dataset.live = "true";
  window.setTimeout(() => poll(root.dataset.progressUrl, every), every);
}
