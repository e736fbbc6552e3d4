// The desk's offline judgement of a badge code: what the page decides when the server cannot answer.
// It repeats badges.domain.validity with what the keys sync brought (public key, zones, gates,
// revocation list) and this desk's own memory of who is inside; tests/checkin/vectors/ holds the
// codes and verdicts that both the Python tests and the browser test run, so neither side drifts.
// Badges carry no personal data: the verdict names the badge number, never the guest.
(function () {
  "use strict";

  var BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

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

  // The zones a gate opens, from the synced keys.
  function gateZones(keys, checkpointId) {
    var gate = keys.checkpoints.filter(function (c) { return c.id === Number(checkpointId); })[0];
    return keys.zones.filter(function (zone) { return gate && ((gate.zone_mask >>> zone.bit) & 1); });
  }

  // A Promise of { result, badge, zones, passed } — or null when this browser cannot judge (no
  // Ed25519). `inside` (badge:bit → true) is updated in place for the entry or exit it records.
  function verdict(keys, inside, code, direction, checkpointId, nowSeconds) {
    var subtle = window.crypto && window.crypto.subtle;
    if (!subtle) return Promise.resolve(null);
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
        var found = { result: "ok", badge: payload.badge, zones: [] };
        keys.zones.forEach(function (zone) { if ((payload.mask >>> zone.bit) & 1) found.zones.push(zone); });
        if ((keys.revoked[payload.badge] || 0) >= payload.version) return Object.assign(found, { result: "revoked" });
        if ((keys.superseded[payload.badge] || 0) >= payload.version) return Object.assign(found, { result: "superseded" });
        var here = gateZones(keys, checkpointId);
        if (direction === "exit") {
          here.forEach(function (zone) { delete inside[payload.badge + ":" + zone.bit]; });
          return found;
        }
        if (nowSeconds < payload.from) return Object.assign(found, { result: "not_yet_valid" });
        if (nowSeconds >= payload.until) return Object.assign(found, { result: "expired" });
        var admitted = here.filter(function (zone) { return (payload.mask >>> zone.bit) & 1; });
        if (!admitted.length) return Object.assign(found, { result: "zone_denied" });
        var again = admitted.some(function (zone) { return zone.reentry === "single" && inside[payload.badge + ":" + zone.bit]; });
        if (again) return Object.assign(found, { result: "already_inside" });
        admitted.forEach(function (zone) { inside[payload.badge + ":" + zone.bit] = true; });
        found.passed = admitted.map(function (zone) { return zone.code; });
        return found;
      })
      .catch(function () { return null; });  // no Ed25519 in this browser: just queue
  }

  window.LiaisonOffline = { verdict: verdict, gateZones: gateZones };
})();
