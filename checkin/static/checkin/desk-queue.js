// Check-in desk, the offline queue: scans the server could not answer are kept in localStorage and
// uploaded later (…/checkin/upload/) in chunks that fit the server's limits; where the server then
// judges a scan otherwise than the page did, the guard gets an alert that stays until acknowledged.
(function () {
  "use strict";

  var desk = window.LiaisonDesk;
  if (!desk) return;
  var config = desk.config;
  var netStatus = document.getElementById("net-status");
  var uploadProblem = document.getElementById("upload-problem");
  var conflictsBox = document.getElementById("conflicts");
  var conflictList = document.getElementById("conflict-list");
  var UPLOAD_TIMEOUT_MS = 45000;
  // Until the first key sync brings the server's own limits (checkin/keys/ → upload).
  var DEFAULT_UPLOAD_LIMITS = { max_scans: 100, max_bytes: 1000000 };
  var SMALLEST_CHUNK = 10;
  var CONFLICTS_KEPT = 500, CONFLICTS_SHOWN = 20;
  var reachable = true;  // whether the server answered the last scan or upload
  var flushing = null;  // the upload under way, if any
  var chunkCap = Infinity;  // halved after a chunk timed out or was too large, doubled after each success

  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(config.queueKey) || "[]"); } catch (error) { return []; }
  }

  function saveQueue(queue) {
    localStorage.setItem(config.queueKey, JSON.stringify(queue));
    showNetwork(queue.length);
  }

  // A scan the server did not answer: kept for the upload, and the desk shows itself offline.
  function keepScan(scan) {
    var queue = loadQueue();
    queue.push(scan);
    reachable = false;
    saveQueue(queue);
  }

  function setReachable(value) {
    reachable = value;
    showNetwork(loadQueue().length);
  }

  // Each part in its own language's span, [text, lang] (an empty lang for what is in neither).
  function fillWithParts(element, parts, separator) {
    element.textContent = "";
    parts.forEach(function (part, index) {
      if (index && separator) element.appendChild(document.createTextNode(separator));
      var span = document.createElement("span");
      span.textContent = part[0];
      if (part[1]) span.lang = part[1];
      element.appendChild(span);
    });
  }

  function showNetwork(queued) {
    var state = !reachable ? "offline" : queued ? "queued" : "online";
    netStatus.className = "net-status " + state;
    var key = state === "online" ? "online" : state === "queued" ? "queued" : queued ? "offline_queued" : "offline";
    var pair = desk.words(key, { count: queued });
    fillWithParts(netStatus, [[pair[0], "zh-Hans"], [pair[1], "en"]], " ");
  }

  function showUploadRefused(status, body) {
    if (status === null) {
      uploadProblem.hidden = true;
      uploadProblem.textContent = "";
      return;
    }
    var login = status === 401 || status === 403;
    var pair = desk.words(login ? "upload_refused_login" : "upload_refused", { count: loadQueue().length });
    var errors = desk.describeErrors(body);
    fillWithParts(uploadProblem, [[pair[0], "zh-Hans"], [pair[1], "en"], ["HTTP " + status + (errors ? " · " + errors : ""), ""]]);
    uploadProblem.hidden = false;
  }

  function uploadLimits() {
    var keys = desk.loadKeys();
    return (keys && keys.upload) || DEFAULT_UPLOAD_LIMITS;
  }

  // The oldest scans that fit in one upload: no more than the server takes at once, and a body well
  // within its size limit (a scanned code can be any length).
  function nextChunk(queue) {
    var limits = uploadLimits();
    var most = Math.max(1, Math.min(limits.max_scans, chunkCap));
    var bytesLeft = limits.max_bytes * 0.9 - 100;
    var encoder = new TextEncoder();
    var chunk = [];
    for (var i = 0; i < queue.length && chunk.length < most; i++) {
      bytesLeft -= encoder.encode(JSON.stringify(queue[i])).length + 1;
      if (bytesLeft < 0 && chunk.length) break;
      chunk.push(queue[i]);
    }
    return chunk;
  }

  function flushQueue() {
    if (!flushing) {
      var done = function () { flushing = null; };
      showNetwork(loadQueue().length);
      flushing = uploadChunks().then(done, done);
    }
    return flushing;
  }

  function uploadChunks() {
    var chunk = nextChunk(loadQueue());
    if (!chunk.length) return Promise.resolve();
    return desk.exchange("POST", config.uploadUrl, { scans: chunk }, UPLOAD_TIMEOUT_MS, function (body) {
      return Array.isArray(body.scans);
    }).then(function (answer) {
      // A chunk the server could not finish in time (or too large a body) goes again in halves.
      if (answer.reason === "timeout" || answer.reason === "server_error" || answer.status === 413) {
        chunkCap = Math.max(SMALLEST_CHUNK, Math.floor(chunk.length / 2));
      }
      if (!answer.reached) {
        setReachable(false);
        return;
      }
      setReachable(true);
      if (!answer.ok) {
        showUploadRefused(answer.status, answer.body);
        return;
      }
      chunkCap *= 2;
      showUploadRefused(null);
      var sent = {};
      chunk.forEach(function (scan) { sent[scan.nonce] = true; });
      saveQueue(loadQueue().filter(function (scan) { return !sent[scan.nonce]; }));
      reportUpload(chunk, answer.body.scans);
      return uploadChunks();
    });
  }

  function reportUpload(chunk, reports) {
    var differing = [];
    reports.forEach(function (item) {
      var sent = chunk[item.index] || {};
      if (item.scan) {
        desk.addHistory(item.scan.tone, "↑ " + item.scan.message["zh-hans"] + " " + item.scan.message.en,
                        item.scan.guest && item.scan.guest.name);
      }
      if (differs(item, sent.local_result)) differing.push(conflictOf(item, sent));
    });
    if (differing.length) raiseConflicts(differing);
  }

  // --- What the server judged otherwise ----------------------------------------------------------
  // The guard must hear of an uploaded scan the server refused to record, judged otherwise than the
  // desk showed (a scan the desk could not judge was let through by eye: anything but "ok" differs),
  // or accepted while learning that the badge was revoked or replaced, or the guest cancelled, after
  // the scan. ("out_of_order" only says another gate's later scan was recorded first: history.)
  function differs(item, localResult) {
    if (item.status === "rejected") return true;
    if (item.result !== (localResult || "ok")) return true;
    return (item.flags || []).some(function (flag) { return flag !== "out_of_order"; });
  }

  function conflictOf(item, sent) {
    var scan = item.scan;
    return {
      scanned_at: sent.scanned_at, local_result: sent.local_result || null, result: item.result,
      message: scan ? scan.message : null, flags: item.flags || [], errors: desk.describeErrors(item.errors),
      badge: scan && scan.badge ? scan.badge.id : null, name: scan && scan.guest ? scan.guest.name : "",
    };
  }

  function loadConflicts() {
    try { return JSON.parse(localStorage.getItem(config.conflictsKey) || "[]"); } catch (error) { return []; }
  }

  function raiseConflicts(conflicts) {
    var kept = loadConflicts().concat(conflicts);
    localStorage.setItem(config.conflictsKey, JSON.stringify(kept.slice(-CONFLICTS_KEPT)));
    showConflicts();
    desk.beep(false);
  }

  function conflictItem(conflict) {
    var item = document.createElement("li");
    var time = document.createElement("time");
    time.textContent = conflict.scanned_at
      ? new Date(conflict.scanned_at).toLocaleTimeString("zh-CN", { hour12: false }) : "";
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = conflict.badge ? desk.both("badge_number", { number: conflict.badge }) : "";
    if (conflict.name) desk.appendName(who, conflict.name);
    var shownHere = document.createElement("span");
    shownHere.textContent = desk.both("desk_showed") + " " + desk.resultWords(conflict.local_result).join(" ");
    var server = document.createElement("strong");
    server.className = "server";
    server.textContent = conflict.message
      ? desk.both("server_said") + " " + conflict.message["zh-hans"] + " " + conflict.message.en
      : desk.both("server_did_not_record") + " " + conflict.errors;
    var flags = document.createElement("span");
    flags.textContent = conflict.flags.filter(function (flag) { return flag !== "out_of_order"; })
      .map(desk.flagWords).join(" · ");
    [time, who, shownHere, server, flags].forEach(function (part) {
      if (part.textContent) item.appendChild(part);
    });
    return item;
  }

  function showConflicts() {
    var conflicts = loadConflicts();
    conflictList.textContent = "";
    conflictsBox.hidden = !conflicts.length;
    conflicts.slice(-CONFLICTS_SHOWN).reverse().forEach(function (conflict) {
      conflictList.appendChild(conflictItem(conflict));
    });
    var more = conflicts.length - CONFLICTS_SHOWN;
    if (more > 0) {
      var rest = document.createElement("li");
      rest.className = "more";
      rest.textContent = desk.both("more", { count: more });
      conflictList.appendChild(rest);
    }
  }

  document.getElementById("conflicts-ack").addEventListener("click", function () {
    localStorage.removeItem(config.conflictsKey);
    showConflicts();
    desk.focusInput();
  });

  desk.loadQueue = loadQueue;
  desk.keepScan = keepScan;
  desk.setReachable = setReachable;
  desk.showNetwork = showNetwork;
  desk.flushQueue = flushQueue;
  desk.showConflicts = showConflicts;
})();
