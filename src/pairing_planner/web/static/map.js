// The plan's map as inline SVG, drawn from the schools' coordinates: no tile server is
// needed. A bureau that has one gives its URL ({z}/{x}/{y}) and the tiles go beneath.
"use strict";

const TILE = 256;
const MAP_WIDTH = 520;
const SVG_NS = "http://www.w3.org/2000/svg";

// Web Mercator at zoom z: the projection tile servers use, so tiles and points agree.
function project(lat, lon, z) {
  const scale = TILE * 2 ** z;
  const sin = Math.sin((lat * Math.PI) / 180);
  return [((lon + 180) / 360) * scale,
          (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale];
}

// The largest zoom at which all points fit the map's width.
function zoomFor(points) {
  for (let z = 14; z > 0; z--) {
    const xy = points.map(([lat, lon]) => project(lat, lon, z));
    const xs = xy.map((p) => p[0]), ys = xy.map((p) => p[1]);
    if (Math.max(...xs) - Math.min(...xs) < MAP_WIDTH * 0.85 &&
        Math.max(...ys) - Math.min(...ys) < MAP_WIDTH * 0.85) return z;
  }
  return 1;
}

function svgNode(name, attributes, text) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// pairs: [{helper, recipient, kind}] with kind "" (kept), "changed" or "old" (a pair of the
// other plan, drawn dashed); schools: id -> {name, lat, lon, role, county}.
function drawMap(container, schools, pairs, tileUrl) {
  container.textContent = "";
  const used = new Set(pairs.flatMap((p) => [p.helper, p.recipient]));
  const shown = [...used].map((id) => schools[id]).filter(Boolean);
  if (!shown.length) return;
  const z = zoomFor(shown.map((s) => [s.lat, s.lon]));
  const at = (s) => project(s.lat, s.lon, z);
  const xy = shown.map(at);
  const xs = xy.map((p) => p[0]), ys = xy.map((p) => p[1]);
  const pad = 24;
  const left = Math.min(...xs) - pad, top = Math.min(...ys) - pad;
  const width = Math.max(Math.max(...xs) - Math.min(...xs) + 2 * pad, 200);
  const height = Math.max(Math.max(...ys) - Math.min(...ys) + 2 * pad, 160);
  const svg = svgNode("svg", { viewBox: `${left} ${top} ${width} ${height}`, role: "img" });
  if (tileUrl) {
    for (let tx = Math.floor(left / TILE); tx * TILE < left + width; tx++) {
      for (let ty = Math.floor(top / TILE); ty * TILE < top + height; ty++) {
        const href = tileUrl.replace("{z}", z).replace("{x}", tx).replace("{y}", ty);
        svg.appendChild(svgNode("image", { href, x: tx * TILE, y: ty * TILE,
                                           width: TILE, height: TILE, opacity: 0.6 }));
      }
    }
  }
  for (const pair of pairs) {
    const h = schools[pair.helper], r = schools[pair.recipient];
    if (!h || !r) continue;
    const [x1, y1] = at(h), [x2, y2] = at(r);
    const line = svgNode("line", { x1, y1, x2, y2, class: `link ${pair.kind || ""}` });
    line.appendChild(svgNode("title", {}, `${h.name} → ${r.name}`));
    svg.appendChild(line);
  }
  const labelled = new Set();
  for (const school of shown) {
    const [x, y] = at(school);
    const dot = svgNode("circle", { cx: x, cy: y, r: school.role === "helper" ? 4 : 3.5,
                                    class: school.role });
    dot.appendChild(svgNode("title", {}, `${school.name}（${school.county || school.city}）`));
    svg.appendChild(dot);
    const label = school.role === "recipient" ? school.county : school.city;
    if (label && !labelled.has(label)) {
      labelled.add(label);
      svg.appendChild(svgNode("text", { x: x + 5, y: y - 4 }, label));
    }
  }
  container.appendChild(svg);
}

window.drawMap = drawMap;
