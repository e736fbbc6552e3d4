// Check-in desk, the page: what every part of the desk shares — its settings, its words (rendered by
// the server through gettext into the #desk-words JSON block), the calls to the API and the verdict
// area, the guest card and the recent-scans list. desk-keys.js, desk-queue.js and desk.js build on it.
(function () {
  "use strict";

  var root = document.getElementById("desk");
  if (!root) return;
  var config = root.dataset;
  var resultBox = document.getElementById("result");
  var historyList = document.getElementById("history");
  var input = document.getElementById("scan-input");
  var csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  var WORDS = JSON.parse(document.getElementById("desk-words").textContent);
  var STALE_AFTER_MS = 15000;
  var SCAN_TIMEOUT_MS = 6000;
  var staleTimer = null;

  // A word in the page's languages, [Chinese, English], with its %(name)s places filled from values.
  function words(key, values, table) {
    return (table || WORDS.words)[key].map(function (template) {
      return template.replace(/%\((\w+)\)s/g, function (place, name) { return String(values[name]); });
    });
  }

  function both(key, values) {
    return words(key, values).join(" ");
  }

  function resultWords(result) {
    return WORDS.results[result] || WORDS.words.not_verified;
  }

  function flagWords(flag) {
    if (WORDS.flags[flag]) return WORDS.flags[flag].join(" ");
    var status = /^(\w+)_after_scan$/.exec(flag);
    return status ? words("status_after_scan", { status: status[1] }, WORDS.flags).join(" ") : flag;
  }

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
    if (answer.reason === "timeout") return both("no_answer", { seconds: Math.round(SCAN_TIMEOUT_MS / 1000) });
    if (answer.reason === "server_error") return both("server_error") + " HTTP " + answer.status;
    if (answer.reason === "unreadable") return both("unreadable") + " HTTP " + answer.status;
    return both("network_down");
  }

  function setState(state, pair, detail) {
    resultBox.className = "result " + state;
    resultBox.dataset.result = state;
    text("verdict-zh", pair[0]);
    text("verdict-en", pair[1]);
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

  // A name from a guest's own script, kept apart so an Arabic or Hebrew name does not reorder its
  // surroundings.
  function appendName(element, name) {
    var isolated = document.createElement("bdi");
    isolated.textContent = name;
    element.appendChild(document.createTextNode(" — "));
    element.appendChild(isolated);
  }

  function addHistory(state, label, name) {
    var item = document.createElement("li");
    item.className = state;
    var time = document.createElement("time");
    time.textContent = new Date().toLocaleTimeString("zh-CN", { hour12: false });
    var what = document.createElement("span");
    what.textContent = label;
    if (name) appendName(what, name);
    item.appendChild(time);
    item.appendChild(what);
    historyList.insertBefore(item, historyList.firstChild);
    while (historyList.children.length > 8) historyList.removeChild(historyList.lastChild);
  }

  function showAnswer(answer) {
    delete resultBox.dataset.offline;
    var flags = (answer.flags || []).join(", ");
    var pair = [answer.message["zh-hans"], answer.message.en];
    setState(answer.tone, pair, [answer.detail, flags].filter(Boolean).join(" · "));
    resultBox.dataset.result = answer.result;
    showGuest(answer);
    addHistory(answer.tone, pair.join(" "), answer.guest && answer.guest.name);
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
    var pair = words(status === 401 || status === 403 ? "log_in_again" : "request_refused");
    setState("denied", pair, describeErrors(body));
    showGuest(null);
    addHistory("denied", pair.join(" "), "");
    beep(false);
  }

  window.LiaisonDesk = {
    config: config, resultBox: resultBox, SCAN_TIMEOUT_MS: SCAN_TIMEOUT_MS,
    words: words, both: both, resultWords: resultWords, flagWords: flagWords,
    makeNonce: makeNonce, currentDirection: currentDirection, focusInput: focusInput, beep: beep,
    exchange: exchange, whyUnreached: whyUnreached, setState: setState, showGuest: showGuest,
    appendName: appendName, addHistory: addHistory, showAnswer: showAnswer, describeErrors: describeErrors,
    showProblem: showProblem,
  };
})();
