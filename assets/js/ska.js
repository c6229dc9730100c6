/* ska.js: progressive enhancement only; every page works without it. */
(function () {
    "use strict";
    var lang = document.documentElement.lang;

    /* Move focus to the error summary so screen-reader and keyboard users
     * hear what needs correcting first. */
    var summary = document.getElementById("error-summary");
    if (summary) {
        summary.focus();
    }

    /* Ask before removing a role or a deputy. */
    document.querySelectorAll("form.inline").forEach(function (f) {
        f.addEventListener("submit", function (ev) {
            var q = lang === "en" ? "Remove?" : "Ta bort?";
            if (!window.confirm(q)) {
                ev.preventDefault();
            }
        });
    });

    /* The report form keeps a draft in this browser while the reporter
     * types, so a lost connection or a closed tab loses nothing. The
     * patient's identity number is never stored. The draft is dropped once
     * the report has been received (the case page says ?reported=1). */
    var KEY = "ska-report-draft";
    var store = null;
    try {
        store = window.localStorage;
    } catch (e) {
        store = null;
    }
    if (!store) {
        return;
    }
    if (/[?&]reported=1/.test(window.location.search)) {
        store.removeItem(KEY);
        return;
    }
    var form = document.querySelector("form.report");
    if (!form) {
        return;
    }
    var names = ["type", "what", "unit", "occurred_at", "discovered_at",
                 "patient_affected", "immediate_action", "suggestion",
                 "confidential"];

    function fields(name) {
        return form.querySelectorAll("[name='" + name + "']");
    }

    function save() {
        var d = {};
        names.forEach(function (n) {
            fields(n).forEach(function (el) {
                if (el.type === "radio") {
                    if (el.checked) {
                        d[n] = el.value;
                    }
                } else if (el.type === "checkbox") {
                    d[n] = el.checked;
                } else {
                    d[n] = el.value;
                }
            });
        });
        store.setItem(KEY, JSON.stringify(d));
    }

    /* restore only into an empty form: a form the server sent back with the
     * user's input (after an error) wins over the draft */
    var what = fields("what")[0];
    var raw = store.getItem(KEY);
    if (raw && what && what.value === "") {
        var d = null;
        try {
            d = JSON.parse(raw);
        } catch (e) {
            d = null;
        }
        if (d && d.what) {
            names.forEach(function (n) {
                if (!(n in d)) {
                    return;
                }
                fields(n).forEach(function (el) {
                    if (el.type === "radio") {
                        el.checked = el.value === d[n];
                    } else if (el.type === "checkbox") {
                        el.checked = !!d[n];
                    } else {
                        el.value = d[n];
                    }
                });
            });
            var note = document.createElement("p");
            note.className = "flash";
            note.setAttribute("role", "status");
            note.textContent = lang === "en"
                ? "Your unsent draft has been restored."
                : "Ditt utkast som inte skickats har återställts.";
            var clear = document.createElement("button");
            clear.type = "button";
            clear.className = "link";
            clear.textContent = lang === "en" ? "Start over" : "Börja om";
            clear.addEventListener("click", function () {
                store.removeItem(KEY);
                form.reset();
                note.remove();
                what.focus();
            });
            note.appendChild(document.createTextNode(" "));
            note.appendChild(clear);
            form.parentNode.insertBefore(note, form);
        }
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
})();
