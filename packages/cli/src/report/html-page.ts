import { escapeHtml } from './escape-html';

// System fonts only: the page must render offline and load nothing.
const styles = `
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--card:#fff;--ok:#1f7a4d;--ok-bg:#e3f4ea;--bad:#b42318;--bad-bg:#fde8e6;--na:#616e7c;--na-bg:#eef0f3;--ref:#3d6fb4;--cur:#e8862a}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1120px;margin:0 auto;padding:28px 24px 48px}
header h1{font-size:22px;margin:0 0 4px}
header p{margin:0;color:var(--muted)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin:20px 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card .label{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.card .value{font-size:20px;font-weight:600;margin-top:2px}
.card .value small{display:block;font-size:12px;font-weight:400;color:var(--muted)}
.card .value .badge{font-size:15px;padding:3px 12px;margin-top:2px}
h2{font-size:16px;margin:28px 0 10px}
.table-wrap{background:var(--card);border:1px solid var(--line);border-radius:8px;overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{padding:8px 10px;text-align:left;border-bottom:1px solid var(--line);vertical-align:top}
tbody tr:last-child td{border-bottom:0}
th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);background:#fafbfc;white-space:nowrap}
th[data-sort]{cursor:pointer;user-select:none}
th[data-sort]:hover{color:var(--ink)}
th[aria-sort=ascending]::after{content:" \\25B2";font-size:9px}
th[aria-sort=descending]::after{content:" \\25BC";font-size:9px}
td.num{font-variant-numeric:tabular-nums;text-align:right}
th.num{text-align:right}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--bg);padding:1px 4px;border-radius:4px;overflow-wrap:anywhere}
td.expectation{min-width:280px}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600}
.badge.ok{color:var(--ok);background:var(--ok-bg)}
.badge.bad{color:var(--bad);background:var(--bad-bg)}
.badge.na{color:var(--na);background:var(--na-bg)}
.columns{display:grid;grid-template-columns:repeat(auto-fill,minmax(470px,1fr));gap:12px}
.column{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.column h3{font-size:14px;margin:0 0 2px;display:flex;justify-content:space-between;gap:8px;align-items:center}
.column p{margin:0 0 6px;color:var(--muted);font-size:12px}
.chart{display:block;width:100%;height:auto}
.chart .ref{fill:var(--ref);fill-opacity:.55}
.chart .cur{fill:var(--cur);fill-opacity:.55}
.chart .grid{stroke:var(--line);stroke-width:1}
.chart .axis{stroke:#9aa5b1;stroke-width:1}
.chart text{font-size:11px;fill:var(--muted)}
.examples{color:var(--muted);font-size:12px}
footer{margin-top:32px;color:var(--muted);font-size:12px}
`;

// Sorts a table's body by the clicked header's column; cells carry data-value for numbers.
const sortScript = `
for(const table of document.querySelectorAll('table[data-sortable]')){
  const headers=[...table.tHead.rows[0].cells];
  headers.forEach((th,index)=>{
    if(!th.hasAttribute('data-sort'))return;
    th.tabIndex=0;
    const sort=()=>{
      const ascending=th.getAttribute('aria-sort')!=='ascending';
      headers.forEach(other=>other.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort',ascending?'ascending':'descending');
      const numeric=th.getAttribute('data-sort')==='number';
      const key=row=>{const cell=row.cells[index];const raw=cell.getAttribute('data-value')??cell.textContent.trim();
        if(!numeric)return raw.toLowerCase();const value=Number.parseFloat(raw);return Number.isNaN(value)?Number.POSITIVE_INFINITY:value;};
      const body=table.tBodies[0];
      const rows=[...body.rows].sort((a,b)=>{const x=key(a),y=key(b);return (x<y?-1:x>y?1:0)*(ascending?1:-1);});
      for(const row of rows)body.appendChild(row);
    };
    th.addEventListener('click',sort);
    th.addEventListener('keydown',event=>{if(event.key==='Enter'||event.key===' '){event.preventDefault();sort();}});
  });
}
`;

/** A header cell; `sort` makes it clickable (`text` or `number` ordering). */
export interface HeaderCell {
  label: string;
  sort?: 'text' | 'number';
  numeric?: boolean;
}

/** A `<thead>` of sortable columns. */
export function tableHead(cells: readonly HeaderCell[]): string {
  return `<thead><tr>${cells
    .map(
      cell =>
        `<th${cell.sort ? ` data-sort="${cell.sort}"` : ''}${cell.numeric ? ' class="num"' : ''} scope="col">${escapeHtml(cell.label)}</th>`,
    )
    .join('')}</tr></thead>`;
}

/** A summary card: a label and a value (both escaped). */
export function card(label: string, valueHtml: string, id?: string): string {
  return `<div class="card"${id ? ` id="${escapeHtml(id)}"` : ''}><div class="label">${escapeHtml(label)}</div><div class="value">${valueHtml}</div></div>`;
}

/** A verdict badge. */
export function badge(kind: 'ok' | 'bad' | 'na', text: string): string {
  return `<span class="badge ${kind}">${escapeHtml(text)}</span>`;
}

/**
 * A complete, self-contained HTML document: inline CSS and script, a Content-Security-Policy
 * that forbids every network fetch, and nothing else to load.
 */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="@ballast/cli">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body>
<main>
${body}
<footer>Generated by ballast. This file is self-contained: it loads nothing from the network.</footer>
</main>
<script>${sortScript}</script>
</body>
</html>
`;
}
