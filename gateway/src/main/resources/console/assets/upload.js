/*
 * Evidence upload in parts from the browser (issue 16 item 5; docs/design/console.md, "Platform legal team").
 * Speaks the API's own part-upload protocol (docs/api.md, EvidenceUploadResource), same origin, authenticated by the
 * person's client certificate like every API call:
 *   POST /api/v1/platform/requests/{id}/evidence {"itemId","size","partSize"}  -> the upload (new, or the open one resumed)
 *   PUT  .../evidence/{uploadId}/parts/{n}  body = the part, X-Part-SHA256 = its SHA-256 computed here (WebCrypto)
 *   GET  .../evidence/{uploadId}                                          -> which parts the node has
 *   POST .../evidence/{uploadId}/complete                                 -> the node checks size and SHA-256 of the whole
 * Every request carries Content-Type application/json or application/octet-stream and the custom X-Part-SHA256 header
 * where it has a body: a page of another origin cannot send such requests without a CORS preflight, which the node never
 * grants, and the node refuses state-changing requests a browser marks as cross-site (EEG-HTTP-CROSS-SITE).
 * Resumable: the upload id is kept in localStorage (no personal data: ids only); after a reload the page asks the node
 * which parts it has, and the person chooses the same file again (a browser cannot reopen a file by itself).
 */
