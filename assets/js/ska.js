/* ska.js: progressive enhancement only; every page works without it. */
(function () {
    "use strict";
    /* Move focus to the error summary so screen-reader and keyboard users
     * hear what needs correcting first. */
    var summary = document.getElementById("error-summary");
    if (summary) {
        summary.focus();
    }
    /* Ask before removing a role or a deputy. */
    document.querySelectorAll("form.inline").forEach(function (f) {
        f.addEventListener("submit", function (ev) {
            var lang = document.documentElement.lang;
            var q = lang === "en" ? "Remove?" : "Ta bort?";
            if (!window.confirm(q)) {
                ev.preventDefault();
            }
        });
    });
})();
