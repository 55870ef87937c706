// The index of a split bibliography (pages/bibliography_page.py). An entry's permanent address
// is bibliography/#<key>; on the index that id is an item of the list of keys, listed under the
// link to the page the entry is on. Follow that link to the entry, so old links and other
// editions' citations land on it. Without script the reader arrives at the key, under its page's link.
(function () {
  function follow() {
    var id = decodeURIComponent(location.hash.slice(1));
    var item = id && document.getElementById(id);
    var page = item && item.closest(".bib-keys-page");
    var link = page && page.querySelector("a[href]");
    if (!link) return;
    var target = new URL(link.getAttribute("href"), location.href);
    target.hash = id;
    location.replace(target.href);
  }
  follow();
  window.addEventListener("hashchange", follow);
})();
