/* 排名比较: Bootstrap's small field classes on the peer-figures form's fields. */
document.querySelectorAll('form.row input, form.row select').forEach(function (el) { el.classList.add(el.tagName === 'SELECT' ? 'form-select' : 'form-control', 'form-control-sm'); });
