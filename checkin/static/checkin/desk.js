// Check-in desk: a keyboard-wedge scanner types the QR text into #scan-input and presses Enter.
// Each scan is POSTed to the scan API with the session cookie and CSRF token; the answer is shown
// large and colour-coded, and the input is cleared and focused again at once for the next badge.
// When the server cannot answer — network down, a timeout, a server error or an answer that is not the
// API's — the page judges the code itself, keeps the scan in localStorage and uploads it later
// (…/checkin/upload/) in chunks that fit the server's limits; where the server then judges a scan
// otherwise than the page did, the guard gets an alert that stays until acknowledged.
(function () {
  "use strict";

  var desk = document.getElementById("desk");
  if (!desk) return;
  var config = desk.dataset;
  var form = document.getElementById("scan-form");
  var input = document.getElementById("scan-input");
  var resultBox = document.getElementById("result");
  var historyList = document.getElementById("history");
  var netStatus = document.getElementById("net-status");
  var uploadProblem = document.getElementById("upload-problem");
  var conflictsBox = document.getElementById("conflicts");
  var conflictList = document.getElementById("conflict-list");
  var csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  var STALE_AFTER_MS = 15000;
  var FLUSH_EVERY_MS = 20000;
  var SCAN_TIMEOUT_MS = 6000;
  var UPLOAD_TIMEOUT_MS = 45000;
  var KEYS_TIMEOUT_MS = 20000;
  // Until the first key sync brings the server's own limits (checkin/keys/ → upload).
  var DEFAULT_UPLOAD_LIMITS = { max_scans: 100, max_bytes: 1000000 };
  var SMALLEST_CHUNK = 10;
  var CONFLICTS_KEPT = 500, CONFLICTS_SHOWN = 20;
  var staleTimer = null;
  var pending = Promise.resolve();
  var reachable = true;  // whether the server answered the last scan or upload
  var flushing = null;  // the upload under way, if any
  var chunkCap = Infinity;  // halved after a chunk timed out or was too large, doubled after each success

  function text(id, value) {
    document.getElementById(id).textContent = value || "";
  }

  function makeNonce() {
    // crypto.randomUUID needs a secure context; a tablet on the venue LAN may use plain http.
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function currentDirection() {
    var checked = document.querySelector('input[name="direction"]:checked');
    return checked ? checked.value : config.direction;
  }

  function focusInput() {
    input.value = "";
    input.focus();
  }

  function beep(ok) {
    try {
      var Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) return;
      beep.context = beep.context || new Context();
      var oscillator = beep.context.createOscillator();
      var gain = beep.context.createGain();
      oscillator.frequency.value = ok ? 880 : 220;
      gain.gain.value = 0.08;
      oscillator.connect(gain).connect(beep.context.destination);
      oscillator.start();
      oscillator.stop(beep.context.currentTime + (ok ? 0.12 : 0.45));
    } catch (error) { /* no sound is fine */ }
  }

  // One call to the API, settled within timeoutMs. `reached` is false for what a gate must treat as
  // a network drop: no answer (network down, timeout), a server error (5xx), or an answer that is not
  // the API's JSON (a proxy's error page, a Wi-Fi login page). `isOurs` tells the API's success body.
  function exchange(method, url, payload, timeoutMs, isOurs) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer;
    var timeout = new Promise(function (resolve) {
      timer = setTimeout(function () {
        if (controller) controller.abort();
        resolve({ reached: false, reason: "timeout" });
      }, timeoutMs);
    });
    var options = { method: method, credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (controller) options.signal = controller.signal;
    if (payload !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = csrfToken;
      options.body = JSON.stringify(payload);
    }
    var answer = fetch(url, options).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (response.status >= 500) return { reached: false, reason: "server_error", status: response.status };
        if (!body || typeof body !== "object" || (response.ok && !isOurs(body))) {
          return { reached: false, reason: "unreadable", status: response.status };
        }
        return { reached: true, ok: response.ok, status: response.status, body: body };
      });
    }, function () { return { reached: false, reason: "network" }; });
    return Promise.race([answer, timeout]).then(function (result) {
      clearTimeout(timer);
      return result;
    });
  }

  function whyUnreached(answer) {
    if (answer.reason === "timeout") {
      var seconds = Math.round(SCAN_TIMEOUT_MS / 1000);
      return "服务器 " + seconds + " 秒无应答 no answer within " + seconds + " s";
    }
    if (answer.reason === "server_error") return "服务器故障 server error HTTP " + answer.status;
    if (answer.reason === "unreadable") return "答复无法识别 unreadable answer HTTP " + answer.status;
    return "网络中断 network down";
  }

  function setState(state, zh, en, detail) {
    resultBox.className = "result " + state;
    resultBox.dataset.result = state;
    text("verdict-zh", zh);
    text("verdict-en", en);
    text("verdict-detail", detail);
    clearTimeout(staleTimer);
    staleTimer = setTimeout(function () { resultBox.classList.add("stale"); }, STALE_AFTER_MS);
  }

  function showGuest(answer) {
    var person = document.getElementById("person");
    var guest = answer && answer.guest;
    if (!guest) {
      person.hidden = true;
      return;
    }
    person.hidden = false;
    text("name-latin", [guest.honorific, guest.name].filter(Boolean).join(" "));
    text("name-native", guest.native_name !== guest.name ? guest.native_name : "");
    text("name-chinese", guest.chinese_name);
    var meta = [];
    if (guest.delegation) meta.push(guest.delegation.name);
    meta.push(guest.category_label["zh-hans"] + " " + guest.category_label.en);
    if (guest.country_name) meta.push(guest.country_name["zh-hans"] + " " + guest.country_name.en);
    else if (guest.country) meta.push(guest.country);
    text("meta", meta.join(" · "));

    var photo = document.getElementById("photo");
    var noPhoto = document.getElementById("no-photo");
    if (guest.photo_url) {
      photo.hidden = false;
      noPhoto.hidden = true;
      photo.onerror = function () { photo.hidden = true; noPhoto.hidden = false; };
      photo.src = guest.photo_url;
      photo.alt = guest.name;
    } else {
      photo.hidden = true;
      photo.removeAttribute("src");
      noPhoto.hidden = false;
    }

    var zoneList = document.getElementById("zones");
    zoneList.textContent = "";
    (answer.zones || []).forEach(function (zone) {
      var item = document.createElement("li");
      item.className = "chip" + (answer.zones_passed.indexOf(zone.code) >= 0 ? " passed" : "");
      if (/^#[0-9a-fA-F]{6}$/.test(zone.colour)) item.style.setProperty("--zone", zone.colour);
      item.textContent = zone.code + " " + (zone.name["zh-hans"] || "") + " " + (zone.name.en || "");
      zoneList.appendChild(item);
    });
  }

  function addHistory(state, label, name) {
    var item = document.createElement("li");
    item.className = state;
    var time = document.createElement("time");
    time.textContent = new Date().toLocaleTimeString("zh-CN", { hour12: false });
    var what = document.createElement("span");
    what.textContent = label;
    if (name) {
      // An Arabic or Hebrew name must not reorder the verdict and dash around it.
      var isolated = document.createElement("bdi");
      isolated.textContent = name;
      what.appendChild(document.createTextNode(" — "));
      what.appendChild(isolated);
    }
    item.appendChild(time);
    item.appendChild(what);
    historyList.insertBefore(item, historyList.firstChild);
    while (historyList.children.length > 8) historyList.removeChild(historyList.lastChild);
  }

  function showAnswer(answer) {
    delete resultBox.dataset.offline;
    var flags = (answer.flags || []).join(", ");
    setState(answer.tone, answer.message["zh-hans"], answer.message.en, [answer.detail, flags].filter(Boolean).join(" · "));
    resultBox.dataset.result = answer.result;
    showGuest(answer);
    addHistory(answer.tone, answer.message["zh-hans"] + " " + answer.message.en, answer.guest && answer.guest.name);
    beep(answer.ok);
  }

  function describeErrors(body) {
    if (!body || typeof body !== "object") return "";
    return Object.keys(body).filter(function (k) { return k !== "code"; }).map(function (key) {
      var value = body[key];
      return key + ": " + (Array.isArray(value) ? value.join(" ") : typeof value === "object" ? describeErrors(value) : value);
    }).join("; ");
  }

  function showProblem(status, body) {
    var zh = "请求错误", en = "Request refused";
    if (status === 401 || status === 403) { zh = "请重新登录"; en = "Please log in again"; }
    setState("denied", zh, en, describeErrors(body));
    showGuest(null);
    addHistory("denied", zh + " " + en, "");
    beep(false);
  }

  // --- Offline queue ---------------------------------------------------------------------------
  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(config.queueKey) || "[]"); } catch (error) { return []; }
  }

  function saveQueue(queue) {
    localStorage.setItem(config.queueKey, JSON.stringify(queue));
    showNetwork(queue.length);
  }

  function setReachable(value) {
    reachable = value;
    showNetwork(loadQueue().length);
  }

  function showNetwork(queued) {
    var state = !reachable ? "offline" : queued ? "queued" : "online";
    netStatus.className = "net-status " + state;
    netStatus.textContent = "";
    var zh = document.createElement("span");
    zh.lang = "zh-Hans";
    var en = document.createElement("span");
    en.lang = "en";
    if (state === "online") {
      zh.textContent = "在线";
      en.textContent = "Online";
    } else if (state === "offline") {
      zh.textContent = queued ? "离线：" + queued + " 条扫描待上传" : "离线";
      en.textContent = queued ? "Offline: " + queued + " scan(s) waiting to upload" : "Offline";
    } else {
      zh.textContent = queued + " 条扫描待上传";
      en.textContent = queued + " scan(s) waiting to upload";
    }
    netStatus.appendChild(zh);
    netStatus.appendChild(document.createTextNode(" "));
    netStatus.appendChild(en);
  }

  function showUploadRefused(status, body) {
    if (status === null) {
      uploadProblem.hidden = true;
      uploadProblem.textContent = "";
      return;
    }
    var queued = loadQueue().length;
    var login = status === 401 || status === 403;
    var zh = (login ? "上传被拒绝：请重新登录" : "上传被服务器拒绝") + "，" + queued + " 条扫描仍保留在本机，请通知主管";
    var en = (login ? "Upload refused: please log in again" : "Upload refused by the server") + "; " + queued +
      " scan(s) kept on this desk — tell the supervisor";
    uploadProblem.textContent = "";
    [[zh, "zh-Hans"], [en, "en"], ["HTTP " + status + (describeErrors(body) ? " · " + describeErrors(body) : ""), ""]]
      .forEach(function (part) {
        var line = document.createElement("span");
        line.textContent = part[0];
        if (part[1]) line.lang = part[1];
        uploadProblem.appendChild(line);
      });
    uploadProblem.hidden = false;
  }

  function uploadLimits() {
    var keys = loadKeys();
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
    return exchange("POST", config.uploadUrl, { scans: chunk }, UPLOAD_TIMEOUT_MS, function (body) {
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
        addHistory(item.scan.tone, "↑ " + item.scan.message["zh-hans"] + " " + item.scan.message.en,
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
      message: scan ? scan.message : null, flags: item.flags || [], errors: describeErrors(item.errors),
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
    beep(false);
  }

  function flagWords(flag) {
    if (FLAGS[flag]) return FLAGS[flag][0] + " " + FLAGS[flag][1];
    var status = /^(\w+)_after_scan$/.exec(flag);
    return status ? "扫描后嘉宾状态改为 guest's status changed after the scan to: " + status[1] : flag;
  }

  function showConflicts() {
    var conflicts = loadConflicts();
    conflictList.textContent = "";
    conflictsBox.hidden = !conflicts.length;
    conflicts.slice(-CONFLICTS_SHOWN).reverse().forEach(function (conflict) {
      var item = document.createElement("li");
      var time = document.createElement("time");
      time.textContent = conflict.scanned_at
        ? new Date(conflict.scanned_at).toLocaleTimeString("zh-CN", { hour12: false }) : "";
      var who = document.createElement("span");
      who.className = "who";
      who.textContent = conflict.badge ? "证件 badge #" + conflict.badge : "";
      if (conflict.name) {
        var isolated = document.createElement("bdi");
        isolated.textContent = conflict.name;
        who.appendChild(document.createTextNode(" — "));
        who.appendChild(isolated);
      }
      var shownHere = document.createElement("span");
      var words = MESSAGES[conflict.local_result] || ["未核验", "Not verified"];
      shownHere.textContent = "本机显示 Desk showed: " + words[0] + " " + words[1];
      var server = document.createElement("strong");
      server.className = "server";
      server.textContent = conflict.message
        ? "服务器 Server: " + conflict.message["zh-hans"] + " " + conflict.message.en
        : "服务器未记录 Server did not record it: " + conflict.errors;
      var flags = document.createElement("span");
      flags.textContent = conflict.flags.filter(function (flag) { return flag !== "out_of_order"; }).map(flagWords).join(" · ");
      [time, who, shownHere, server, flags].forEach(function (part) {
        if (part.textContent) item.appendChild(part);
      });
      conflictList.appendChild(item);
    });
    var more = conflicts.length - CONFLICTS_SHOWN;
    if (more > 0) {
      var rest = document.createElement("li");
      rest.className = "more";
      rest.textContent = "另有 " + more + " 条 and " + more + " more";
      conflictList.appendChild(rest);
    }
  }

  document.getElementById("conflicts-ack").addEventListener("click", function () {
    localStorage.removeItem(config.conflictsKey);
    showConflicts();
    focusInput();
  });

  // --- Offline verification -------------------------------------------------------------------
  // While online the page keeps the event's public key, zones, gates and revocation list
  // (…/checkin/keys/, synced incrementally with its cursor). When the network fails, a code is
  // checked here: Base45, Ed25519 signature (WebCrypto), event, revocation list, validity, zones,
  // and single-entry zones against this desk's own memory. Badges carry no personal data, so the
  // guard sees the verdict and the badge number, not the name or photo.
  var MESSAGES = {
    ok: ["通过", "OK — welcome"], already_inside: ["已在场内", "Already inside"], revoked: ["证件已注销", "Badge revoked"],
    superseded: ["旧证件（已重新制证）", "Old badge — replaced by a reprint"], invalid: ["无效二维码", "Invalid code"],
    wrong_event: ["非本活动证件", "Badge of another event"], zone_denied: ["无权进入该区域", "No access to this area"],
    not_yet_valid: ["证件尚未生效", "Badge not yet valid"], expired: ["证件已过期", "Badge expired"],
    not_approved: ["嘉宾未获批准（已取消或拒绝）", "Guest not approved (cancelled or rejected)"],
  };
  var FLAGS = {
    revoked_after_scan: ["扫描后证件被注销", "badge revoked after the scan"],
    superseded_after_scan: ["扫描后证件被重新制证", "badge replaced by a reprint after the scan"],
    cancelled_after_scan: ["扫描后嘉宾被取消", "guest cancelled after the scan"],
    rejected_after_scan: ["扫描后嘉宾被拒绝", "guest rejected after the scan"],
    exit_recorded: ["已登记离场", "exit recorded"],
  };
  var TONES = { ok: "ok", already_inside: "warning" };
  var KEYS_EVERY_MS = 60000;

  function loadKeys() {
    try { return JSON.parse(localStorage.getItem(config.keysKey) || "null"); } catch (error) { return null; }
  }

  function syncKeys() {
    var keys = loadKeys();
    var since = keys && keys.public_key ? keys.cursor : 0;
    if (!since) keys = null;
    return exchange("GET", config.keysUrl + "?since=" + encodeURIComponent(since), undefined, KEYS_TIMEOUT_MS,
                    function (body) { return !!body.public_key; }).then(function (answer) {
      if (!answer.reached || !answer.ok) return;  // offline: keep what we have
      var fresh = answer.body;
      if (keys && keys.public_key !== fresh.public_key) {
        localStorage.removeItem(config.keysKey);  // a new key: start the list again from cursor 0
        return syncKeys();
      }
      var merged = keys || { revoked: {}, superseded: {} };
      ["event", "public_key", "zones", "checkpoints", "cursor", "upload"].forEach(function (name) {
        merged[name] = fresh[name];
      });
      fresh.revocations.forEach(function (entry) {
        var list = entry.kind === "revoked" ? merged.revoked : merged.superseded;
        list[entry.badge_id] = Math.max(list[entry.badge_id] || 0, entry.version);
      });
      merged.synced_at = new Date().toISOString();
      localStorage.setItem(config.keysKey, JSON.stringify(merged));
      if (!fresh.complete) return syncKeys();
    }).catch(function () { /* e.g. storage full: keep what we have */ });
  }

  function loadInside() {
    try { return JSON.parse(localStorage.getItem(config.insideKey) || "{}"); } catch (error) { return {}; }
  }

  function gateZones(keys) {
    return window.LiaisonOffline.gateZones(keys, config.checkpoint);
  }

  // What the server answered online tells this desk who is inside its zones, for the time it has to
  // judge alone: a single-entry zone must refuse a second entry offline too.
  function rememberPresence(answer) {
    var keys = loadKeys();
    if (!keys || !keys.zones || !answer.badge) return;
    var inside = loadInside();
    var badge = answer.badge.id;
    var entered = answer.result === "ok" ? answer.zones_passed
      : answer.result === "already_inside" ? answer.zones.map(function (zone) { return zone.code; }) : [];
    gateZones(keys).forEach(function (zone) {
      if (answer.direction === "exit") delete inside[badge + ":" + zone.bit];
      else if (entered.indexOf(zone.code) >= 0) inside[badge + ":" + zone.bit] = true;
    });
    localStorage.setItem(config.insideKey, JSON.stringify(inside));
  }

  function offlineVerdict(code, direction) {
    var keys = loadKeys();
    if (!keys || !keys.public_key) return Promise.resolve(null);  // cannot judge: just queue
    var inside = loadInside();
    return window.LiaisonOffline.verdict(keys, inside, code, direction, config.checkpoint, Date.now() / 1000)
      .then(function (verdict) {
        if (verdict && verdict.badge) localStorage.setItem(config.insideKey, JSON.stringify(inside));
        return verdict;
      });
  }

  function showOfflineVerdict(verdict, why) {
    var tone = TONES[verdict.result] || "denied";
    var words = MESSAGES[verdict.result];
    var detail = "离线核验 Checked offline (" + why + ")" + (verdict.badge ? " · 证件 badge #" + verdict.badge : "");
    if (verdict.result === "ok") detail += " · 请核对证件照片与本人 Compare the badge photo with the face";
    setState(tone, words[0], words[1], detail);
    resultBox.dataset.result = verdict.result;
    resultBox.dataset.offline = "true";
    showGuest(null);
    addHistory(tone, "⚡ " + words[0] + " " + words[1], verdict.badge ? "#" + verdict.badge : "");
    beep(verdict.result === "ok");
  }

  // --- Scanning --------------------------------------------------------------------------------
  function submitScan(code) {
    var scan = { qr: code, checkpoint: Number(config.checkpoint), nonce: makeNonce(), direction: currentDirection() };
    var scannedAt = new Date().toISOString();
    setState("pending", "正在核验…", "Checking…", "");
    // A gate cannot wait: after a few seconds without an answer the scan is judged offline. If the
    // server did record it, the later upload carries the same nonce and gets the first answer.
    return exchange("POST", config.scanUrl, scan, SCAN_TIMEOUT_MS, function (body) { return !!body.result; })
      .then(function (answer) {
        if (!answer.reached) return keepOffline(code, scan, scannedAt, whyUnreached(answer));
        setReachable(true);
        if (!answer.ok) {
          showProblem(answer.status, answer.body);
          return;
        }
        showAnswer(answer.body);
        rememberPresence(answer.body);
        if (loadQueue().length) flushQueue();  // the server is back: no need to wait for the timer
      });
  }

  function keepOffline(code, scan, scannedAt, why) {
    scan.scanned_at = scannedAt;
    return offlineVerdict(code, scan.direction).then(function (verdict) {
      if (verdict) scan.local_result = verdict.result;
      var queue = loadQueue();
      queue.push(scan);
      reachable = false;
      saveQueue(queue);
      if (verdict) {
        showOfflineVerdict(verdict, why);
        return;
      }
      setState("offline", "离线：已保存，稍后上传", "Offline: saved, will upload later",
               "未核验 — 请人工查验证件 / Not verified — check the badge by eye (" + why + ")");
      showGuest(null);
      addHistory("offline", "离线保存 Saved offline", "");
      beep(false);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = input.value;
    focusInput();  // ready for the next badge at once, even while this one is being checked
    if (!code.trim()) return;
    pending = pending.then(function () { return submitScan(code); }).catch(function (error) {
      // e.g. the browser's storage is full: the guard must not believe the scan was kept.
      setState("denied", "本机出错：扫描未保存", "Desk error: scan not saved", String(error && error.message || error));
      showGuest(null);
      beep(false);
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
    radio.addEventListener("change", function () { focusInput(); });
  });
  resultBox.addEventListener("click", focusInput);

  window.addEventListener("online", function () { flushQueue(); syncKeys(); });
  setInterval(flushQueue, FLUSH_EVERY_MS);
  setInterval(syncKeys, KEYS_EVERY_MS);
  syncKeys();
  showNetwork(loadQueue().length);
  showConflicts();
  flushQueue();
  focusInput();
})();
