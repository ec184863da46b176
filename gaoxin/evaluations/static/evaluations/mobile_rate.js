/* The phone rating form: the real-name fields show only for a real-name rating, and the tags'
   title follows the level (data-good / data-bad on #tags-title). */
(function () {
  var f = document.forms[0], rn = document.getElementById("rn"), t = document.getElementById("tags-title");
  if (!f || !rn || !t) return;
  function u() { rn.style.display = f.real_name.value ? "block" : "none"; var l = f.level.value; if (l) { t.textContent = l <= 2 ? t.dataset.bad : t.dataset.good; } }
  f.addEventListener("change", u); u();
})();
