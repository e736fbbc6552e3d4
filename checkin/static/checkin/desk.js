// Check-in desk: a keyboard-wedge scanner types the QR text into #scan-input and presses Enter.
// Each scan is POSTed to the scan API with the session cookie and CSRF token; the answer is shown
// large and colour-coded, and the input is cleared and focused again at once for the next badge.
// When the network is down, scans are kept in localStorage and uploaded (…/checkin/upload/) later.
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
  var csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  var STALE_AFTER_MS = 15000;
  var FLUSH_EVERY_MS = 20000;
  var SCAN_TIMEOUT_MS = 6000;
  var staleTimer = null;
  var pending = Promise.resolve();

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

  function showProblem(status, body) {
    var zh = "请求错误", en = "Request refused";
    if (status === 401 || status === 403) { zh = "请重新登录"; en = "Please log in again"; }
    var detail = "";
    if (body && typeof body === "object") {
      detail = Object.keys(body).filter(function (k) { return k !== "code"; }).map(function (key) {
        var value = body[key];
        return key + ": " + (Array.isArray(value) ? value.join(" ") : value);
      }).join("; ");
    }
    setState("denied", zh, en, detail);
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
    showNetwork(queue.length ? "queued" : "online", queue.length);
  }

  function showNetwork(state, queued) {
    netStatus.className = "net-status " + state;
    netStatus.textContent = "";
    var zh = document.createElement("span");
    zh.lang = "zh-Hans";
    var en = document.createElement("span");
    en.lang = "en";
    if (state === "online") {
      zh.textContent = "在线";
      en.textContent = "Online";
    } else {
      zh.textContent = queued + " 条扫描待上传";
      en.textContent = queued + " scan(s) waiting to upload";
    }
    netStatus.appendChild(zh);
    netStatus.appendChild(document.createTextNode(" "));
    netStatus.appendChild(en);
  }

  function flushQueue() {
    var queue = loadQueue();
    if (!queue.length) return Promise.resolve();
    return fetch(config.uploadUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify({ scans: queue }),
    }).then(function (response) {
      if (!response.ok) return;
      return response.json().then(function (report) {
        var sent = {};
        queue.forEach(function (scan) { sent[scan.nonce] = true; });
        saveQueue(loadQueue().filter(function (scan) { return !sent[scan.nonce]; }));
        report.scans.forEach(function (item) {
          if (item.scan) addHistory(item.scan.tone, "↑ " + item.scan.message["zh-hans"] + " " + item.scan.message.en,
                                    item.scan.guest && item.scan.guest.name);
        });
      });
    }).catch(function () { /* still offline */ });
  }

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
  };
  var TONES = { ok: "ok", already_inside: "warning" };
  var KEYS_EVERY_MS = 60000;
  var BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

  function loadKeys() {
    try { return JSON.parse(localStorage.getItem(config.keysKey) || "null"); } catch (error) { return null; }
  }

  function syncKeys() {
    var keys = loadKeys();
    var since = keys && keys.public_key ? keys.cursor : 0;
    if (!since) keys = null;
    return fetch(config.keysUrl + "?since=" + encodeURIComponent(since), {
      credentials: "same-origin", headers: { "Accept": "application/json" },
    }).then(function (response) {
      if (!response.ok) return;
      return response.json().then(function (fresh) {
        if (keys && keys.public_key !== fresh.public_key) {
          localStorage.removeItem(config.keysKey);  // a new key: start the list again from cursor 0
          return syncKeys();
        }
        var merged = keys || { revoked: {}, superseded: {} };
        ["event", "public_key", "zones", "checkpoints", "cursor"].forEach(function (name) { merged[name] = fresh[name]; });
        fresh.revocations.forEach(function (entry) {
          var list = entry.kind === "revoked" ? merged.revoked : merged.superseded;
          list[entry.badge_id] = Math.max(list[entry.badge_id] || 0, entry.version);
        });
        merged.synced_at = new Date().toISOString();
        localStorage.setItem(config.keysKey, JSON.stringify(merged));
        if (!fresh.complete) return syncKeys();
      });
    }).catch(function () { /* offline: keep what we have */ });
  }

  function base45(text) {
    var out = [];
    for (var i = 0; i < text.length; i += 3) {
      var chunk = text.slice(i, i + 3), values = [];
      for (var j = 0; j < chunk.length; j++) {
        var value = BASE45.indexOf(chunk[j]);
        if (value < 0) return null;
        values.push(value);
      }
      if (values.length === 1) return null;
      var n = values[0] + values[1] * 45 + (values.length === 3 ? values[2] * 2025 : 0);
      if (values.length === 3) {
        if (n > 0xffff) return null;
        out.push(n >> 8, n & 0xff);
      } else {
        if (n > 0xff) return null;
        out.push(n);
      }
    }
    return new Uint8Array(out);
  }

  function fromBase64Url(text) {
    var binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    return Uint8Array.from(binary, function (c) { return c.charCodeAt(0); });
  }

  function offlineVerdict(code, direction) {
    var keys = loadKeys();
    var subtle = window.crypto && window.crypto.subtle;
    if (!keys || !keys.public_key || !subtle) return Promise.resolve(null);  // cannot judge: just queue
    var text = code.replace(/[\r\n]+$/, "");
    var raw = text.indexOf("LB1:") === 0 && text.length <= 200 ? base45(text.slice(4)) : null;
    if (!raw || raw.length !== 87 || raw[0] !== 1) return Promise.resolve({ result: "invalid" });
    var body = raw.slice(0, 23), signature = raw.slice(23), view = new DataView(body.buffer);
    var payload = {
      event: view.getUint32(1), badge: view.getUint32(5), version: view.getUint16(9),
      from: view.getUint32(11), until: view.getUint32(15), mask: view.getUint32(19),
    };
    if (payload.event !== keys.event.id) return Promise.resolve({ result: "wrong_event" });
    var signed = new Uint8Array(3 + body.length);
    signed.set([76, 66, 49]);  // "LB1"
    signed.set(body, 3);
    return subtle.importKey("raw", fromBase64Url(keys.public_key), { name: "Ed25519" }, false, ["verify"])
      .then(function (key) { return subtle.verify({ name: "Ed25519" }, key, signature, signed); })
      .then(function (authentic) {
        if (!authentic) return { result: "invalid" };
        var verdict = { result: "ok", badge: payload.badge, zones: [] };
        keys.zones.forEach(function (zone) { if ((payload.mask >>> zone.bit) & 1) verdict.zones.push(zone); });
        if ((keys.revoked[payload.badge] || 0) >= payload.version) return Object.assign(verdict, { result: "revoked" });
        if ((keys.superseded[payload.badge] || 0) >= payload.version) return Object.assign(verdict, { result: "superseded" });
        var now = Date.now() / 1000;
        var gate = keys.checkpoints.filter(function (c) { return c.id === Number(config.checkpoint); })[0];
        var gateZones = keys.zones.filter(function (zone) { return gate && ((gate.zone_mask >>> zone.bit) & 1); });
        var inside = JSON.parse(localStorage.getItem(config.insideKey) || "{}");
        if (direction === "exit") {
          gateZones.forEach(function (zone) { delete inside[payload.badge + ":" + zone.bit]; });
        } else {
          if (now < payload.from) return Object.assign(verdict, { result: "not_yet_valid" });
          if (now >= payload.until) return Object.assign(verdict, { result: "expired" });
          var admitted = gateZones.filter(function (zone) { return (payload.mask >>> zone.bit) & 1; });
          if (!admitted.length) return Object.assign(verdict, { result: "zone_denied" });
          var again = admitted.some(function (zone) {
            return zone.reentry === "single" && inside[payload.badge + ":" + zone.bit];
          });
          if (again) return Object.assign(verdict, { result: "already_inside" });
          admitted.forEach(function (zone) { inside[payload.badge + ":" + zone.bit] = true; });
          verdict.passed = admitted.map(function (zone) { return zone.code; });
        }
        localStorage.setItem(config.insideKey, JSON.stringify(inside));
        return verdict;
      })
      .catch(function () { return null; });  // no Ed25519 in this browser: just queue
  }

  function showOfflineVerdict(verdict) {
    var tone = TONES[verdict.result] || "denied";
    var words = MESSAGES[verdict.result];
    var detail = "离线核验 Checked offline" + (verdict.badge ? " · 证件 badge #" + verdict.badge : "");
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
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller && setTimeout(function () { controller.abort(); }, SCAN_TIMEOUT_MS);
    return fetch(config.scanUrl, {
      method: "POST",
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify(scan),
    }).then(function (response) {
      clearTimeout(timer);
      return response.json().catch(function () { return null; }).then(function (body) {
        if (response.ok && body && body.result) showAnswer(body);
        else showProblem(response.status, body);
      });
    }, function () {
      clearTimeout(timer);
      scan.scanned_at = scannedAt;
      return offlineVerdict(code, scan.direction).then(function (verdict) {
        if (verdict) scan.local_result = verdict.result;
        var queue = loadQueue();
        queue.push(scan);
        saveQueue(queue);
        if (verdict) {
          showOfflineVerdict(verdict);
          return;
        }
        setState("offline", "网络中断：已保存，稍后上传", "Network down: saved, will upload later",
                 "未核验 — 请人工查验证件 / Not verified — check the badge by eye");
        showGuest(null);
        addHistory("offline", "离线保存 Saved offline", "");
        beep(false);
      });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = input.value;
    focusInput();  // ready for the next badge at once, even while this one is being checked
    if (!code.trim()) return;
    pending = pending.then(function () { return submitScan(code); });
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
  var queued = loadQueue().length;
  showNetwork(queued ? "queued" : "online", queued);
  flushQueue();
  focusInput();
})();
