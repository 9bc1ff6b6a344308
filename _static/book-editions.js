/* The language switch keeps the reader's place (_templates/language-switch.html).

   Both editions have the same sections in the same order. On a click of the
   switch this remembers which section is at the top of the window (its index
   among the page's `main section`s, in document order) and, once the twin page
   has loaded, scrolls to the section of the same index. Without this script the
   link still leads to the twin page, at its top. Nothing leaves the browser: the
   place is kept in the tab's sessionStorage and removed when used. */
(() => {
  "use strict";
  const KEY = "book-editions-place";
  const sections = () => Array.from(document.querySelectorAll("main section"));
  // The sticky article header covers the window's top.
  const headerBottom = () => {
    const header = document.querySelector(".bd-header-article");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  };
  const samePage = (a, b) => a.replace(/index\.html$/, "") === b.replace(/index\.html$/, "");

  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.book-language-switch");
    if (!link) return;
    const line = headerBottom() + 2;
    let index = -1;
    sections().forEach((section, i) => {
      if (section.getBoundingClientRect().top <= line) index = i;
    });
    try {
      if (index < 0) sessionStorage.removeItem(KEY);
      else sessionStorage.setItem(KEY, JSON.stringify({ page: new URL(link.href).pathname, index }));
    } catch (error) {
      /* storage refused: the link still leads to the twin page */
    }
  });

  const restore = () => {
    let place = null;
    try {
      place = JSON.parse(sessionStorage.getItem(KEY));
      sessionStorage.removeItem(KEY);
    } catch (error) {
      return;
    }
    if (!place || !samePage(place.page, location.pathname) || location.hash) return;
    const section = sections()[place.index];
    if (!section) return;
    // Twice: the header sits lower on an unscrolled page than once it sticks to the top.
    for (let pass = 0; pass < 2; pass += 1) {
      const top = window.scrollY + section.getBoundingClientRect().top - headerBottom();
      window.scrollTo({ top, behavior: "instant" });
    }
  };
  if (document.readyState === "complete") restore();
  else window.addEventListener("load", restore, { once: true });
})();
