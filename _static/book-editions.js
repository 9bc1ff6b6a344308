/* The language switch keeps the reader's place (_templates/language-switch.html).

   Both editions have the same sections in the same order. On a click of the
   switch this remembers which section the reader had at the top of the window
   (its index among the page's `main section`s, in document order) and, once the
   twin page has loaded, scrolls to the section of the same index. Without this script the
   link still leads to the twin page, at its top. Nothing leaves the browser: the
   place is kept in the tab's sessionStorage and removed when used. */
(() => {
  "use strict";
  const KEY = "book-editions-place";
  const sections = () => Array.from(document.querySelectorAll("main section"));
  // The reading line: below the sticky article header (and no higher than where the
  // theme puts a section it scrolls to, its scroll-padding-top), plus a quarter of
  // the window, at most 160 px: a section whose heading the reader sees near the
  // top is the one they are reading.
  const readingLine = () => {
    const header = document.querySelector(".bd-header-article");
    const bottom = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    const padding = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
    return Math.max(bottom, padding) + Math.min(window.innerHeight / 4, 160);
  };
  const samePage = (a, b) => a.replace(/index\.html$/, "") === b.replace(/index\.html$/, "");

  // The section at the top of the window now: its index, or -1 above the first.
  const sectionAtTop = () => {
    const line = readingLine();
    let index = -1;
    sections().forEach((section, i) => {
      if (section.getBoundingClientRect().top <= line) index = i;
    });
    return index;
  };

  // Where the reader is. Moving focus scrolls too: tabbing from the page's start to
  // the switch passes the skip link, and the browser scrolls up to show it. So the
  // place is taken when focus first moves after the reader's own scrolling (the
  // focus events come before the browser scrolls to the element), and scrolls that
  // follow a focus change closely are not the reader's. Following an in-page link
  // (a hash change) is the reader's.
  let place = -1;
  let focusMoved = false; // focus moved since the reader last scrolled
  let focusedAt = -Infinity;
  let pending = false;
  const readerScrolled = () => {
    place = sectionAtTop();
    focusMoved = false;
  };
  document.addEventListener("focusin", () => {
    if (!focusMoved) place = sectionAtTop();
    focusMoved = true;
    focusedAt = performance.now();
  });
  window.addEventListener(
    "scroll",
    () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        if (performance.now() - focusedAt >= 250) readerScrolled();
      });
    },
    { passive: true },
  );
  window.addEventListener("hashchange", () => requestAnimationFrame(readerScrolled));

  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.book-language-switch");
    if (!link) return;
    const index = focusMoved ? place : sectionAtTop();
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
    section.scrollIntoView({ block: "start", behavior: "instant" }); // where an anchor would put it
  };
  if (document.readyState === "complete") restore();
  else window.addEventListener("load", restore, { once: true });
})();
