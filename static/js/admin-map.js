// Attraction admin: the coordinates preview follows the latitude and longitude fields.
const figure = document.querySelector("[data-map-preview]");
const lat = document.querySelector("#id_lat");
const lng = document.querySelector("#id_lng");

function bounds() {
  const { west, south, east, north } = figure.dataset;
  return { west: Number(west), south: Number(south), east: Number(east), north: Number(north) };
}

function update() {
  const marker = figure.querySelector("[data-map-marker]");
  const link = figure.querySelector("[data-map-link]");
  const svg = figure.querySelector("svg");
  const [, , width, height] = svg.getAttribute("viewBox").split(" ").map(Number);
  const y = Number(lat.value);
  const x = Number(lng.value);
  if (!lat.value || !lng.value || Number.isNaN(x) || Number.isNaN(y)) {
    marker.setAttribute("transform", "translate(-100 -100)");
    return;
  }
  const box = bounds();
  // Outside the catalogue's extent the marker sits on the edge, pointing the way.
  const px = Math.min(Math.max(((x - box.west) / (box.east - box.west)) * width, 0), width);
  const py = Math.min(Math.max(((box.north - y) / (box.north - box.south)) * height, 0), height);
  marker.setAttribute("transform", `translate(${px.toFixed(1)} ${py.toFixed(1)})`);
  link.href = figure.dataset.link.replaceAll("{lat}", String(y)).replaceAll("{lng}", String(x));
}

if (figure && lat && lng) {
  lat.addEventListener("input", update);
  lng.addEventListener("input", update);
  update();
}
