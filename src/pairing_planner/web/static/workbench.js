// The workbench: a thin client of plan serve's API (docs/workbench.md). Written in English;
// the words shown come from the tool's catalogue (/workbench/words), Chinese by default.
"use strict";

const state = {
  lang: localStorage.getItem("workbench-lang") || document.documentElement.lang || "zh",
  words: {},
  token: new URLSearchParams(location.search).get("token"),
  instance: null,      // the instance as POST /api/instances answered (its check)
  schools: {},         // id -> school with city, county and coordinates
  solves: [],          // {id, number, instance, result, options, lock, forbid}
  current: null,       // {solve, rank}: the plan shown in step 4
  previous: null,      // the plan shown before a re-solve, to show what changed
  changed: null,       // {before, after}: the re-solve the "what changed" box words, again on a switch
  progress: null,      // the solve state last shown in the progress panel, shown again on a switch
  pending: {},         // instance id -> {lock, forbid}: the pairs its next solve sends (pendingOf)
  sort: { key: "recipient", up: true },
  terms: {},           // cost term id -> its name in the page's language
  weighted: [],        // the cost terms the instance weighs: [{id, name}]
  listing: null,       // the Start step's list of the solves the server keeps, as last asked
};

// ---- words and small helpers -------------------------------------------------------------

