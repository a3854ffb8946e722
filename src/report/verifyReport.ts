import { figureOfClaim } from './claimFigures.js';

/** One claim of a `dlgen verify --json` document (the fields the report reads). */
export interface ReportClaim {
  readonly id: string;
  readonly name: string;
  readonly statement?: string;
  readonly kind?: string;
  readonly reference: string;
  readonly holds: boolean;
  readonly instances: number;
  readonly worst?: { readonly outcome: ReportOutcome; readonly spec: unknown };
  readonly failure?: {
    readonly spec: unknown;
    readonly outcome?: ReportOutcome;
    readonly path: string;
    readonly shrinks: number;
    readonly error?: string;
  };
  readonly seed: number;
  readonly replay: string;
  readonly seconds?: number;
}

/** A check's outcome; numbers may be strings ("NaN", "Infinity") for non-finite findings. */
export interface ReportOutcome {
  readonly measured: number | string;
  readonly predicted: number | string;
  readonly tolerance: number | string;
  readonly ratio: number | string;
  readonly holds: boolean;
  readonly detail?: string;
}

/** The `dlgen verify --json` document. */
export interface VerifyDocument {
  readonly seed: number;
  readonly scale: string;
  readonly passed: number;
  readonly failed: number;
  readonly falseFailureBound?: number;
  readonly claims: readonly ReportClaim[];
}

/** Where the report was made. */
export interface ReportMeta {
  readonly version: string;
  readonly commit?: string;
  readonly node: string;
  readonly date: string;
}

/** An illustrating figure, drawn at --quick size, its SVG ready to inline (ids prefixed per figure). */
export interface ReportFigure {
  readonly name: string;
  readonly title: string;
  readonly svg: string;
}

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** JSON safe inside <script type="application/json">: `<` is escaped, so no `</script>` can end it early. */
export function scriptJson(doc: unknown): string {
  return JSON.stringify(doc).replaceAll('<', '\\u003c').replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');
}

function num(v: number | string | undefined, digits = 4): string {
  if (v === undefined) return '–';
  if (typeof v === 'string') return v;
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(digits))) : v.toExponential(digits - 1);
}

const STYLE = `
:root { --ok: #1a7f37; --bad: #cf222e; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1400px; padding: 16px 24px; color: #1f2328; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; color: var(--muted); }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; font-family: ui-monospace, monospace; }
.summary { display: flex; gap: 12px; margin: 14px 0; }
.badge { padding: 6px 12px; border-radius: 6px; font-weight: 600; border: 1px solid var(--line); }
.badge.pass { color: var(--ok); } .badge.fail { color: var(--bad); }
.controls { display: flex; gap: 12px; align-items: center; margin: 8px 0; }
.controls input { padding: 4px 8px; width: 320px; }
table.claims { border-collapse: collapse; width: 100%; font-size: 13px; }
table.claims th, table.claims td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
table.claims th { background: #f6f8fa; position: sticky; top: 0; }
tr.claim { cursor: pointer; }
tr.claim:hover { background: #f6f8fa; }
tr.claim td.num { font-family: ui-monospace, monospace; text-align: right; }
.status-pass { color: var(--ok); font-weight: 600; } .status-fail { color: var(--bad); font-weight: 700; }
tr.details > td { background: #fbfcfd; padding: 10px 16px; }
tr.details[hidden], tr.claim[hidden] { display: none; }
pre { background: #f6f8fa; padding: 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; margin: 4px 0; }
.replay { display: flex; gap: 8px; align-items: center; }
.replay code { background: #fff1f0; padding: 4px 8px; border: 1px solid #ffcecb; }
.fig-slot svg { max-width: 100%; height: auto; }
figure.fig { margin: 12px 0 24px; border: 1px solid var(--line); padding: 8px; overflow-x: auto; }
figure.fig svg { max-width: 100%; height: auto; }
figure.fig figcaption { color: var(--muted); font-size: 12px; }
`;

