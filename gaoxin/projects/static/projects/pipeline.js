/* 招商看板: dragging a card to another column posts the stage change; a refused change snaps
   back with the reason. The network-error text comes from data-network-error on #kanban-msg. */
(function () {
  var msg = document.getElementById('kanban-msg');
  var csrf = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken'];
  function show(ok, text) { msg.className = 'alert ' + (ok ? 'alert-success' : 'alert-danger'); msg.textContent = text; }
  function recount() { document.querySelectorAll('.gx-kanban-list').forEach(function (l) { var c = document.querySelector('[data-count="' + l.dataset.stage + '"]'); if (c) c.textContent = l.querySelectorAll('.gx-kanban-card').length; }); }
  document.querySelectorAll('.gx-kanban-list').forEach(function (list) {
    Sortable.create(list, {
      group: 'pipeline', ghostClass: 'gx-ghost', sort: false,
      onAdd: function (evt) {
        var card = evt.item, from = evt.from, oldIndex = evt.oldIndex;
        var body = new URLSearchParams({ to_stage: evt.to.dataset.stage });
        fetch(card.dataset.url, { method: 'POST', body: body, credentials: 'same-origin',
          headers: { 'X-CSRFToken': csrf, 'Accept': 'application/json' } })
          .then(function (r) { return r.json().then(function (d) { return [r.ok, d]; }); })
          .then(function (res) {
            var ok = res[0] && res[1].ok; show(ok, res[1].message);
            if (!ok) { from.insertBefore(card, from.children[oldIndex] || null); }
            recount();
          })
          .catch(function () { from.insertBefore(card, from.children[oldIndex] || null); show(false, msg.dataset.networkError); recount(); });
      }
    });
  });
})();
