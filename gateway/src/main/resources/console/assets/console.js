/* Evidence gateway console: progressive enhancement only (ADR-0024). Every page works without this file; no inline
   script anywhere (CSP script-src 'self'). */
(function () {
  'use strict';

  // Live region: an element with data-live-src is refreshed every data-live-seconds seconds from that console fragment:
  // the content of the element whose id is data-live-target (default: its own id) is replaced by the fragment's.
  function live(el) {
    var src = el.getAttribute('data-live-src');
    var seconds = parseInt(el.getAttribute('data-live-seconds') || '30', 10);
    if (!src || src.indexOf('/console/') !== 0 || !(seconds >= 5)) {
      return;
    }
    function refresh() {
      fetch(src, { credentials: 'same-origin', headers: { 'Accept': 'text/html' }, cache: 'no-store' })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null) { return; }
          var target = el.getAttribute('data-live-target') || el.id;
          var doc = new DOMParser().parseFromString(html, 'text/html');
          var fresh = doc.getElementById(target);
          var current = document.getElementById(target);
          if (fresh && current && fresh.innerHTML !== current.innerHTML) {
            current.innerHTML = fresh.innerHTML; // the element keeps its aria-live: the change is announced
          }
        })
        .catch(function () { /* offline for a moment: the next round tries again */ });
    }
    window.setInterval(refresh, seconds * 1000);
    var fallback = document.querySelector('[data-live-fallback="' + el.id + '"]');
    if (fallback) { fallback.hidden = true; }
  }

  // Error summary: focus it so that a screen reader announces it and the keyboard starts there.
  function focusSummary() {
    var s = document.querySelector('.error-summary');
    if (s) { s.setAttribute('tabindex', '-1'); s.focus(); }
  }

  // Forms with data-once: disabled submit after the first submission (a double click sends the form once).
  function once(form) {
    form.addEventListener('submit', function () {
      var buttons = form.querySelectorAll('button[type=submit]');
      for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = true; }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var lives = document.querySelectorAll('[data-live-src]');
    for (var i = 0; i < lives.length; i++) { live(lives[i]); }
    var forms = document.querySelectorAll('form[data-once]');
    for (var j = 0; j < forms.length; j++) { once(forms[j]); }
    focusSummary();
  });
}());