const SCRIPT = `
(function () {
  var filter = document.getElementById('status-filter');
  var search = document.getElementById('search');
  var counter = document.getElementById('shown-count');
  function apply() {
    var status = filter.value, q = search.value.trim().toLowerCase(), shown = 0;
    document.querySelectorAll('tr.claim').forEach(function (row) {
      var ok = (status === 'all' || row.dataset.status === status) && (q === '' || row.dataset.search.indexOf(q) >= 0);
      row.hidden = !ok;
      var det = document.getElementById('details-' + row.dataset.row);
      if (!ok) det.hidden = true; else if (row.getAttribute('aria-expanded') === 'true') det.hidden = false;
      if (ok) shown++;
    });
    counter.textContent = shown + ' of ' + document.querySelectorAll('tr.claim').length + ' claims shown';
  }
  function toggle(row) {
    var det = document.getElementById('details-' + row.dataset.row);
    var open = row.getAttribute('aria-expanded') !== 'true';
    row.setAttribute('aria-expanded', open ? 'true' : 'false');
    det.hidden = !open;
    var slot = det.querySelector('.fig-slot');
    if (open && slot && !slot.firstChild) {
      var src = document.getElementById('fig-' + slot.dataset.figure);
      if (src) slot.appendChild(src.querySelector('svg').cloneNode(true));
    }
  }
  document.querySelectorAll('tr.claim').forEach(function (row) {
    row.addEventListener('click', function () { toggle(row); });
    row.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(row); } });
  });
  document.querySelectorAll('button.copy').forEach(function (b) {
    b.addEventListener('click', function (e) {
      e.stopPropagation();
      var text = b.dataset.text;
      function fallback() {
        var t = document.createElement('textarea'); t.value = text; document.body.appendChild(t); t.select();
        try { document.execCommand('copy'); } catch (err) {} document.body.removeChild(t);
      }
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(fallback); else fallback();
      b.textContent = 'copied';
    });
  });
  filter.addEventListener('change', apply);
  search.addEventListener('input', apply);
  apply();
})();
`;

function claimRow(c: ReportClaim, index: number, figures: ReadonlySet<string>): string {
  const o = c.failure?.outcome ?? c.worst?.outcome;
  const status = c.holds ? 'pass' : 'fail';
  const search = [c.id, c.name, c.reference, c.statement ?? '', status].join(' ').toLowerCase();
  const fig = figureOfClaim(c.id);
  const cells = [
    `<td>${escapeHtml(c.id)}</td>`,
    `<td>${escapeHtml(c.name)}</td>`,
    `<td>${escapeHtml(c.reference)}</td>`,
    `<td class="num">${c.instances}</td>`,
    `<td class="num">${num(o?.measured)}</td>`,
    `<td class="num">${num(o?.predicted)}</td>`,
    `<td class="num">${num(o?.tolerance)}</td>`,
    `<td class="num">${num(o?.ratio, 3)}</td>`,
    `<td class="status-${status}">${c.holds ? 'pass' : 'FAIL'}</td>`,
    `<td class="num">${c.seconds === undefined ? '–' : `${c.seconds.toFixed(1)} s`}</td>`,
  ];
  const parts: string[] = [];
  parts.push(`<h3>${escapeHtml(c.id)} — ${escapeHtml(c.name)}</h3>`);
  parts.push(
    `<p><b>Statement (the form in which the claim is true and checked):</b> ${escapeHtml(c.statement ?? '(not in this document)')}</p>`,
  );
  parts.push(
    `<p><b>Reference:</b> ${escapeHtml(c.reference)}${c.kind ? ` · <b>kind:</b> ${escapeHtml(c.kind)}` : ''} · <b>seed:</b> ${c.seed}</p>`,
  );
  if (o?.detail) parts.push(`<p><b>${c.holds ? 'Worst instance' : 'Failure'}:</b> ${escapeHtml(o.detail)}</p>`);
  if (c.failure) {
    parts.push(
      `<p><b>Shrunk counterexample</b> (path ${escapeHtml(c.failure.path)}, ${c.failure.shrinks} shrinks):</p>`,
    );
    parts.push(`<pre class="counterexample">${escapeHtml(JSON.stringify(c.failure.spec, null, 2))}</pre>`);
    if (c.failure.error) parts.push(`<p><b>Error:</b> ${escapeHtml(c.failure.error)}</p>`);
    parts.push(
      `<div class="replay"><b>Replay:</b> <code>${escapeHtml(c.replay)}</code><button class="copy" type="button" data-text="${escapeHtml(c.replay)}">copy</button></div>`,
    );
  } else if (c.worst) {
    parts.push(
      `<details><summary>worst instance spec</summary><pre>${escapeHtml(JSON.stringify(c.worst.spec, null, 2))}</pre></details>`,
    );
  }
  if (fig && figures.has(fig.figure)) {
    parts.push(
      `<p><b>Illustration:</b> <a href="#fig-${fig.figure}">${fig.figure}</a> — ${escapeHtml(fig.look)} (drawn at --quick size).</p><div class="fig-slot" data-figure="${fig.figure}"></div>`,
    );
  }
  return (
    `<tr class="claim" tabindex="0" aria-expanded="false" data-row="${index}" data-id="${escapeHtml(c.id)}" data-status="${status}" data-search="${escapeHtml(search)}">${cells.join('')}</tr>\n` +
    `<tr class="details" id="details-${index}" data-id="${escapeHtml(c.id)}" hidden><td colspan="10">${parts.join('\n')}</td></tr>`
  );
}

