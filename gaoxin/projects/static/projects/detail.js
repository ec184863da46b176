/* A project's page: a link ending in #progress, #issues… opens that tab. */
if (location.hash) { var t = document.querySelector('[data-bs-target="' + location.hash + '"]'); if (t) { document.addEventListener('DOMContentLoaded', function () { bootstrap.Tab.getOrCreateInstance(t).show(); }); } }
