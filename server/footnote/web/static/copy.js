// The web pages' only script: "Copy" buttons for share links, tokens and set-file addresses.
// The CSP allows this one file and nothing else (no inline script). Without it, or without a
// clipboard, the buttons stay hidden and the value stays selectable text in a readonly field.
(function () {
  'use strict';
  function say(button, words) {
    var status = document.getElementById(button.getAttribute('aria-describedby') || '');
    if (status) status.textContent = words;
  }
  function copy(button) {
    var field = document.getElementById(button.getAttribute('data-copy') || '');
    if (!field) return;
    var value = field.value !== undefined ? field.value : field.textContent;
    var done = function () {
      say(button, 'Copied.');
    };
    var fallback = function () {
      field.focus();
      if (field.select) field.select();
      var ok;
      try {
        ok = document.execCommand('copy');
      } catch (error) {
        ok = false;
      }
      say(button, ok ? 'Copied.' : 'Selected: press Ctrl+C (⌘C) to copy.');
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).then(done, fallback);
    } else {
      fallback();
    }
  }
  var buttons = document.querySelectorAll('button[data-copy]');
  for (var i = 0; i < buttons.length; i += 1) {
    buttons[i].hidden = false;
    buttons[i].addEventListener('click', function (event) {
      copy(event.currentTarget);
    });
  }
  var fields = document.querySelectorAll('input.copy-field');
  for (var j = 0; j < fields.length; j += 1) {
    fields[j].addEventListener('focus', function (event) {
      event.currentTarget.select();
    });
  }
})();