/**
 * The self-contained HTML report of a verify run: inline CSS, JS and SVG, the verify document
 * embedded as JSON, a Content-Security-Policy that forbids every network request, so it opens
 * from file:// anywhere. Header, pass/fail summary, a claim table filterable by status and
 * searchable, rows that expand to statement, counterexample, replay command and figure.
 */
export function verifyReportHtml(doc: VerifyDocument, meta: ReportMeta, figures: readonly ReportFigure[]): string {
  const names = new Set(figures.map((f) => f.name));
  const header = [
    ['dlgen version', meta.version],
    ['git commit', meta.commit ?? 'not available'],
    ['Node.js', meta.node],
    ['seed', String(doc.seed)],
    ['scale', doc.scale],
    ['date', meta.date],
    ...(doc.falseFailureBound !== undefined
      ? [['false-failure bound (union over the run)', String(doc.falseFailureBound)]]
      : []),
  ];
  const gallery = figures
    .map(
      (f) =>
        `<figure class="fig" id="fig-${escapeHtml(f.name)}">${f.svg}<figcaption>${escapeHtml(f.name)} — ${escapeHtml(f.title)} (dlgen figure ${escapeHtml(f.name)} --quick --seed ${doc.seed})</figcaption></figure>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dlgen verify report — ${doc.passed} passed, ${doc.failed} failed</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>dlgen verify report</h1>
<dl class="meta">${header.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
</header>
<section class="summary" id="summary">
<span class="badge pass" id="passed-count">${doc.passed} passed</span>
<span class="badge fail" id="failed-count">${doc.failed} failed</span>
<span class="badge">${doc.claims.length} claims</span>
</section>
<h2>Claims</h2>
<div class="controls">
<label>status <select id="status-filter"><option value="all">all</option><option value="pass">passed</option><option value="fail">failed</option></select></label>
<label>search <input id="search" type="search" placeholder="id, name, reference or statement"></label>
<span id="shown-count"></span>
</div>
<p>Click a row to expand it: the statement, the worst instance or the shrunk counterexample with its replay command, and the figure that illustrates the claim.</p>
<table class="claims">
<thead><tr><th>id</th><th>name</th><th>THEORY.md</th><th>instances</th><th>worst measured</th><th>predicted</th><th>tolerance</th><th>ratio</th><th>status</th><th>time</th></tr></thead>
<tbody>
${doc.claims.map((c, i) => claimRow(c, i, names)).join('\n')}
</tbody>
</table>
<h2>Illustrating figures</h2>
${figures.length > 0 ? gallery : '<p>No figure was drawn for this run.</p>'}
<script type="application/json" id="verify-data">${scriptJson(doc)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
