// Exercise page: a reopened submission replaces the saved draft in the editor.
(function () {
  "use strict";
  function init() {
    var textarea = document.querySelector("textarea[data-reopened]");
    if (!textarea || !window.SpindleEditor) return;
    var editor = window.SpindleEditor.get(textarea) || window.SpindleEditor.attach(textarea, {
      storageKey: textarea.dataset.draftKey,
    });
    editor.setValue(textarea.defaultValue);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
