// Drag-and-drop picture order: move the <li>, then post the ids in their new order.
// Without JavaScript the up/down buttons do the same job.
(function () {
  const list = document.querySelector(".sc-images[data-reorder-url]");
  if (!list) return;
  let dragged = null;
  list.addEventListener("dragstart", (e) => { dragged = e.target.closest("li"); });
  list.addEventListener("dragover", (e) => {
    e.preventDefault();
    const over = e.target.closest("li");
    if (!dragged || !over || over === dragged) return;
    const after = [...list.children].indexOf(over) > [...list.children].indexOf(dragged);
    list.insertBefore(dragged, after ? over.nextSibling : over);
  });
  list.addEventListener("drop", (e) => {
    e.preventDefault();
    const body = new URLSearchParams();
    list.querySelectorAll("li[data-image-id]").forEach((li) => body.append("image_ids", li.dataset.imageId));
    const token = list.querySelector("input[name=csrfmiddlewaretoken]").value;
    fetch(list.dataset.reorderUrl, {method: "POST", body,
      headers: {"X-CSRFToken": token, "X-Requested-With": "fetch"}}).then((r) => { if (!r.ok) location.reload(); });
    dragged = null;
  });
})();
