// Attraction page: the place on a Leaflet map, with its nearby places as smaller dots.
// Leaflet (about 40 kB compressed, and its stylesheet) loads only once the map nears the
// screen, so the page's first paint never waits for it. With no tile source set
// (data-tile-url blank, as in tests and offline runs) the markers stand on a plain ground.
// The view holds the place and its nearby places, but never closer than street level.
const MAX_ZOOM = 16;

function loadOnce(element, attributes) {
  return new Promise((resolve, reject) => {
    const node = document.createElement(element);
    Object.assign(node, attributes);
    node.addEventListener("load", resolve, { once: true });
    node.addEventListener("error", reject, { once: true });
    document.head.append(node);
  });
}

function loadLeaflet(canvas) {
  const { leafletCss, leafletJs } = canvas.dataset;
  return Promise.all([
    loadOnce("link", { rel: "stylesheet", href: leafletCss }),
    loadOnce("script", { src: leafletJs }),
  ]).then(() => window.L);
}

function pin(L, className) {
  // A marker drawn by site.css: no image to fetch, nothing to click or focus.
  return L.divIcon({ className, iconSize: null, html: "" });
}

function draw(L, canvas) {
  const { lat, lng, tileUrl, zoomIn, zoomOut } = canvas.dataset;
  const center = [Number(lat), Number(lng)];
  const map = L.map(canvas, {
    attributionControl: false, // the provider's notice is the line under the map
    scrollWheelZoom: false, // scrolling the page must not zoom the map
    zoomControl: false,
  });
  L.control.zoom({ zoomInTitle: zoomIn, zoomOutTitle: zoomOut }).addTo(map);
  if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(map);
  const points = [...document.querySelectorAll("[data-nearby]")].map((item) => [
    Number(item.dataset.lat),
    Number(item.dataset.lng),
  ]);
  map.fitBounds(L.latLngBounds([center, ...points]), { padding: [24, 24], maxZoom: MAX_ZOOM });
  for (const point of points) {
    L.marker(point, {
      icon: pin(L, "map-pin map-pin--nearby"),
      interactive: false,
      keyboard: false,
    }).addTo(map);
  }
  L.marker(center, { icon: pin(L, "map-pin"), interactive: false, keyboard: false }).addTo(map);
  canvas.classList.add("is-ready");
}

function start(canvas) {
  loadLeaflet(canvas)
    .then((L) => draw(L, canvas))
    // Without Leaflet the link under the map still opens the place in Google Maps.
    .catch(() => canvas.classList.add("is-unavailable"));
}

const canvas = document.querySelector("[data-map]");
if (canvas && "IntersectionObserver" in window) {
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        start(canvas);
      }
    },
    { rootMargin: "200px 0px" },
  );
  observer.observe(canvas);
} else if (canvas) {
  start(canvas);
}
