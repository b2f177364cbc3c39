/*
 * The execution report's "fill from a file" button (issue 16): for each evidence item of the manifest, the person chooses
 * the item's file and the page fills its size and SHA-256, computed here with WebCrypto (SubtleCrypto.digest); the file
 * never leaves the browser. Without script the box stays hidden and the fields are typed by hand. The node checks the
 * values anyway when the item is uploaded (EEG-EVD-*), so this only saves typing and copying errors.
 */
(function () {
  'use strict';
  function hex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = '';
    for (var i = 0; i < bytes.length; i++) {
      out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    }
    return out;
  }
  var boxes = document.querySelectorAll('.hash-from-file');
  for (var i = 0; i < boxes.length; i++) {
    (function (box) {
      var file = box.querySelector('input[type=file]');
      var button = box.querySelector('button');
      var status = box.querySelector('[role=status]');
      var sha = document.getElementById(box.getAttribute('data-sha'));
      var size = document.getElementById(box.getAttribute('data-size'));
      if (!file || !button || !status || !sha || !window.crypto || !window.crypto.subtle) {
        return;
      }
      box.hidden = false;
      button.addEventListener('click', function () {
        var f = file.files && file.files[0];
        if (!f) {
          status.textContent = box.getAttribute('data-none');
          file.focus();
          return;
        }
        button.disabled = true;
        status.textContent = box.getAttribute('data-busy');
        f.arrayBuffer().then(function (data) {
          return window.crypto.subtle.digest('SHA-256', data);
        }).then(function (digest) {
          sha.value = hex(digest);
          if (size) {
            size.value = String(f.size);
          }
          status.textContent = box.getAttribute('data-done').replace('{0}', f.name);
        }, function (e) {
          status.textContent = box.getAttribute('data-failed') + ' ' + (e && e.message ? e.message : '');
        }).then(function () {
          button.disabled = false;
        });
      });
    })(boxes[i]);
  }
})();
