/* The progress bar of a sandbox provider that is starting (the embedded control plane built, then started), as the
 * status API reports it (status.progress); the server draws the same (templates/exercise/sandbox-progress.html).
 * exercise.js adds it to the exercise panel's status at each poll. */
(function () {
  'use strict';
  function words(seconds) {
    var s = Math.max(1, Math.round(seconds));
    return s < 90 ? s + ' s' : Math.round(s / 60) + ' min';
  }
  window.kubeguideSandboxProgress = function (p) {
    if (!p) return null;
    var box = document.createElement('div');
    box.className = 'sandbox-progress';
    box.setAttribute('data-phase', p.phase);
    var bar = document.createElement('progress');
    bar.max = 100;
    bar.value = p.percent;
    bar.setAttribute('aria-label', 'Kubernetes sandbox start');
    bar.textContent = p.percent + ' %';
    var text = document.createElement('span');
    text.className = 'progress-text';
    text.textContent = p.step + ': ' + p.percent + ' %, about ' + words(p.remainingSeconds) + ' left';
    box.appendChild(bar);
    box.appendChild(text);
    return box;
  };
}());
