/* 评价动态: Bootstrap's small select class on the filter form's selects. */
document.querySelectorAll("#feed-filters select").forEach(function (s) { s.classList.add("form-select", "form-select-sm"); });