function t(english, values) {
  let said = state.words[english] || english;
  for (const [key, value] of Object.entries(values || {})) said = said.replaceAll(`{${key}}`, value);
  return said;
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function $(id) { return document.getElementById(id); }

function termName(id) { return state.terms[id] || id; }

// A status in words (最优, 已放宽; optimal, relaxed), as the ledger says it in Chinese; the JSON
// keeps the English code, which the English page showed as it is (RELAXED, U37b N6).
function statusWords(status) {
  const words = { OPTIMAL: t("optimal"), FEASIBLE: t("feasible"), RELAXED: t("relaxed"),
                  INFEASIBLE: t("infeasible"), UNKNOWN: t("unknown") };
  return words[status] || status;
}

// A plan's status as the planner reads it (report/bends.plan_status): a relaxed plan is never
// called optimal; it says whether its bend is proven least, and then whether its cost is.
function planStatusWords(plan) {
  if (!plan.relaxations.length) return statusWords(plan.status);
  if (!plan.least_bend_proven) return t("relaxed, not proven least");
  return plan.status === "OPTIMAL" ? t("relaxed, least bend proven") : t("relaxed, least bend proven, cost not proven");
}

// A gap in per cent that a nonzero gap never reads 0: one decimal from 1 %, two below it,
// and "< 0.01" below that.
function percent(value) {
  if (value > 0 && value < 0.005) return `< ${number(0.01)}`;
  return number(value, value < 1 ? 2 : 1);
}

window.placeHeading = (place) => t("{place}: ", { place }).trim();

// A number to ``digits`` decimals, always that many: a cost read "6,884.7" beside another's
// "6,884.68" (user test of issue 32).
function number(value, digits = 2) {
  return Number(value).toLocaleString(state.lang === "zh" ? "zh-CN" : "en", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function withLang(path) {
  const url = new URL(path, location.origin);
  url.searchParams.set("lang", state.lang);
  return url.pathname + url.search;
}

class Refused extends Error {
  constructor(problem) {
    super(problem.detail || problem.title);
    this.problem = problem;
  }
}

async function api(method, path, body) {
  const init = { method, headers: {} };
  if (state.token) init.headers.Authorization = `Bearer ${state.token}`;
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(withLang(path), init);
  const found = await response.json();
  if (!response.ok) throw new Refused(found);
  return found;
}

// A text with a clause or an aside after it, in the language's brackets: "… (S5)" in English,
// "…（S5）" in Chinese (i18n.cited), where the page put half-width ones after Chinese words.
function bracketed(text, aside) {
  return t("{text} ({clause})", { text, clause: aside });
}

// Where a problem (or a finding's source row) is, as the commands cite it (errors.Problem):
// 菏泽.xlsx [附件]，第 11 行，列“学校名称”.
function citation(problem) {
  let where = problem.file || "";
  if (problem.file && problem.sheet) where += ` [${problem.sheet}]`;
  const row = problem.row ?? problem.line;
  if (problem.file && row != null) where += t(", row {row}", { row });
  if (problem.field) {
    const label = problem.sheet != null ? t("column '{name}'", { name: problem.field }) : t("field '{name}'", { name: problem.field });
    where = where ? t("{where}, {field}", { where, field: label }) : label;
  }
  return where;
}

function showProblems(box, error) {
  box.textContent = "";
  if (!error) return;
  if (!(error instanceof Refused)) {
    box.append(el("p", {}, String(error.message || error)));
    return;
  }
  const problem = error.problem;
  box.append(el("strong", {}, problem.title || ""));
  const list = el("ul");
  for (const item of problem.problems || []) {
    const where = citation(item);
    // A space between: copied, the sentence and its citation ran together ('template_file'字段 'template').
    list.append(el("li", {}, item.message, where ? [" ", el("span", { class: "cite" }, where)] : null));
  }
  box.append(list);
}

function filesOf(form) {
  const data = new FormData();
  for (const input of form.querySelectorAll("input[type=file]")) {
    if (input.files.length) data.append(input.name, input.files[0], input.files[0].name);
  }
  return data;
}

// ---- steps -------------------------------------------------------------------------------

function go(step) {
  for (const section of document.querySelectorAll(".step")) {
    section.classList.toggle("current", section.id === step);
  }
  for (const button of document.querySelectorAll("nav button")) {
    button.classList.toggle("current", button.dataset.step === step);
  }
  // The Solve step shows the solve of the plan chosen last, its progress box with it.
  const chosen = state.current?.solve;
  if (step === "solve" && chosen && !state.running && chosen.instance.id === state.instance?.id) renderOutcome(chosen);
  if (step === "plan") renderPlan();
  if (step === "compare") renderCompare();
  if (step === "downloads") renderDownloads();
  if (step === "next-year") renderBaselines();
  if (step === "start") state.listing = renderSolveList();
}

function translatePage() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  document.title = t("Pairing planner workbench");
  $("language").textContent = state.lang === "zh" ? "English" : "中文";
}

async function loadWords() {
  const response = await fetch(withLang("/workbench/words"));
  state.words = await response.json();
  translatePage();
}

// ---- 1 start -----------------------------------------------------------------------------

async function loadExamples(asked) {
  const examples = await asked;
  $("no-templates").hidden = examples.length > 0;
  const list = $("examples");
  list.textContent = "";
  for (const select of [$("template"), ...document.querySelectorAll(".template-choice")]) {
    const chosen = select.value;  // kept when the language words the list again
    select.textContent = "";
    for (const example of examples) {
      const titled = example.year ? t("{year}: {title}", example) : example.title;
      select.append(el("option", { value: example.name }, bracketed(titled, example.name)));
    }
    if (chosen) select.value = chosen;
  }
  for (const example of examples) {
    list.append(el("li", {},
      el("button", { type: "button", class: "small", "data-example": example.name,
                     onclick: () => openExample(example.name) }, t("Open")),
      " ", example.year ? t("{year}: {title}", example) : example.title, " ",
      el("span", { class: "cite" }, t("{recipients} recipient and {helpers} helper schools", example))));
  }
}

async function opened(instance) {
  await inHand(instance);
  go("check");
}

// ``instance`` as the one the check and the solve form work on. Another instance's result,
// progress and note leave the Solve step with it (review 37, finding 2: they stayed, greyed,
// above the new instance's refusal), unless its solve is still being followed.
async function inHand(instance) {
  if (state.instance?.id !== instance.id && !state.running) {
    for (const id of ["outcome", "progress", "solve-note"]) $(id).textContent = "";
    $("outcome").classList.remove("previous");
    state.progress = null;
    showProblems($("solve-problems"), null);
  }
  // The address names what is in hand: a reload brought back the old instance's solve (U37b N2).
  if (state.instance?.id !== instance.id) history.replaceState(null, "", location.pathname + location.search);
  if (state.current && state.current.solve.instance.id !== instance.id) leavePlans();
  state.instance = instance;
  const [schools] = await Promise.all([api("GET", `/api/instances/${instance.id}/schools`), loadTerms()]);
  state.schools = Object.fromEntries(schools.map((s) => [s.id, s]));
  $("instance-name").textContent = instance.title || instance.name;
  renderCheck();
  renderPending();
}

// Another instance in hand: the Plan, Compare and Downloads steps show none of the old one's
// plans until the planner picks one from their lists, each named by its instance's title.
// Before, the old plan stayed with live lock and forbid buttons, and its re-solve was filed
// and its schools looked up under the new instance (U37b N1).
function leavePlans() {
  state.current = null;
  state.previous = null;
  state.changed = null;
  $("changed").textContent = "";
}

async function uploadLists(form, box, extra = {}) {
  const data = filesOf(form);
  for (const [key, value] of Object.entries(extra)) data.append(key, value);
  // A corrected list keeps its base's other list and template (the server takes them).
  const template = form.querySelector("select[name=template]")?.value || $("template").value;
  if (!extra.base && template) data.append("template", template);
  try {
    showProblems(box, null);
    return await api("POST", "/api/instances", data);
  } catch (error) {
    showProblems(box, error);
    return null;
  }
}

async function openExample(name) {
  try {
    showProblems($("start-problems"), null);
    await opened(await api("POST", `/api/examples/${encodeURIComponent(name)}`));
  } catch (error) {
    showProblems($("start-problems"), error);
  }
}

// The solves the server keeps, newest first, queued and running ones too: each opens as if
// just solved, so that a closed tab or a reload loses nothing (review 37, finding 1).
async function renderSolveList() {
  const list = $("solve-list");
  const listed = await api("GET", "/api/solves?unfinished=true");
  list.textContent = "";
  if (!listed.length) list.append(el("li", {}, t("No solve kept yet.")));
  for (const solve of listed) {
    list.append(el("li", { "data-solve": solve.id },
      el("button", { type: "button", class: "small", onclick: () => openSolve(solve.id) }, t("Open")), " ",
      listedLine(solve)));
  }
  return listed;
}

// A kept solve as the Start list names it: its id's first characters, whether it is a
// re-solve and with how many locks and forbids, and whether it was stopped, so that a solve
// and its re-solve are two lines that differ (U37b N4).
function listedLine(solve) {
  const states = { queued: t("queued"), running: t("running") };
  let status = solve.status ? statusWords(solve.status) : states[solve.state] || solve.state;
  if (solve.state === "interrupted") status = t("{status}, stopped", { status });
  const line = t("{title}, solved {created}: {status}, {n} plan(s), solve {id}", {
    title: solve.title, created: solve.created.replace("T", " "), n: solve.plans, status, id: solve.id.slice(0, 6) });
  if (!solve.locks && !solve.forbids) return line;
  return t("{line}; a re-solve with {locks} lock(s) and {forbids} forbid(s)",
           { line, locks: solve.locks, forbids: solve.forbids });
}

// A solve's number in the server's order of the solves it keeps (oldest first), the same in
// every tab: each tab counted the solves it saw, so one solve was 第 1 次 in one tab and 第 2
// 次 in another (U37b N5).
async function solveNumber(solveId) {
  const listed = await api("GET", "/api/solves?unfinished=true");
  const at = listed.findIndex((solve) => solve.id === solveId);
  return at < 0 ? state.solves.length + 1 : listed.length - at;
}

// A kept solve (GET /api/solves/{id}) with its instance in hand: a finished one's result in
// the Plan, Compare and Downloads steps, a queued or running one followed, Stop enabled.
async function openSolve(solveId) {
  try {
    showProblems($("start-problems"), null);
    const found = await api("GET", `/api/solves/${solveId}`);
    if (state.instance?.id !== found.instance) await inHand(await api("GET", `/api/instances/${found.instance}/check`));
    const listed = (await state.listing || []).find((solve) => solve.id === solveId);
    go("solve");
    await follow(found, $("solve-problems"), { instance: state.instance, schools: state.schools,
                                                solved: listed?.created.replace("T", " ") });
  } catch (error) {
    go("start");
    showProblems($("start-problems"), error);
  }
}

// ---- 2 check -----------------------------------------------------------------------------

function renderCheck() {
  const instance = state.instance;
  if (!instance) return;
  $("check-summary").textContent = t(
    "{name}: {recipients} recipient schools, {helpers} helper schools; {conflicts} conflict(s).",
    { name: instance.title || instance.name, recipients: instance.recipients,
      helpers: instance.helpers, conflicts: instance.conflicts });
  const box = $("findings");
  box.textContent = "";
  const order = { conflict: 0, warning: 1, info: 2 };
  const findings = [...instance.findings].sort((a, b) => order[a.severity] - order[b.severity]);
  const severity = { conflict: t("conflict"), warning: t("warning"), info: t("note") };
  for (const finding of findings) {
    const where = finding.source ? citation(finding.source) : finding.line ? t("{file}, line {line}", finding) : "";
    box.append(el("div", { class: `finding ${finding.severity}`, "data-code": finding.code },
      el("span", { class: `badge ${finding.severity}` }, severity[finding.severity]), " ",
      finding.message, where ? el("span", { class: "where" }, where) : null));
  }
  for (const note of instance.notes) {
    const where = citation(note);
    box.append(el("div", { class: "finding info" },
      el("span", { class: "badge" }, t("import")), " ", note.message,
      where ? el("span", { class: "where" }, where) : null));
  }
  if (!findings.length && !instance.notes.length) box.append(el("p", {}, t("Nothing to report.")));
}

// ---- 3 solve -----------------------------------------------------------------------------

// The instance's weighted cost terms, named in the page's language, and the fronts between
// them a planner may ask for.
async function loadTerms() {
  if (!state.instance) return;
  state.weighted = await api("GET", `/api/instances/${state.instance.id}/terms`);
  for (const term of state.weighted) state.terms[term.id] = term.name;
  const select = $("front-choice");
  const kept = select.value;
  while (select.options.length > 1) select.remove(1);
  state.weighted.forEach((a, i) => state.weighted.slice(i + 1).forEach((b) => {
    const value = `${a.id},${b.id}`;
    select.append(el("option", { value, selected: value === kept }, t("{a} against {b}", { a: a.name, b: b.name })));
  }));
}

function solveOptions() {
  const form = $("solve-form");
  const options = {};
  for (const name of ["plans", "time_limit", "within"]) {
    const value = form.elements[name].value;
    if (value !== "") options[name] = Number(value);
  }
  if (form.elements.differ_by.value) options.differ_by = form.elements.differ_by.value;
  if (form.elements.front.value) options.front = form.elements.front.value;
  return options;
}

// The form's options for a re-plan from locks, forbids or last year's plan: a front is a
// solve of its own, refused beside a lock, forbid or baseline.
function replanOptions() {
  const { front, ...options } = solveOptions();
  return options;
}

function showProgress(found) {
  state.progress = found;
  const box = $("progress");
  box.dataset.solve = found.id;
  box.textContent = "";
  const states = { queued: t("queued"), running: t("running"), done: t("finished"), failed: t("failed"),
                   interrupted: t("interrupted"), cancelled: t("cancelled") };
  // A stop keeps the best plan so far: the solve is interrupted, with a result to read.
  const kept = found.state === "interrupted" && found.files.length > 0;
  const head = [kept ? t("stopped; the best plan so far is kept") : states[found.state] || found.state];
  if (found.queue_position) head.push(t("place {n} in the queue", { n: found.queue_position }));
  if (found.stopping) head.push(t("stopping…"));
  // After a stop the summary says how many groups were searched and how many filled
  // greedily: "parts 16 of 16" counted both as solved.
  if (found.parts && !kept) head.push(t("parts {done} of {all}", { done: found.parts[0], all: found.parts[1] }));
  // Before its first news a large instance is read and split for seconds; say which.
  const stages = { reading: t("reading the instance"), preparing: t("preparing: candidate pairs and parts"),
                   writing: t("writing the result") };
  const searching = found.progress || found.parts || found.points;
  if (found.state === "running" && found.stage && (found.stage === "writing" || !searching)) head.push(stages[found.stage]);
  if (found.points) head.push(t("{found} of {asked} points of the front found", { found: found.points[0], asked: found.points[1] }));
  box.append(el("div", { id: "solve-state", "data-state": found.state }, head.join(" · ")));
  const p = found.progress;
  if (p) {
    box.append(el("div", { class: "numbers" },
      el("span", { id: "progress-best" }, t("best cost of plan {k}: {value}", { k: p.plan, value: number(p.best) })),
      el("span", {}, t("bound {value}", { value: number(p.bound) })),
      el("span", {}, t("gap {value} %", { value: number(100 * p.gap, 1) })),
      el("span", {}, t("{value} s", { value: number(p.seconds, 1) }))));
    box.append(el("div", { class: "bar" }, el("div", { style: `width:${Math.max(2, 100 * (1 - p.gap))}%` })));
  }
}

// Whether the server answers: while it does not, the page says so and keeps trying (review
// 37, finding 8: a restarted server left 正在停止… on show, with nothing said).
function reachable(yes) {
  $("unreachable").hidden = yes;
}

// The solve's state, or null when the server cannot be reached (and the page says so).
async function polled(solveId) {
  try {
    const found = await api("GET", `/api/solves/${solveId}`);
    reachable(true);
    return found;
  } catch (error) {
    if (error instanceof Refused) throw error;
    reachable(false);
    return null;
  }
}

// Follow a solve by its events until it is finished; its full state then. When the events
// break off, a poll tells a server gone from a stream ended; the browser reconnects the
// events on its own, and the first news clears the notice.
function watch(solveId) {
  return new Promise((resolve, reject) => {
    const events = new EventSource(withLang(`/api/solves/${solveId}/events`));
    let finished = false;
    const finish = async () => {
      if (finished) return;
      finished = true;
      events.close();
      try {
        let found = await polled(solveId);
        while (!found) {
          await new Promise((wait) => setTimeout(wait, 2000));
          found = await polled(solveId);
        }
        resolve(found);
      } catch (error) {
        reject(error);
      }
    };
    events.onopen = () => reachable(true);
    events.addEventListener("solve", (message) => {
      const found = JSON.parse(message.data);
      reachable(true);
      showProgress(found);
      if (!["queued", "running"].includes(found.state)) finish();
    });
    events.onerror = () => {
      if (events.readyState === EventSource.CLOSED) finish();
      else polled(solveId).catch(() => {});
    };
  });
}

// The solve being shown, in the address (#solve=ID): a reload or a bookmark opens it again.
function keepInAddress(solveId) {
  history.replaceState(null, "", `${location.pathname}${location.search}#solve=${solveId}`);
}

async function runSolve(body, problemsBox) {
  showProblems(problemsBox, null);
  // The result shown until now stays readable, greyed and labelled, while the new one runs.
  const outcome = $("outcome");
  outcome.classList.toggle("previous", outcome.childNodes.length > 0);
  outcome.dataset.label = t("the previous result");
  const of = { instance: state.instance, schools: state.schools };
  let submitted;
  try {
    submitted = await api("POST", "/api/solves", body);
  } catch (error) {
    showProblems(problemsBox, error);
    outcome.classList.remove("previous");
    return null;
  }
  return follow(submitted, problemsBox, of);
}

// A solve just submitted or opened again (``of`` its instance and schools), followed until
// it is finished with Stop enabled; its result then this page's, as if just solved.
async function follow(submitted, problemsBox, of) {
  $("solve-button").disabled = true;
  $("resolve-button").disabled = true;
  keepInAddress(submitted.id);
  try {
    state.running = submitted.id;
    $("stop-button").disabled = false;
    showProgress(submitted);
    const found = ["queued", "running"].includes(submitted.state) ? await watch(submitted.id) : submitted;
    showProgress(found);
    if (!found.result) {
      showProblems(problemsBox, new Refused({ title: t("The solve has no result."), problems: found.problems }));
      return null;
    }
    Object.assign(state.terms, found.terms);
    let solve = state.solves.find((known) => known.id === found.id);
    if (!solve) {
      solve = { id: found.id, number: await solveNumber(found.id), instance: of.instance,
                schools: of.schools, result: found.result, files: found.files,
                solved: of.solved || new Date().toLocaleTimeString(state.lang === "zh" ? "zh-CN" : "en", { hour12: false }),
                balanced: found.balanced };
      state.solves.push(solve);
    }
    solve.progress = found;
    state.current = { solve, rank: 1 };
    renderOutcome(solve);
    return solve;
  } catch (error) {
    showProblems(problemsBox, error);
    return null;
  } finally {
    state.running = null;
    $("solve-button").disabled = false;
    $("stop-button").disabled = true;
    renderPending();
  }
}

function renderOutcome(solve) {
  const result = solve.result;
  const box = $("outcome");
  box.textContent = "";
  box.classList.remove("previous");
  // The progress box and the outcome show one solve: the box said solve 5 已停止 above solve
  // 2's card once solve 2's plan was chosen (review 37, finding 12).
  if (solve.progress && (!state.running || state.running === solve.id)) showProgress(solve.progress);
  const card = el("div", { class: "card", id: "result-card", "data-status": result.status },
    el("h3", {}, t("Solve {n}", { n: solve.number }), " ", el("span", { class: `badge ${result.status}` }, statusWords(result.status))),
    el("p", { id: "result-message" }, result.message));
  const diagnosis = result.diagnosis;
  if (diagnosis) {
    card.append(el("h3", {}, t("Why no plan keeps every rule")));
    card.append(el("ul", { id: "diagnosis" }, diagnosis.structural.map((line) => el("li", {}, line))));
    if (diagnosis.conflict.length) {
      card.append(el("details", {}, el("summary", {},
        t("The {n} rules that conflict", { n: diagnosis.conflict.length }),
        diagnosis.minimal ? bracketed("", diagnosis.parts > 1
          ? t("in {parts} independent parts; none of a part's can be left out", { parts: diagnosis.parts })
          : t("none can be left out")) : ""),
        el("ul", {}, diagnosis.conflict.map((rule) => el("li", {}, bracketed(rule.label, rule.clause))))));
    }
  }
  for (const plan of result.plans) {
    if (!plan.relaxations.length) continue;
    card.append(el("h3", {}, t("Plan {k} bends these rules", { k: plan.rank })));
    card.append(el("ul", { class: "relaxations" }, plan.relaxations.map((r) => el("li", {}, r.message))));
    if (plan.least_bend_proven) card.append(el("p", { class: "proven" }, t("Proven: no plan bends the rules less.")));
  }
  if (result.front.length === 2) card.append(frontChart(solve));
  card.append(el("button", { type: "button", onclick: () => go("plan") }, t("See the plan")));
  box.append(card);
}

// ---- 4 a plan ----------------------------------------------------------------------------

function planOf(choice) {
  return choice.solve.result.plans.find((p) => p.rank === choice.rank);
}

function choices() {
  return state.solves.flatMap((solve) => solve.result.plans.map((plan) => ({ solve, rank: plan.rank })));
}

function choiceLabel(choice) {
  return t("Solve {n}, plan {k}", { n: choice.solve.number, k: choice.rank });
}

// A plan as a list offers it: solves of several instances may be listed, so each names its
// instance's title and when it was solved.
function optionLabel(choice) {
  return t("{title}, {time}: solve {n}, plan {k}", { title: titleOf(choice.solve.instance),
    time: choice.solve.solved, n: choice.solve.number, k: choice.rank });
}

function titleOf(instance) {
  return instance ? instance.title || instance.name : "—";
}

// A city by its id (a result's changed_cities), named as the pairs table names it.
function cityName(solve, id) {
  return Object.values(solve.schools).find((school) => school.city_id === id)?.city || id;
}

function fillChoices(select, chosen) {
  select.textContent = "";
  if (!chosen) select.append(el("option", { value: "", selected: true }, t("Choose a plan")));
  choices().forEach((choice, index) => {
    const option = el("option", { value: index }, optionLabel(choice));
    if (chosen && choice.solve === chosen.solve && choice.rank === chosen.rank) option.selected = true;
    select.append(option);
  });
}

function helperOf(plan) {
  return Object.fromEntries(plan.pairs.map((p) => [p.recipient, p.helper]));
}

function rowsOf(plan, schools) {
  return plan.pairs.map((pair) => {
    const r = schools[pair.recipient] || { name: pair.recipient, city: "", county: "" };
    const h = schools[pair.helper] || { name: pair.helper, city: "", county: "" };
    return { pair, recipient: r.name, county: r.county, city: r.city, helper: h.name,
             helper_city: h.city, km: pair.distance_km, cost: pair.cost };
  });
}

// A pair's other helper as plan solve --explain and the ledger say it (report/alternatives):
// the change of this pair alone, and why the plan did not take it — a cheaper one is no
// "second best" but another possible helper that a rule, its load or the whole plan kept away.
function explanation(pair, schools) {
  const other = pair.alternative;
  if (!other) return t("No other helper may serve this school.");
  const name = schools[other.helper]?.name || other.helper;
  const change = other.cost_change > 0 ? `+${number(other.cost_change)}` : number(other.cost_change);
  const cheaper = other.cost_change < 0;
  const served = other.serves.map((id) => schools[id]?.name || id).join(t(", "));
  let why = t("it costs more");
  if (other.blocked_by) why = other.blocked_by;
  else if (cheaper && served) why = t("it serves {schools}", { schools: served });
  else if (cheaper) why = t("the plan as a whole costs less with the helper it has");
  return [
    cheaper ? t("Other possible helper: {name}.", { name }) : t("Next best helper: {name}.", { name }),
    t("The cost of this pair alone would change by {change}.", { change }),
    t("The plan did not take it: {why}.", { why }),
  ].join(state.lang === "zh" ? "" : " ");
}

function renderFilters(rows) {
  for (const [id, key] of [["city-filter", "city"], ["county-filter", "county"]]) {
    const select = $(id);
    const kept = select.value;
    const values = [...new Set(rows.flatMap((r) => key === "city" ? [r.city, r.helper_city] : [r.county]))]
      .filter(Boolean).sort((a, b) => a.localeCompare(b, "zh"));
    select.textContent = "";
    select.append(el("option", { value: "" }, t("all")));
    for (const value of values) select.append(el("option", { value, selected: value === kept }, value));
  }
}

function renderPlan() {
  const select = $("plan-choice");
  fillChoices(select, state.current);
  if (!state.current) {
    $("plan-summary").textContent = select.options.length > 1
      ? t("No plan of this instance yet: solve it, or pick another instance's plan from the list.")
      : t("No plan yet: solve first.");
    for (const id of ["pairs", "plan-map"]) $(id).textContent = "";
    renderPending();
    return;
  }
  const { solve } = state.current;
  const plan = planOf(state.current);
  const schools = solve.schools;
  const rows = rowsOf(plan, schools);
  renderFilters(rows);
  const city = $("city-filter").value, county = $("county-filter").value;
  const shown = rows.filter((r) => (!city || r.city === city || r.helper_city === city) &&
                                   (!county || r.county === county));
  const { key, up } = state.sort;
  shown.sort((a, b) => {
    const order = typeof a[key] === "number" ? a[key] - b[key] : String(a[key]).localeCompare(String(b[key]), "zh");
    return up ? order : -order;
  });
  $("plan-summary").textContent = t("{status}; cost {objective}; {n} pairs, {shown} shown.", {
    status: planStatusWords(plan),
    objective: number(plan.objective), n: rows.length, shown: shown.length });
  // A plan picked from the list while another instance is in hand says whose it is: its
  // locks and forbids re-solve its own instance (U37b N1).
  if (solve.instance.id !== state.instance?.id) {
    $("plan-summary").prepend(el("div", { id: "other-instance", class: "bend" }, t(
      "This plan is of {title}, not of the instance in hand ({hand}): a re-solve from it solves {title}.",
      { title: titleOf(solve.instance), hand: titleOf(state.instance) })));
  }
  for (const relaxation of plan.relaxations) {
    $("plan-summary").append(el("div", { class: "bend" }, relaxation.message));
  }
  const before = state.previous && state.previous.solve !== solve ? helperOf(planOf(state.previous)) : null;
  const pending = pendingOf(solve.instance);
  const table = $("pairs");
  table.textContent = "";
  const columns = [["recipient", t("Recipient school")], ["county", t("County")],
                   ["helper", t("Helper school")], ["helper_city", t("Helper city")],
                   ["km", t("km")], ["cost", t("Cost")]];
  table.append(el("thead", {}, el("tr", {},
    columns.map(([k, label]) => el("th", {
      "data-key": k, class: k === key ? (up ? "sorted-up" : "sorted-down") : "",
      onclick: () => { state.sort = { key: k, up: k === key ? !up : true }; renderPlan(); } }, label)),
    el("th", {}, t("Why")), el("th", {}, t("Lock or forbid")))));
  const body = el("tbody");
  for (const row of shown) {
    const id = `${row.pair.helper}:${row.pair.recipient}`;
    const changed = before && before[row.pair.recipient] !== row.pair.helper;
    const other = row.pair.alternative;
    const instead = other ? `${other.helper}:${row.pair.recipient}` : null;
    const why = el("tr", { class: "why", hidden: true }, el("td", { colspan: 8 }, el("div", { class: "why-text" }, explanation(row.pair, schools),
      other ? el("button", { type: "button", class: "small instead", onclick: () => toggle("lock", instead) },
                 t("Lock {name} to this school instead", { name: schools[other.helper]?.name || other.helper })) : null)));
    body.append(el("tr", { class: changed ? "changed" : "", "data-pair": id },
      el("td", {}, row.recipient), el("td", {}, row.county), el("td", {}, row.helper),
      el("td", {}, row.helper_city), el("td", { class: "num" }, number(row.km, 1)),
      el("td", { class: "num" }, number(row.cost)),
      el("td", {}, el("button", { type: "button", class: "small why-button",
                                  onclick: () => { why.hidden = !why.hidden; } }, t("Why"))),
      el("td", {},
        el("button", { type: "button", class: `small lock ${pending.lock.has(id) ? "on" : ""}`,
                       onclick: () => toggle("lock", id) }, t("Lock")), " ",
        el("button", { type: "button", class: `small forbid ${pending.forbid.has(id) ? "on" : ""}`,
                       onclick: () => toggle("forbid", id) }, t("Forbid")))));
    body.append(why);
  }
  table.append(body);
  const pairs = shown.map((r) => ({ helper: r.pair.helper, recipient: r.pair.recipient,
    kind: before && before[r.pair.recipient] !== r.pair.helper ? "changed" : "" }));
  if (before) {
    for (const r of shown) {
      const old = before[r.pair.recipient];
      if (old && old !== r.pair.helper) pairs.push({ helper: old, recipient: r.pair.recipient, kind: "old" });
    }
  }
  drawMap($("plan-map"), schools, pairs, $("tile-url").value.trim());
  renderPending();
}

// The locks and forbids waiting for a solve of ``instance``: each instance has its own, so
// that opening another instance neither shows nor sends them, and coming back to the first
// shows them again (its pairs sent with another's solve were refused, review 37, finding 2).
function pendingOf(instance) {
  const id = instance ? instance.id : "";
  state.pending[id] ||= { lock: new Set(), forbid: new Set() };
  return state.pending[id];
}

function toggle(kind, id) {
  const pending = pendingOf(state.current.solve.instance);
  pending[kind === "lock" ? "forbid" : "lock"].delete(id);
  if (pending[kind].has(id)) pending[kind].delete(id);
  else pending[kind].add(id);
  renderPlan();
}

// The locks and forbids the next solve of ``instance`` sends, as chips a click removes: on
// the plan's step (its plan's instance) and beside the solve form (the instance in hand), so
// none is sent unseen.
function pendingChips(instance, schools) {
  const pending = pendingOf(instance);
  const named = (id) => id.split(":").map((s) => schools[s]?.name || s).join(" → ");
  return ["lock", "forbid"].flatMap((kind) => [...pending[kind]].map((id) => el("button", {
    type: "button", class: `chip ${kind}`, "data-pair": id, title: t("Remove"),
    onclick: () => { pending[kind].delete(id); renderPending(); if ($("plan").classList.contains("current")) renderPlan(); },
  }, kind === "lock" ? t("locked: {pair}", { pair: named(id) }) : t("forbidden: {pair}", { pair: named(id) }), " ×")));
}

function renderPending() {
  const shown = state.current ? state.current.solve : { instance: state.instance, schools: state.schools };
  const list = $("pending-list");
  list.textContent = "";
  list.append(...pendingChips(shown.instance, shown.schools));
  if (!list.childNodes.length) list.append(t("Lock or forbid a pair in the table, then re-solve."));
  const beside = $("solve-pending");
  beside.textContent = "";
  beside.append(...pendingChips(state.instance, state.schools));
  const pending = pendingOf(shown.instance);
  const some = pending.lock.size + pending.forbid.size > 0;
  $("resolve-button").disabled = !some || Boolean(state.running) || !state.current;
}

// A re-solve of the plan shown, of that plan's instance: picked while another was in hand,
// its instance is taken in hand again first, so that the result is filed, named and its
// schools looked up under the instance it solves (U37b N1: it was under the one in hand).
async function resolve() {
  const before = state.current;
  const pending = pendingOf(before.solve.instance);
  const body = { instance: before.solve.instance.id, options: replanOptions(),
                 lock: [...pending.lock], forbid: [...pending.forbid] };
  if (before.solve.instance.id !== state.instance?.id) await inHand(before.solve.instance);
  go("solve");
  const solve = await runSolve(body, $("solve-problems"));
  if (!solve) return;
  state.previous = before;
  state.changed = { before, after: { solve, rank: 1 } };
  renderChanged(before, state.changed.after);
  go("plan");
}

function differences(a, b) {
  const before = helperOf(planOf(a)), after = helperOf(planOf(b));
  const recipients = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return recipients.filter((r) => before[r] !== after[r]).map((r) => ({ recipient: r, a: before[r], b: after[r] }));
}

function renderChanged(a, b) {
  const schools = b.solve.schools;
  const found = differences(a, b);
  const box = $("changed");
  box.textContent = "";
  const cost = planOf(b).objective - planOf(a).objective;
  box.append(el("div", { class: "card", id: "what-changed" },
    el("h3", {}, t("What changed: {n} pair(s); cost {change}", {
      n: found.length, change: `${cost >= 0 ? "+" : ""}${number(cost)}` })),
    el("ul", {}, found.map((d) => el("li", { "data-recipient": d.recipient }, t("{recipient}: {old} → {new}", {
      recipient: schools[d.recipient]?.name || d.recipient,
      old: schools[d.a]?.name || d.a || "—", new: schools[d.b]?.name || d.b || "—" }))))));
  if (found.length) markSwaps(a, b, box, box.querySelector("#what-changed h3"), schools);
}

// Which of two plans' differences only swap interchangeable schools, as plan compare says
// it (GET …/compare/…: the library's comparison, not worked out here): a note after `after`
// and each such row of `box` marked. No note when the server cannot say (the rows stand).
async function markSwaps(a, b, box, after, schools) {
  let found;
  try {
    found = await api("GET", `/api/solves/${a.solve.id}/plans/${a.rank}/compare/${b.solve.id}/${b.rank}`);
  } catch (refused) {
    if (refused instanceof Refused) return;
    throw refused;
  }
  const swaps = found.changes.filter((c) => c.swap);
  if (!swaps.length || !after.isConnected) return;
  const groups = found.swapped.map((g) => g.map((id) => schools[id]?.name || id).join(t(", "))).join("; ");
  after.after(el("p", { class: "swaps" }, t(
    "{swaps} of the {n} only swap interchangeable schools ({groups}): no rule and no cost tells these apart.",
    { swaps: swaps.length, n: found.changes.length, groups })));
  for (const change of swaps) {
    const row = box.querySelector(`[data-recipient="${CSS.escape(change.recipient)}"]`);
    if (!row) continue;
    const cell = row.tagName === "TR" ? row.firstElementChild : row;
    cell.textContent = bracketed(cell.textContent, t("only a swap"));
  }
}

// ---- 5 compare ---------------------------------------------------------------------------

// The two lists start at the last two plans of the shown plan's instance; with none shown
// (another instance just opened), at none, until the planner picks them.
function renderCompare() {
  const own = state.current ? choices().filter((c) => c.solve.instance.id === state.current.solve.instance.id) : [];
  fillChoices($("compare-a"), own.length > 1 ? own[own.length - 2] : own[0]);
  fillChoices($("compare-b"), own[own.length - 1]);
  const box = $("alternatives");
  box.textContent = "";
  if (state.current && state.current.solve.result.plans.length > 1) {
    const result = state.current.solve.result;
    box.append(el("h3", {}, t("The plans of solve {n} side by side", { n: state.current.solve.number })));
    box.append(el("div", { class: "alternatives" }, result.plans.map((plan) => el("div", { class: "card" },
      el("h3", {}, t("Plan {k}", { k: plan.rank }), " ", el("span", { class: `badge ${plan.status}` }, planStatusWords(plan))),
      el("div", {}, t("cost {objective}", { objective: number(plan.objective) })),
      el("div", { class: "gap" }, gapWords(result, plan)),
      el("div", {}, plan.constraints),
      plan.changed_cities.length ? el("div", { class: "cities" }, t("other helper cities: {cities}", {
        cities: plan.changed_cities.map((id) => cityName(state.current.solve, id)).join(t(", ")) })) : null))));
  }
  $("front").textContent = "";
  const fronts = state.solves.filter((solve) => solve.result.front.length === 2 &&
                                                solve.instance.id === state.current?.solve.instance.id);
  for (const solve of fronts) $("front").append(frontChart(solve));
  compare();
}

// A plan's cost against plan 1: above the best for a solve's alternatives; on a front, whose
// plan 1 is an end and not the cheapest, above or below plan 1, and nothing on plan 1 itself
// (review 37, finding 5).
function gapWords(result, plan) {
  const pct = plan.gap_to_first_pct;
  if (result.front.length !== 2) return t("{pct} % above the best", { pct: percent(pct) });
  if (plan.rank === 1) return null;
  const shown = { pct: percent(Math.abs(pct)) };
  return pct < 0 ? t("{pct} % below plan 1", shown) : t("{pct} % above plan 1", shown);
}

// A front as a small chart: the first term across, the second up; both ends and the
// balanced point marked; a point opens its plan. The points lie P inside the axes, so that
// an end's dot covers no tick (「26●」, review 37, finding 5).
function frontChart(solve) {
  const [a, b] = solve.result.front;
  const plans = solve.result.plans;
  const W = 360, H = 220, M = 44, P = 12;
  const xs = plans.map((p) => p.term_costs[a] ?? 0), ys = plans.map((p) => p.term_costs[b] ?? 0);
  const span = (v) => [Math.min(...v), Math.max(Math.max(...v) - Math.min(...v), 1e-9)];
  const [x0, dx] = span(xs), [y0, dy] = span(ys);
  const at = (i) => [M + P + ((xs[i] - x0) / dx) * (W - 2 * M - 2 * P), H - M - P - ((ys[i] - y0) / dy) * (H - 2 * M - 2 * P)];
  const svg = svgNode("svg", { viewBox: `0 0 ${W} ${H}`, class: "front-chart", role: "img" });
  svg.append(svgNode("line", { x1: M, y1: H - M, x2: W - M / 2, y2: H - M, class: "axis" }));
  svg.append(svgNode("line", { x1: M, y1: H - M, x2: M, y2: M / 2, class: "axis" }));
  svg.append(svgNode("text", { x: W - M / 2, y: H - M + 28, "text-anchor": "end" }, termName(a)));
  svg.append(svgNode("text", { x: 4, y: M / 2 - 6 }, termName(b)));
  // Each axis's least and greatest value, so that a point can be read off the chart.
  const tick = (x, y, anchor, value) => svg.append(svgNode("text", { x, y, "text-anchor": anchor, class: "tick" }, number(value, 0)));
  tick(M + P, H - M + 13, "middle", x0);
  tick(W - M - P, H - M + 13, "middle", x0 + dx);
  tick(M - 3, H - M - P + 4, "end", y0);
  tick(M - 3, M + P + 4, "end", y0 + dy);
  svg.append(svgNode("polyline", { points: plans.map((_p, i) => at(i).join(",")).join(" "), class: "front-line" }));
  plans.forEach((plan, i) => {
    const [x, y] = at(i);
    const role = i === 0 ? "end" : i === plans.length - 1 ? "end" : plan.rank === solve.balanced ? "balanced" : "";
    const dot = svgNode("circle", { cx: x, cy: y, r: role ? 6 : 4, class: `point ${role}`, "data-rank": plan.rank,
                                    tabindex: 0 });
    dot.append(svgNode("title", {}, t("Plan {k}: {a} {x}, {b} {y}", {
      k: plan.rank, a: termName(a), x: number(xs[i]), b: termName(b), y: number(ys[i]) })));
    dot.addEventListener("click", () => { state.current = { solve, rank: plan.rank }; go("plan"); });
    svg.append(dot);
    if (role) {
      const said = role === "balanced" ? t("balanced") : t("end: least {term}", { term: termName(i === 0 ? a : b) });
      // A label right of the middle reads leftwards from its point, so that it stays inside.
      const right = x > W / 2;
      svg.append(svgNode("text", { x: right ? x - 8 : x + 8, y: y - 8, "text-anchor": right ? "end" : "start",
                                   class: `point-label ${role}` }, said));
    }
  });
  return el("div", { class: "card front", "data-solve": solve.id },
    el("h3", {}, t("The trade-off front"), " — ", t("Solve {n}", { n: solve.number })), svg);
}

function compare() {
  const all = choices();
  const picked = (select) => select.value === "" ? null : all[Number(select.value)];
  const a = picked($("compare-a")), b = picked($("compare-b"));
  if (!a || !b) {
    for (const id of ["comparison", "compare-map"]) $(id).textContent = "";
    return;
  }
  const schools = { ...a.solve.schools, ...b.solve.schools };
  const found = differences(a, b);
  const planA = planOf(a), planB = planOf(b);
  const box = $("comparison");
  box.textContent = "";
  const terms = [...new Set([...Object.keys(planA.term_costs), ...Object.keys(planB.term_costs)])];
  box.append(el("table", { class: "pairs", id: "compare-terms" },
    el("thead", {}, el("tr", {}, el("th", {}, ""), el("th", {}, choiceLabel(a)), el("th", {}, choiceLabel(b)))),
    el("tbody", {},
      el("tr", {}, el("td", {}, t("Cost")), el("td", { class: "num" }, number(planA.objective)), el("td", { class: "num" }, number(planB.objective))),
      terms.map((term) => el("tr", {}, el("td", { "data-term": term }, termName(term)),
        el("td", { class: "num" }, number(planA.term_costs[term] ?? 0)),
        el("td", { class: "num" }, number(planB.term_costs[term] ?? 0)))))));
  box.append(el("p", { id: "compare-count" }, found.length
    ? t("{n} recipient school(s) have another helper.", { n: found.length })
    : t("The two plans pair every school alike.")));
  if (found.length) {
    box.append(el("table", { class: "pairs", id: "compare-pairs" },
      el("thead", {}, el("tr", {}, el("th", {}, t("Recipient school")), el("th", {}, choiceLabel(a)), el("th", {}, choiceLabel(b)))),
      el("tbody", {}, found.map((d) => el("tr", { class: "changed", "data-recipient": d.recipient },
        el("td", {}, schools[d.recipient]?.name || d.recipient),
        el("td", {}, schools[d.a]?.name || d.a || "—"), el("td", {}, schools[d.b]?.name || d.b || "—"))))));
  }
  if (found.length) markSwaps(a, b, box, box.querySelector("#compare-count"), schools);
  const changed = new Set(found.map((d) => d.recipient));
  const pairs = planB.pairs.map((p) => ({ helper: p.helper, recipient: p.recipient, kind: changed.has(p.recipient) ? "changed" : "" }));
  for (const d of found) if (d.a) pairs.push({ helper: d.a, recipient: d.recipient, kind: "old" });
  drawMap($("compare-map"), schools, pairs, $("tile-url").value.trim());
}

// ---- 6 next year -------------------------------------------------------------------------

// Last year's result: any solve the server keeps a result of (this page's or an earlier
// one's, GET /api/solves, newest first), and which of its plans was adopted.
async function renderBaselines() {
  const select = $("baseline-choice");
  const kept = select.value;
  const listed = await api("GET", "/api/solves");
  select.textContent = "";
  for (const solve of listed) {
    // The plan count, a front's mark and the id's first characters tell apart two solves of
    // one instance in one minute (review 37, finding 4).
    const named = { title: solve.title, created: solve.created.replace("T", " "), status: statusWords(solve.status),
                    n: solve.plans, id: solve.id.slice(0, 6) };
    select.append(el("option", { value: solve.id, "data-plans": solve.plans, selected: solve.id === kept },
      solve.front ? t("{title}, solved {created} ({status}): a trade-off front of {n} points, solve {id}", named)
        : t("{title}, solved {created} ({status}): {n} plan(s), solve {id}", named)));
  }
  renderAdoptedChoice();
}

function renderAdoptedChoice() {
  const chosen = $("baseline-choice").selectedOptions[0];
  const select = $("adopted-choice");
  // The plan adopted stays chosen while its solve does: the list is made again on each visit,
  // and showed 方案 1 after a re-plan from 方案 2 (review 37, finding 4).
  const kept = select.dataset.baseline === chosen?.value ? select.value : "";
  select.dataset.baseline = chosen?.value || "";
  select.textContent = "";
  for (let k = 1; k <= Number(chosen?.dataset.plans || 0); k += 1) {
    select.append(el("option", { value: k, selected: String(k) === kept }, t("Plan {k}", { k })));
  }
}

async function nextYear(event) {
  event.preventDefault();
  const form = event.target;
  const box = $("next-year-problems");
  const baseline = form.elements.baseline.value;
  const adopted = Number(form.elements.adopted.value || 1);
  const from = form.elements.baseline.selectedOptions[0]?.textContent;
  if (!baseline) {
    showProblems(box, new Error(t("Solve last year's lists first: the re-plan starts from a result.")));
    return;
  }
  // Last year's solve names the schools it kept, as plan import --previous reads them.
  const instance = await uploadLists(form, box, { previous: baseline });
  if (!instance) return;
  await opened(instance);
  go("next-year");
  const solve = await runSolve({ instance: instance.id, options: replanOptions(), baseline: { solve: baseline, plan: adopted } }, box);
  if (!solve) return;
  solve.baseline = { label: from, plan: adopted };
  renderChangeReport(solve);
}

function renderChangeReport(solve) {
  const plan = solve.result.plans[0];
  const changes = plan.changes;
  const box = $("change-report");
  box.textContent = "";
  if (!changes) return;
  const schools = solve.schools;
  const name = (id) => schools[id]?.name || changes.removed_names?.[id] || id;
  // A new school is named with the helper the plan gives it: that is what the planner acts on.
  const helped = (id) => t("{school} (helped by {helpers})", { school: name(id),
    helpers: plan.pairs.filter((p) => p.recipient === id).map((p) => name(p.helper)).join(t(", ")) || "—" });
  box.append(el("div", { class: "card", id: "changes" },
    el("h3", {}, t("Change report")),
    // What it is measured against, and a relaxed plan's bends in the rules' words: the report
    // said neither (review 37, finding 4).
    solve.baseline ? el("p", { id: "change-baseline" }, t("Against plan {k} of {solve}", { k: solve.baseline.plan, solve: solve.baseline.label })) : null,
    plan.relaxations.length ? el("div", { id: "change-bends" }, el("p", {}, t("The new plan is relaxed: it bends these rules")),
      el("ul", { class: "relaxations" }, plan.relaxations.map((r) => el("li", {}, r.message)))) : null,
    el("p", {}, t("{kept} pairs kept, {moved} moved ({forced} because the new lists no longer allow the old pair).", {
      kept: changes.kept.length, moved: changes.moved.length, forced: changes.moved.filter((m) => m.forced).length })),
    el("ul", {}, changes.moved.map((m) => el("li", {}, t("{recipient}: {old} → {new}", {
      recipient: name(m.recipient), old: m.old.map(name).join(t(", ")) || "—", new: m.new.map(name).join(t(", ")) || "—" }), m.why ? bracketed("", m.why) : ""))),
    changes.new_recipients.length ? el("p", {}, t("New recipient schools: {schools}", { schools: changes.new_recipients.map(helped).join(t(", ")) })) : null,
    changes.removed_recipients.length ? el("p", {}, t("No longer listed: {schools}", { schools: changes.removed_recipients.map(name).join(t(", ")) })) : null,
    el("button", { type: "button", onclick: () => go("plan") }, t("See the plan"))));
}

// ---- 7 downloads -------------------------------------------------------------------------

function renderDownloads() {
  const list = $("download-list");
  list.textContent = "";
  if (!state.current) {
    list.append(el("li", {}, t("No plan yet: solve first.")));
    return;
  }
  const { solve, rank } = state.current;
  const files = [
    [`ledger-${rank}.xlsx`, t("The pairing ledger (台账), .xlsx")],
    [`list-${rank}.xlsx`, t("The official pairing list, .xlsx")],
    [`list-${rank}.docx`, t("The official pairing list, .docx")],
    [`report-${rank}.xlsx`, t("The R4 report per helper city, .xlsx")],
    [`report-${rank}.docx`, t("The R4 report per helper city, .docx")],
    [`calendar-${rank}.xlsx`, t("The activity calendar, .xlsx")],
    [`calendar-${rank}.zip`, t("Each school's calendar (.ics), in one .zip")],
    ["plans.json", t("plans.json: the whole result")],
    [`plan-${rank}.csv`, t("The pairs as CSV")],
  ];
  list.append(el("li", {}, el("strong", {}, optionLabel(state.current))));
  for (const [name, label] of files) {
    const link = el("a", { href: withLang(`/api/solves/${solve.id}/files/${name}`), download: name, "data-file": name }, label);
    const note = el("span", { class: "cite" }, name);
    if (name.startsWith("calendar-")) link.onclick = (event) => scheduled(event, link, note);
    list.append(el("li", {}, link, " ", note));
  }
}

// A calendar is scheduled in a worker on its first download: the server answers 202 with the
// job and where to poll it; the page says so, polls, and downloads the file once it is made.
// A click while it is scheduled starts nothing more (each click polled and saved it again).
async function scheduled(event, link, note) {
  event.preventDefault();
  if (link.dataset.busy) return;
  link.dataset.busy = "true";
  try {
    if (await calendarMade(link, note)) saveFile(link);
  } finally {
    delete link.dataset.busy;
  }
}

async function calendarMade(link, note) {
  const init = state.token ? { headers: { Authorization: `Bearer ${state.token}` } } : {};
  const answer = await fetch(link.href, init);
  if (answer.status === 202) {
    let job = await answer.json();
    const where = answer.headers.get("Location");
    while (job.state === "queued" || job.state === "running") {
      note.textContent = calendarNote(job);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      job = await api("GET", where);
    }
    if (job.state !== "done") {
      note.textContent = (job.problems[0] || {}).message || t(job.state);
      return false;
    }
  } else if (!answer.ok) {
    note.textContent = (await answer.json()).problems[0].message;
    return false;
  }
  note.textContent = link.dataset.file;
  return true;
}

// A calendar being made, and its place in the workers' queue while it waits behind solves.
function calendarNote(job) {
  const place = job.queue_position ? t("place {n} in the queue", { n: job.queue_position }) : null;
  return [t("Scheduling…"), place].filter(Boolean).join(" · ");
}

// Made: the browser saves it under the server's name.
function saveFile(link) {
  const saving = el("a", { href: link.href, download: link.dataset.file });
  document.body.append(saving);
  saving.click();
  saving.remove();
}

// ---- the language ------------------------------------------------------------------------

// The results in the page's new language: the server words their relaxations, diagnosis and
// cost terms when asked, as the ledger words them when it is written.
async function rewordSolves() {
  const found = await Promise.all(state.solves.map((solve) => api("GET", `/api/solves/${solve.id}`)));
  found.forEach((again, i) => {
    state.solves[i].result = again.result;
    Object.assign(state.terms, again.terms);
  });
  if (state.solves.length) renderOutcome(state.current ? state.current.solve : state.solves[state.solves.length - 1]);
}

// ---- wiring ------------------------------------------------------------------------------

function wire() {
  for (const button of document.querySelectorAll("nav button")) button.onclick = () => go(button.dataset.step);
  for (const button of document.querySelectorAll("[data-goto]")) button.onclick = () => go(button.dataset.goto);
  $("language").onclick = async () => {
    state.lang = state.lang === "zh" ? "en" : "zh";
    localStorage.setItem("workbench-lang", state.lang);
    await loadWords();
    await loadExamples(api("GET", "/api/examples"));  // its buttons and counts are words too
    if (state.instance) {
      state.instance = await api("GET", `/api/instances/${state.instance.id}/check`);
      renderCheck();
      await loadTerms();
    }
    await rewordSolves();
    if (state.changed) renderChanged(state.changed.before, state.changed.after);
    if (state.progress) showProgress(state.progress);
    const shown = document.querySelector(".step.current");
    if (shown) go(shown.id);
  };
  $("lists-form").onsubmit = async (event) => {
    event.preventDefault();
    const instance = await uploadLists(event.target, $("start-problems"));
    if (instance) await opened(instance);
  };
  $("corrected-form").onsubmit = async (event) => {
    event.preventDefault();
    const instance = await uploadLists(event.target, $("check-problems"), { base: state.instance.id });
    if (instance) await opened(instance);
  };
  $("file-form").onsubmit = async (event) => {
    event.preventDefault();
    try {
      showProblems($("start-problems"), null);
      await opened(await api("POST", "/api/instances", filesOf(event.target)));
    } catch (error) {
      showProblems($("start-problems"), error);
    }
  };
  $("solve-form").onsubmit = async (event) => {
    event.preventDefault();
    if (!state.instance) {
      showProblems($("solve-problems"), new Error(t("Upload the lists or open an example first.")));
      return;
    }
    const options = solveOptions();
    state.previous = null;
    state.changed = null;
    $("changed").textContent = "";
    // A front is asked without locks and forbids (the server refuses them together): they
    // stay pending, shown, for the next re-solve.
    const pending = pendingOf(state.instance);
    const pinned = options.front ? {} : { lock: [...pending.lock], forbid: [...pending.forbid] };
    $("solve-note").textContent = options.front && pending.lock.size + pending.forbid.size
      ? t("A trade-off front is solved without the locks and forbids; they stay for the next re-solve.") : "";
    await runSolve({ instance: state.instance.id, options, ...pinned }, $("solve-problems"));
  };
  $("stop-button").onclick = async () => {
    if (state.running) await api("DELETE", `/api/solves/${state.running}`);
  };
  $("resolve-button").onclick = resolve;
  $("plan-choice").onchange = () => {
    const value = $("plan-choice").value;
    state.current = value === "" ? null : choices()[Number(value)];
    renderPlan();
  };
  $("city-filter").onchange = renderPlan;
  $("county-filter").onchange = renderPlan;
  $("tile-url").value = localStorage.getItem("workbench-tiles") || "";
  $("tile-url").onchange = () => {
    localStorage.setItem("workbench-tiles", $("tile-url").value.trim());
    renderPlan();
  };
  $("compare-button").onclick = compare;
  $("compare-a").onchange = compare;
  $("compare-b").onchange = compare;
  $("next-year-form").onsubmit = nextYear;
  $("baseline-choice").onchange = renderAdoptedChoice;
  // A front left to its default has FRONT_POINTS (5) points, as plan solve --front has:
  // the plans field is sent only when the planner fills it (review 37, finding 5).
  $("front-choice").onchange = () => { $("solve-form").elements.plans.placeholder = $("front-choice").value ? "5" : "1"; };
}

// The address without ?token=: the page's answer set the cookie that carries it from now on,
// and an address stays in the history and the bar (review 37, finding 9).
function tokenOutOfAddress() {
  const url = new URL(location.href);
  if (!url.searchParams.has("token")) return;
  url.searchParams.delete("token");
  history.replaceState(null, "", url.pathname + url.search + url.hash);
}

// The solve the address names (#solve=ID), opened unless it is the one shown or followed.
function openNamedSolve() {
  const named = /^#solve=([0-9a-f]+)$/.exec(location.hash)?.[1];
  if (named && named !== state.running && named !== state.current?.solve.id) openSolve(named);
}

async function start() {
  tokenOutOfAddress();
  wire();
  const examples = api("GET", "/api/examples");  // asked for while the words load
  await loadWords();
  await loadExamples(examples);
  go("start");
  // A solve kept in the address opens again: a finished one's result, a running one's progress.
  openNamedSolve();
  // An address pasted into an open tab opens the solve it names (U37b N2: read at start only).
  window.addEventListener("hashchange", openNamedSolve);
  performance.mark("workbench-ready");  // benchmarks/workbench_pages.py reads it
  document.body.dataset.ready = "true";
}

start();
