/* New request forms (docs/design/console-forms.md): a draft survives a reload. Progressive enhancement only: the forms
   work without this file. No inline script (CSP script-src 'self').
   The draft (the form's fields, personal data included) is kept in sessionStorage: this browser tab only, gone when the
   tab is closed, never sent to the node until the person sends the form. It is keyed by request type; the CSRF token and
   the idempotency key are never saved (a fresh form gets a fresh key, so a restored draft is a new request). */
(function () {
  'use strict';

  var SKIP = { csrf: true, _idempotencyKey: true, _add: true };
  var COUNT = '_n:';

  function storageKey(form) { return 'eeg-draft:' + form.getAttribute('data-draft'); }

  function read(form) {
    var data = {};
    var els = form.elements;
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (!el.name || SKIP[el.name] || el.name.indexOf(COUNT) === 0 || el.type === 'submit' || el.type === 'button') { continue; }
      if (el.type === 'checkbox') {
        if (!data[el.name]) { data[el.name] = []; }
        if (el.checked) { data[el.name].push(el.value); }
      } else if (el.value !== '') {
        data[el.name] = [el.value];
      }
    }
    return data;
  }

  function save(form) {
    try { window.sessionStorage.setItem(storageKey(form), JSON.stringify(read(form))); } catch (e) { /* storage full or off */ }
  }

  // The instances of repeated groups a draft needs: {"identifiers": 3, "content[0].perceptualHashes": 2}
  function countsNeeded(data) {
    var need = {};
    Object.keys(data).forEach(function (name) {
      var re = /\[(\d{1,3})\]/g, m;
      while ((m = re.exec(name)) !== null) {
        var group = name.substring(0, m.index);
        need[group] = Math.max(need[group] || 0, parseInt(m[1], 10) + 1);
      }
    });
    return need;
  }

  function restore(form) {
    var raw;
    try { raw = window.sessionStorage.getItem(storageKey(form)); } catch (e) { return; }
    if (!raw) { return; }
    var data;
    try { data = JSON.parse(raw); } catch (e) { return; }
    // more instances of a repeated group than shown: ask the node for them (counts only, no personal data in the URL)
    var need = countsNeeded(data), query = [], params = new URLSearchParams(window.location.search);
    Object.keys(need).forEach(function (group) {
      if (!form.querySelector('[name^="' + group.replace(/"/g, '') + '[' + (need[group] - 1) + ']"]')) {
        query.push(encodeURIComponent(COUNT + group) + '=' + need[group]);
      }
    });
    if (query.length > 0 && !params.has('restored')) {
      window.location.replace(window.location.pathname + '?restored=1&' + query.join('&'));
      return;
    }
    var els = form.elements;
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (!el.name || !Object.prototype.hasOwnProperty.call(data, el.name)) { continue; }
      var v = data[el.name];
      if (el.type === 'checkbox') { el.checked = v.indexOf(el.value) >= 0; } else { el.value = v[0]; }
    }
    var note = document.getElementById('draft-restored');
    if (note) { note.hidden = false; }
  }

  document.addEventListener('DOMContentLoaded', function () {
    var forms = document.querySelectorAll('form[data-draft]');
    for (var i = 0; i < forms.length; i++) {
      var form = forms[i];
      // a fresh form takes the draft; a form shown again by the node (errors) already carries what was posted
      if (form.getAttribute('data-fresh') === 'true') { restore(form); } else { save(form); }
      // sent: the draft is done with (a failed send shows the form again with what was posted, saved again then)
      form.addEventListener('submit', function (ev) {
        var by = ev.submitter;
        if (by && by.name === '_add') {
          // console.js disables the buttons on submit (data-once), and a disabled button is not sent: carry its value
          var add = document.createElement('input');
          add.type = 'hidden';
          add.name = '_add';
          add.value = by.value;
          ev.target.appendChild(add);
        } else {
          try { window.sessionStorage.removeItem(storageKey(ev.target)); } catch (e) { /* storage off */ }
        }
      });
      form.addEventListener('input', save.bind(null, form));
      form.addEventListener('change', save.bind(null, form));
    }
  });
}());
