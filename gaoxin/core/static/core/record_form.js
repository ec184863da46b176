/* core/_record_form.html: Bootstrap's classes on the form's fields (Django renders them bare). */
document.querySelectorAll('form input:not([type=checkbox]):not([type=file]):not([type=hidden]), form select, form textarea').forEach(function (el) { el.classList.add(el.tagName === 'SELECT' ? 'form-select' : 'form-control'); });
document.querySelectorAll('form input[type=checkbox]').forEach(function (el) { el.classList.add('form-check-input'); });
