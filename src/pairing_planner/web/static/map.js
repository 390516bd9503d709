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
  const labels = [];
  const spots = new Map();
  for (const school of shown) {
    const [x, y] = at(school);
    const dot = svgNode("circle", { cx: x, cy: y, r: school.role === "helper" ? 4 : 3.5,
                                    class: school.role });
    dot.appendChild(svgNode("title", {}, `${school.name}（${school.county || school.city}）`));
    svg.appendChild(dot);
    if (school.role === "helper") {
      if (!labels.some((l) => l.lines[0] === school.city)) labels.push({ x, y, lines: [school.city], kind: "city" });
    } else if (school.heading) {
      // The schools at one place's seat, named together under it as the PNG map names them.
      const key = `${school.heading}@${x},${y}`;
      if (!spots.has(key)) spots.set(key, { x, y, lines: [window.placeHeading(school.heading)], kind: "school" });
      spots.get(key).lines.push(school.short);
    } else {
      labels.push({ x, y, lines: [school.name], kind: "school" });
    }
  }
  container.appendChild(svg);
  placeLabels(svg, [...labels, ...spots.values()], xy, { x: left, y: top, width, height });
}

const NEAR = [4, 10];
const FAR = [22, 36, 52];
const DIRECTIONS = [[1, 1], [1, -1], [-1, 1], [-1, -1], [1, 0], [-1, 0], [0, 1], [0, -1]];

function overlaps(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(box, frame) {
  return box.x >= frame.x && box.y >= frame.y && box.x + box.width <= frame.x + frame.width &&
         box.y + box.height <= frame.y + frame.height;
}

// Each label beside its point where its box is free of every point and every label placed
// before it, nearest first, further out joined by a leader line; a label with no free spot is
// left out (its schools still named by their points' titles), as report/label_placement.py
// places the PNG map's labels.
function placeLabels(svg, labels, points, frame) {
  const taken = points.map(([x, y]) => ({ x: x - 4, y: y - 4, width: 8, height: 8 }));
  for (const label of labels) {
    const text = svgNode("text", { class: `label ${label.kind}` });
    label.lines.forEach((line, i) => text.appendChild(svgNode("tspan", { x: 0, dy: i ? "1.15em" : 0 }, line)));
    svg.appendChild(text);
    const box = text.getBBox();
    const spot = nearestFree(label, box, taken, frame);
    if (!spot) {
      text.remove();
      continue;
    }
    text.setAttribute("transform", `translate(${spot.x - box.x},${spot.y - box.y})`);
    if (spot.far) {
      const cx = Math.min(Math.max(label.x, spot.x), spot.x + spot.width);
      const cy = Math.min(Math.max(label.y, spot.y), spot.y + spot.height);
      svg.insertBefore(svgNode("line", { x1: label.x, y1: label.y, x2: cx, y2: cy, class: "leader" }), text);
    }
    taken.push(spot);
  }
}

function nearestFree(label, box, taken, frame) {
  for (const distance of [...NEAR, ...FAR]) {
    for (const [dx, dy] of DIRECTIONS) {
      const x = dx > 0 ? label.x + distance : dx < 0 ? label.x - distance - box.width : label.x - box.width / 2;
      const y = dy > 0 ? label.y - distance - box.height : dy < 0 ? label.y + distance : label.y - box.height / 2;
      const spot = { x, y, width: box.width, height: box.height, far: distance > NEAR[NEAR.length - 1] };
      if (inside(spot, frame) && !taken.some((b) => overlaps(b, spot))) return spot;
    }
  }
  return null;
}

window.drawMap = drawMap;