(function () {
  'use strict';
  var form = document.getElementById('upload-form');
  if (!form) {
    return;
  }
  var requestId = form.getAttribute('data-request');
  var base = '/api/v1/platform/requests/' + encodeURIComponent(requestId) + '/evidence';
  var wantedPartSize = parseInt(form.getAttribute('data-part-size'), 10);
  var itemInput = document.getElementById('upload-item');
  var fileInput = document.getElementById('upload-file');
  var startButton = document.getElementById('upload-start');
  var progress = document.getElementById('upload-progress');
  var statusLine = document.getElementById('upload-status');
  var errorBox = document.getElementById('upload-error');
  var resumeBox = document.getElementById('upload-resume');
  var storeKey = 'eeg-upload:' + requestId;

  function msg(name, args) {
    var text = form.getAttribute('data-msg-' + name) || name;
    (args || []).forEach(function (a, i) {
      text = text.split('{' + i + '}').join(String(a));
    });
    return text;
  }

  function mib(bytes) {
    return (bytes / 1048576).toFixed(1);
  }

  function showError(text, code) {
    errorBox.textContent = '';
    var p = document.createElement('p');
    p.textContent = text;
    if (code) {
      p.appendChild(document.createTextNode(' ('));
      var c = document.createElement('code');
      c.className = 'error-code';
      c.textContent = code;
      p.appendChild(c);
      p.appendChild(document.createTextNode(')'));
    }
    errorBox.appendChild(p);
    errorBox.hidden = false;
    errorBox.focus();
  }

  function clearError() {
    errorBox.hidden = true;
    errorBox.textContent = '';
  }

  function setProgress(done, total, text) {
    progress.max = total > 0 ? total : 1;
    progress.value = Math.min(done, progress.max);
    progress.textContent = Math.round(100 * progress.value / progress.max) + ' %';
    statusLine.textContent = text;
  }

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(storeKey) || 'null');
    } catch (e) {
      return null;
    }
  }

  function save(v) {
    try {
      if (v) {
        window.localStorage.setItem(storeKey, JSON.stringify(v));
      } else {
        window.localStorage.removeItem(storeKey);
      }
    } catch (e) {
      // storage unavailable: the upload still works, only without the resume notice
    }
  }

  /** fetch() against the API; resolves with the JSON body, rejects with {status, code, detail} for a problem. */
  function api(method, url, body, type, extra) {
    var headers = { 'Accept': 'application/json' };
    if (type) {
      headers['Content-Type'] = type;
    }
    Object.keys(extra || {}).forEach(function (k) {
      headers[k] = extra[k];
    });
    return fetch(url, { method: method, headers: headers, body: body, credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) {
        return r.text().then(function (t) {
          var json = null;
          try {
            json = t ? JSON.parse(t) : {};
          } catch (e) {
            json = {};
          }
          if (!r.ok) {
            throw { status: r.status, code: json.code || ('HTTP ' + r.status), detail: json.detail || '' };
          }
          return json;
        });
      }, function () {
        throw { status: 0, code: null, detail: msg('network') };
      });
  }

  function hex(buffer) {
    var b = new Uint8Array(buffer);
    var s = '';
    for (var i = 0; i < b.length; i++) {
      s += (b[i] < 16 ? '0' : '') + b[i].toString(16);
    }
    return s;
  }

  function missingParts(upload) {
    return (upload.missing || []).map(function (m) {
      return typeof m === 'number' ? m : m.part;
    });
  }

  // after a reload: ask the node which parts it has
  var saved = load();
  if (saved && saved.uploadId) {
    api('GET', base + '/' + encodeURIComponent(saved.uploadId)).then(function (u) {
      var missing = missingParts(u);
      if (missing.length === 0 && u.state !== 'OPEN') {
        save(null);
        return;
      }
      var stored = u.partCount - missing.length;
      resumeBox.textContent = msg('resume', [u.itemId, stored, u.partCount, saved.fileName || '']);
      resumeBox.hidden = false;
      itemInput.value = u.itemId;
      var known = saved.size || 0;
      setProgress(stored, u.partCount, msg('progress', [stored, u.partCount, mib(Math.min(known, stored * u.partSize)), mib(known)]));
    }, function () {
      save(null);
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearError();
    var file = fileInput.files && fileInput.files[0];
    var itemId = itemInput.value.trim();
    if (!itemId) {
      showError(msg('noitem'));
      itemInput.focus();
      return;
    }
    if (!file) {
      showError(msg('nofile'));
      fileInput.focus();
      return;
    }
    if (!window.crypto || !window.crypto.subtle) {
      showError(msg('nocrypto'));
      return;
    }
    startButton.disabled = true;
    run(itemId, file).then(function () {
      startButton.disabled = false;
    }, function (e) {
      startButton.disabled = false;
      showError(msg('failed') + (e && e.detail ? ' ' + e.detail : ''), e && e.code);
    });
  });

  function run(itemId, file) {
    var size = file.size;
    return api('POST', base, JSON.stringify({ itemId: itemId, size: size, partSize: wantedPartSize }), 'application/json')
      .then(function (u) {
        if (u.alreadyStored) {
          save(null);
          setProgress(1, 1, msg('already', [itemId, u.sha256 || '']));
          return null;
        }
        save({ uploadId: u.uploadId, itemId: itemId, fileName: file.name, size: size });
        resumeBox.hidden = true;
        var partSize = u.partSize;
        var missing = missingParts(u);
        var total = u.partCount;
        var done = total - missing.length;
        setProgress(done, total, msg('progress', [done, total, mib(Math.min(size, done * partSize)), mib(size)]));
        var chain = Promise.resolve();
        missing.forEach(function (n) {
          chain = chain.then(function () {
            var start = (n - 1) * partSize;
            var blob = file.slice(start, Math.min(size, start + partSize));
            statusLine.textContent = msg('hashing', [n, total]);
            return blob.arrayBuffer().then(function (buf) {
              return window.crypto.subtle.digest('SHA-256', buf).then(function (d) {
                statusLine.textContent = msg('sending', [n, total]);
                return api('PUT', base + '/' + encodeURIComponent(u.uploadId) + '/parts/' + n, buf, 'application/octet-stream',
                  { 'X-Part-SHA256': hex(d) });
              });
            }).then(function () {
              done++;
              setProgress(done, total, msg('progress', [done, total, mib(Math.min(size, done * partSize)), mib(size)]));
            });
          });
        });
        return chain.then(function () {
          statusLine.textContent = msg('completing');
          return api('POST', base + '/' + encodeURIComponent(u.uploadId) + '/complete', '{}', 'application/json');
        }).then(function (item) {
          save(null);
          setProgress(total, total, msg('done', [itemId, item.sha256 || '']));
          return item;
        });
      });
  }
}());
