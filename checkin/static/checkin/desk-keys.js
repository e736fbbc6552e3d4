// Check-in desk, the keys: while online the page keeps the event's public key, zones, gates and
// revocation list (…/checkin/keys/, synced incrementally with its cursor) and its memory of who is
// inside this desk's zones. When the network fails, desk-offline.js judges a code with them: Base45,
// Ed25519 signature (WebCrypto), event, revocation list, validity, zones, and single-entry zones
// against this memory. Badges carry no personal data, so the guard sees the verdict and the badge
// number, not the name or photo.
(function () {
  "use strict";

  var desk = window.LiaisonDesk;
  if (!desk) return;
  var config = desk.config;
  var KEYS_TIMEOUT_MS = 20000;

  function loadKeys() {
    try { return JSON.parse(localStorage.getItem(config.keysKey) || "null"); } catch (error) { return null; }
  }

  function syncKeys() {
    var keys = loadKeys();
    var since = keys && keys.public_key ? keys.cursor : 0;
    if (!since) keys = null;
    return desk.exchange("GET", config.keysUrl + "?since=" + encodeURIComponent(since), undefined, KEYS_TIMEOUT_MS,
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

  // What the server answered online tells this desk who is inside its zones, for the time it has to
  // judge alone: a single-entry zone must refuse a second entry offline too.
  function rememberPresence(answer) {
    var keys = loadKeys();
    if (!keys || !keys.zones || !answer.badge) return;
    var inside = loadInside();
    var badge = answer.badge.id;
    var entered = answer.result === "ok" ? answer.zones_passed
      : answer.result === "already_inside" ? answer.zones.map(function (zone) { return zone.code; }) : [];
    window.LiaisonOffline.gateZones(keys, config.checkpoint).forEach(function (zone) {
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

  desk.loadKeys = loadKeys;
  desk.syncKeys = syncKeys;
  desk.rememberPresence = rememberPresence;
  desk.offlineVerdict = offlineVerdict;
})();
