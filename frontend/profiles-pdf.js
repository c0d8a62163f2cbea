// SPDX-License-Identifier: EUPL-1.2
// Progress of a profile PDF being made: poll its JSON state and update the page in place; when it is ready
// (or failed), reload once so the server renders the download link (or the reason). Without JavaScript the
// page keeps its "Vernieuwen" link.

const root = document.getElementById("pdf-progress");

function update(state) {
  root.dataset.status = state.status;
  document.getElementById("pdf-status-label").textContent = state.status_label;
  const bar = document.getElementById("pdf-progress-bar");
  if (bar) {
    bar.max = state.total || 1;
    bar.value = state.done;
    bar.textContent = `${state.percent}%`;
  }
  const step = document.getElementById("pdf-step");
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
  const refresh = document.getElementById("pdf-refresh");
  if (refresh) refresh.hidden = true;
  window.setTimeout(() => poll(root.dataset.progressUrl, every), every);
}
