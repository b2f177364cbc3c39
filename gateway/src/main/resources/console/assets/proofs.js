/* Evidence gateway console, auditor pages: the custody log checked in the browser (issue 16 item 6, docs/design/console.md
   "Auditor"), so that the verdict does not depend on the page's server. With WebCrypto only:
   - the checkpoint: a C2SP tlog-checkpoint in a C2SP signed-note, Ed25519 signature, verifier key
     <name>+<hex key id>+base64(0x01 || 32-byte key), key id = first 4 bytes of SHA-256(name || 0x0A || 0x01 || key);
   - each record: leaf hash SHA-256(0x00 || entry), RFC 9162 section 2.1.3.2 inclusion proof (node hash
     SHA-256(0x01 || left || right)) against the checkpoint's size and root; the entry's commitment (its last 32 bytes)
     equal to SHA-256(salt || record); the entry's request id (bytes 51..66) equal to the ULID of the request.
   No inline script (CSP script-src 'self'); everything is also exposed as window.EegProofs for tests. */
(function () {
  'use strict';

  var subtle = window.crypto && window.crypto.subtle;
  var enc = new TextEncoder();

  function b64(s) {
    var bin = atob(s);
    var a = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { a[i] = bin.charCodeAt(i); }
    return a;
  }

  function concat(parts) {
    var n = 0, i;
    for (i = 0; i < parts.length; i++) { n += parts[i].length; }
    var out = new Uint8Array(n), at = 0;
    for (i = 0; i < parts.length; i++) { out.set(parts[i], at); at += parts[i].length; }
    return out;
  }

  function equal(a, b) {
    if (!a || !b || a.length !== b.length) { return false; }
    var d = 0;
    for (var i = 0; i < a.length; i++) { d |= a[i] ^ b[i]; }
    return d === 0;
  }

  function sha256(bytes) {
    return subtle.digest('SHA-256', bytes).then(function (h) { return new Uint8Array(h); });
  }

  function leafHash(entry) { return sha256(concat([Uint8Array.of(0), entry])); }

  function nodeHash(l, r) { return sha256(concat([Uint8Array.of(1), l, r])); }

  /* RFC 9162 2.1.3.2; index and size as BigInt (unsigned 64-bit), leaf, proof elements and root as 32-byte arrays. */
  async function verifyInclusion(index, size, leaf, proof, root) {
    index = BigInt(index); size = BigInt(size);
    if (index < 0n || size < 0n || index >= size || leaf.length !== 32 || root.length !== 32) { return false; }
    var fn = index, sn = size - 1n, r = leaf;
    for (var i = 0; i < proof.length; i++) {
      var p = proof[i];
      if (p.length !== 32 || sn === 0n) { return false; }
      if ((fn & 1n) === 1n || fn === sn) {
        r = await nodeHash(p, r);
        if ((fn & 1n) === 0n) {
          while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
        }
      } else {
        r = await nodeHash(r, p);
      }
      fn >>= 1n; sn >>= 1n;
    }
    return sn === 0n && equal(r, root);
  }

  function parseVkey(text) {
    var parts = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+\/]+=*)$/.exec(text.trim()); // the base64 key may hold '+'
    if (!parts) { throw new Error('malformed verifier key'); }
    parts = parts.slice(1);
    var raw = b64(parts[2]);
    if (raw.length !== 33 || raw[0] !== 1) { throw new Error('not an Ed25519 verifier key'); }
    return { name: parts[0], keyId: parts[1], key: raw.slice(1) };
  }

  function hex(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) { s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16); }
    return s;
  }

  /* Opens a signed checkpoint with the verifier key: {origin, size (BigInt), root} or throws (also when Ed25519 is
     missing from this browser's WebCrypto: error.name 'NotSupportedError'). */
  async function openCheckpoint(note, vkeyText) {
    var vk = parseVkey(vkeyText);
    var id = await sha256(concat([enc.encode(vk.name), Uint8Array.of(0x0a, 0x01), vk.key]));
    if (hex(id.slice(0, 4)) !== vk.keyId) { throw new Error('verifier key id does not match its key'); }
    var split = note.lastIndexOf('\n\n');
    if (split < 0 || note.charAt(note.length - 1) !== '\n') { throw new Error('malformed note'); }
    var text = note.substring(0, split + 1);
    var lines = note.substring(split + 2, note.length - 1).split('\n');
    var signature = null;
    for (var i = 0; i < lines.length; i++) {
      var m = /^\u2014 (\S+) (\S+)$/.exec(lines[i]);
      if (!m) { throw new Error('malformed signature line'); }
      var blob = b64(m[2]);
      if (m[1] === vk.name && blob.length === 68 && hex(blob.slice(0, 4)) === vk.keyId) { signature = blob.slice(4); }
    }
    if (!signature) { throw new Error('no signature by the node\'s key'); }
    var key = await subtle.importKey('raw', vk.key, { name: 'Ed25519' }, false, ['verify']);
    var ok = await subtle.verify({ name: 'Ed25519' }, key, signature, enc.encode(text));
    if (!ok) { throw new Error('signature does not verify'); }
    var body = text.substring(0, text.length - 1).split('\n');
    if (body.length < 3 || body[0] !== vk.name || !/^(0|[1-9][0-9]{0,19})$/.test(body[1])) { throw new Error('malformed checkpoint'); }
    var root = b64(body[2]);
    if (root.length !== 32) { throw new Error('malformed root hash'); }
    return { origin: body[0], size: BigInt(body[1]), root: root };
  }

  var CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

  /* The 16 bytes a request id (REQ-/CASE- + 26 Crockford base32 characters) stands for in an entry. */
  function requestIdBytes(id) {
    var m = /^(REQ|CASE)-([0-9A-HJKMNP-TV-Z]{26})$/.exec(id || '');
    if (!m) { return null; }
    var v = 0n;
    for (var i = 0; i < m[2].length; i++) { v = (v << 5n) | BigInt(CROCKFORD.indexOf(m[2].charAt(i))); }
    v &= (1n << 128n) - 1n;
    var out = new Uint8Array(16);
    for (var j = 15; j >= 0; j--) { out[j] = Number(v & 0xffn); v >>= 8n; }
    return out;
  }

  /* One record of GET /api/v1/custody/requests/{id} against an opened checkpoint: true only if all checks pass. */
  async function verifyRecord(rec, checkpoint, requestId) {
    try {
      var entry = b64(rec.entry);
      if (!Number.isSafeInteger(rec.index) || !rec.record || rec.record.index !== rec.index || rec.record.origin !== checkpoint.origin) {
        return false;
      }
      var proof = rec.proof.map(b64);
      if (!(await verifyInclusion(rec.index, checkpoint.size, await leafHash(entry), proof, checkpoint.root))) { return false; }
      var commitment = await sha256(concat([b64(rec.record.salt), enc.encode(rec.record.record)]));
      if (!equal(commitment, entry.slice(entry.length - 32))) { return false; }
      var rid = requestIdBytes(requestId);
      return rid !== null && entry.length > 67 && equal(rid, entry.slice(51, 67));
    } catch (e) {
      return false;
    }
  }

  function fetchText(src, accept) {
    return fetch(src, { credentials: 'same-origin', cache: 'no-store', headers: { 'Accept': accept } })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.text(); });
  }

  function setVerdict(el, ok, text) {
    el.textContent = text;
    el.classList.remove('ok', 'bad');
    el.classList.add(ok ? 'ok' : 'bad');
    el.setAttribute('data-verdict', ok ? 'verified' : 'not-verified');
  }

  function unsupported(e) { return e && e.name === 'NotSupportedError'; }

  /* Status page: the served checkpoint with the served verifier key. */
  function checkpointPage(el) {
    el.textContent = el.getAttribute('data-t-checking');
    Promise.all([fetchText(el.getAttribute('data-checkpoint-src'), 'text/plain'), fetchText(el.getAttribute('data-vkey-src'), 'text/plain')])
      .then(function (r) { return openCheckpoint(r[0], r[1]); })
      .then(function () { setVerdict(el, true, el.getAttribute('data-t-ok')); },
        function (e) {
          setVerdict(el, false, unsupported(e) ? el.getAttribute('data-t-unsupported') : el.getAttribute('data-t-bad') + ' (' + e.message + ')');
        });
  }

  /* Request page: every record of the API's answer, each against the signed checkpoint of that answer. */
  function recordsPage(box) {
    var summary = document.getElementById('proof-summary');
    var again = document.getElementById('verify-again');
    var t = function (k) { return box.getAttribute('data-t-' + k); };
    function run() {
      again.disabled = true;
      summary.textContent = t('checking');
      var cells = box.querySelectorAll('.verdict');
      for (var i = 0; i < cells.length; i++) {
        cells[i].textContent = t('checking');
        cells[i].classList.remove('ok', 'bad');
        cells[i].removeAttribute('data-verdict');
      }
      fetchText(box.getAttribute('data-custody-src'), 'application/json')
        .then(function (text) {
          var data = JSON.parse(text);
          return openCheckpoint(data.checkpoint, data.vkey).then(function (cp) {
            return Promise.all(data.records.map(function (rec) {
              return verifyRecord(rec, cp, box.getAttribute('data-request-id')).then(function (ok) { return { index: rec.index, ok: ok }; });
            }));
          });
        })
        .then(function (results) {
          var good = 0;
          var seen = {};
          results.forEach(function (r) {
            seen[r.index] = true;
            var cell = document.getElementById('verdict-' + r.index);
            if (cell) { setVerdict(cell, r.ok, t(r.ok ? 'ok' : 'bad')); }
            if (cell && r.ok) { good++; } // rows shown: a record logged after the page (e.g. this export) has none
          });
          for (var j = 0; j < cells.length; j++) { // a row the answer no longer proves is not verified
            if (!seen[cells[j].id.substring('verdict-'.length)]) { setVerdict(cells[j], false, t('bad')); }
          }
          summary.textContent = t('summary').replace('%OK%', String(good)).replace('%N%', String(cells.length));
          summary.setAttribute('data-verified', String(good));
        }, function (e) {
          for (var k = 0; k < cells.length; k++) { setVerdict(cells[k], false, t('bad')); }
          summary.textContent = unsupported(e) ? t('unsupported') : t('sig-bad') + ' (' + e.message + ')';
          summary.setAttribute('data-verified', '0');
        })
        .then(function () { again.disabled = false; });
    }
    again.hidden = false;
    again.addEventListener('click', run);
    run();
  }

  window.EegProofs = { verifyInclusion: verifyInclusion, leafHash: leafHash, openCheckpoint: openCheckpoint, verifyRecord: verifyRecord,
    requestIdBytes: requestIdBytes, b64: b64 };

  document.addEventListener('DOMContentLoaded', function () {
    var cp = document.getElementById('checkpoint-browser');
    var box = document.getElementById('proofs');
    if (!subtle) {
      return; // not a secure context: the pages keep saying that the verdict needs JavaScript (and WebCrypto)
    }
    if (cp) { checkpointPage(cp); }
    if (box) { recordsPage(box); }
  });
}());
