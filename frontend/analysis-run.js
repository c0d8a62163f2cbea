// SPDX-License-Identifier: EUPL-1.2
// Progress of a queued or running analysis, and of the city report asked on the run's page: poll the JSON
// state and update the page in place. When one ends, reload once so the server renders the result (or the
// reason and the retry button, or the download link). Without JavaScript the page keeps its "Vernieuwen" link.
// Each island names its elements with its own prefix ("run", "report").

function update(root, prefix, state) {
  root.dataset.status = state.status;
  document.getElementById(`${prefix}-status-label`).textContent = state.status_label;
  const bar = document.getElementById(`${prefix}-progress-bar`);
  if (bar) {
    bar.max = state.total || 1;
    bar.value = state.done;
    bar.textContent = `${state.percent}%`;
  }
  const step = document.getElementById(`${prefix}-step`);
  if (step) step.textContent = state.step_text;
}

async function poll(root, prefix, url, every) {
  try {
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (response.ok) {
      const state = await response.json();
      update(root, prefix, state);
      if (state.finished) {
        window.location.reload();
        return;
      }
    }
  } catch (error) {
    // The server may be restarting; keep asking at the same pace, the link still works by hand.
  }
  window.setTimeout(() => poll(root, prefix, url, every), every);
}

for (const [id, prefix] of [
  ["run-progress", "run"],
  ["report-progress", "report"],
]) {
  const root = document.getElementById(id);
  if (root && root.dataset.finished === "false") {
    const every = Number(root.dataset.interval) || 1500;
    const refresh = document.getElementById(`${prefix}-refresh`);
    if (refresh) refresh.hidden = true;
    root.dataset.live = "true";
    window.setTimeout(() => poll(root, prefix, root.dataset.progressUrl, every), every);
  }
}
