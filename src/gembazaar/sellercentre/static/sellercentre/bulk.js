// The listings table's bulk selection. Without JavaScript the header box is a plain field
// ("all on this page") the server reads; here it also ticks the rows, and the rows keep it honest.
(function () {
  const all = document.querySelector("[data-bulk-all]");
  if (!all) return;
  const rows = [...document.querySelectorAll("[data-bulk-row]")];
  const sync = () => {
    const ticked = rows.filter((row) => row.checked).length;
    all.checked = ticked > 0 && ticked === rows.length;
    all.indeterminate = ticked > 0 && ticked < rows.length;
  };
  all.addEventListener("change", () => {
    rows.forEach((row) => { row.checked = all.checked; });
    all.indeterminate = false;
  });
  rows.forEach((row) => row.addEventListener("change", sync));
  sync();
})();
