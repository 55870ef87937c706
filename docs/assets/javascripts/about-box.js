// The article's "About this text" box (templates/article.md.j2) is a <details>, closed in the
// page so that on a phone ¶ 1 is on the first screen. On wider screens edition.css shows its
// content from the first paint; this opens it there (and hands it back to its summary, so the
// reader can close it), and opens it wherever a link to it is followed: from another page
// (#about on load) or within this one.
(() => {
  const about = document.querySelector("details.about-text[id]");
  if (!about) return;
  const wide = matchMedia("(min-width: 45em)");
  const open = () => {
    if (wide.matches || location.hash === `#${about.id}`) about.open = true;
  };
  open();
  about.classList.add("about-text--scripted");
  addEventListener("hashchange", open);
  // A link to the box followed while the address already ends in its anchor changes no hash.
  document.addEventListener("click", (event) => {
    const link = event.target.closest?.("a[href]");
    if (link && link.hash === `#${about.id}` && link.pathname === location.pathname) about.open = true;
  });
  wide.addEventListener("change", open);
})();
