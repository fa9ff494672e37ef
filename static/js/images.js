// Remote attraction photos often fail (moved files, no network). Images marked
// data-fallback are swapped for the site's placeholder instead of showing a broken icon.
export function placeholderUrl() {
  return document.body.dataset.placeholder;
}

function useFallback(image) {
  const fallback = placeholderUrl();
  if (!fallback || image.dataset.failed) return;
  image.dataset.failed = "true";
  image.src = fallback;
  image.removeAttribute("srcset");
  image.classList.add("is-placeholder");
}

// `error` does not bubble, so it is caught in the capture phase; images that failed
// before this module ran are found by their zero natural width.
export function watchImages(root = document) {
  document.addEventListener(
    "error",
    (event) => {
      const target = event.target;
      if (target instanceof HTMLImageElement && target.hasAttribute("data-fallback")) {
        useFallback(target);
      }
    },
    true,
  );
  for (const image of root.querySelectorAll("img[data-fallback]")) {
    if (image.complete && image.naturalWidth === 0 && image.getAttribute("src")) {
      useFallback(image);
    }
  }
}
