// The index of a split bibliography (pages/bibliography_page.py). An entry's permanent address
// is bibliography/#<key>; on the index that id is an item of the list of keys, whose link is the
// entry's own page. Follow it, so old links and other editions' citations land on the entry.
// Without script the reader arrives at the item and follows the link.
(function () {
  function follow() {
    var id = decodeURIComponent(location.hash.slice(1));
    var item = id && document.getElementById(id);
    var link = item && item.closest(".bib-keys") && item.querySelector("a[href]");
    if (link) location.replace(link.href);
  }
  follow();
  window.addEventListener("hashchange", follow);
})();
