// Check-in desk, scanning: a keyboard-wedge scanner types the QR text into #scan-input and presses
// Enter. Each scan is POSTed to the scan API with the session cookie and CSRF token; the answer is
// shown large and colour-coded, and the input is cleared and focused again at once for the next badge.
// When the server cannot answer — network down, a timeout, a server error or an answer that is not the
// API's — the page judges the code itself (desk-keys.js) and keeps the scan for upload (desk-queue.js).
(function () {
  "use strict";

  var desk = window.LiaisonDesk;
  if (!desk) return;
  var config = desk.config;
  var form = document.getElementById("scan-form");
  var input = document.getElementById("scan-input");
  var resultBox = desk.resultBox;
  var FLUSH_EVERY_MS = 20000;
  var KEYS_EVERY_MS = 60000;
  var TONES = { ok: "ok", already_inside: "warning" };
  var pending = Promise.resolve();

  function showOfflineVerdict(verdict, why) {
    var tone = TONES[verdict.result] || "denied";
    var pair = desk.resultWords(verdict.result);
    var detail = desk.both("checked_offline", { why: why }) +
      (verdict.badge ? " · " + desk.both("badge_number", { number: verdict.badge }) : "");
    if (verdict.result === "ok") detail += " · " + desk.both("compare_photo");
    desk.setState(tone, pair, detail);
    resultBox.dataset.result = verdict.result;
    resultBox.dataset.offline = "true";
    desk.showGuest(null);
    desk.addHistory(tone, "⚡ " + pair.join(" "), verdict.badge ? "#" + verdict.badge : "");
    desk.beep(verdict.result === "ok");
  }

  function submitScan(code) {
    var scan = { qr: code, checkpoint: Number(config.checkpoint), nonce: desk.makeNonce(), direction: desk.currentDirection() };
    var scannedAt = new Date().toISOString();
    desk.setState("pending", desk.words("checking"), "");
    // A gate cannot wait: after a few seconds without an answer the scan is judged offline. If the
    // server did record it, the later upload carries the same nonce and gets the first answer.
    return desk.exchange("POST", config.scanUrl, scan, desk.SCAN_TIMEOUT_MS, function (body) { return !!body.result; })
      .then(function (answer) {
        if (!answer.reached) return keepOffline(code, scan, scannedAt, desk.whyUnreached(answer));
        desk.setReachable(true);
        if (!answer.ok) {
          desk.showProblem(answer.status, answer.body);
          return;
        }
        desk.showAnswer(answer.body);
        desk.rememberPresence(answer.body);
        if (desk.loadQueue().length) desk.flushQueue();  // the server is back: no need to wait for the timer
      });
  }

  function keepOffline(code, scan, scannedAt, why) {
    scan.scanned_at = scannedAt;
    return desk.offlineVerdict(code, scan.direction).then(function (verdict) {
      if (verdict) scan.local_result = verdict.result;
      desk.keepScan(scan);
      if (verdict) {
        showOfflineVerdict(verdict, why);
        return;
      }
      desk.setState("offline", desk.words("saved_offline_verdict"), desk.words("check_by_eye", { why: why }).join(" / "));
      desk.showGuest(null);
      desk.addHistory("offline", desk.both("saved_offline"), "");
      desk.beep(false);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = input.value;
    desk.focusInput();  // ready for the next badge at once, even while this one is being checked
    if (!code.trim()) return;
    pending = pending.then(function () { return submitScan(code); }).catch(function (error) {
      // e.g. the browser's storage is full: the guard must not believe the scan was kept.
      desk.setState("denied", desk.words("desk_error"), String(error && error.message || error));
      desk.showGuest(null);
      desk.beep(false);
    });
  });

  // Keep the cursor in the scan field: a scanner's keystrokes must never land elsewhere.
  input.addEventListener("blur", function () {
    setTimeout(function () {
      var active = document.activeElement;
      if (!active || active === document.body || active === resultBox) input.focus();
    }, 150);
  });
  document.querySelectorAll('input[name="direction"]').forEach(function (radio) {
    radio.addEventListener("change", function () { desk.focusInput(); });
  });
  resultBox.addEventListener("click", desk.focusInput);

  window.addEventListener("online", function () { desk.flushQueue(); desk.syncKeys(); });
  setInterval(desk.flushQueue, FLUSH_EVERY_MS);
  setInterval(desk.syncKeys, KEYS_EVERY_MS);
  desk.syncKeys();
  desk.showNetwork(desk.loadQueue().length);
  desk.showConflicts();
  desk.flushQueue();
  desk.focusInput();
})();
