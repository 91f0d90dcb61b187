/** Small HTML building blocks for the report; every text value is escaped. Pure. */

/** Bidi embedding/override/isolate characters: in a report cell they would reorder what the reader sees. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/gu;

/** Escapes text for HTML element content and attribute values; bidi controls become visible `[U+202E]` marks. */
export function escapeHtml(text: string): string {
  return text
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
    .replace(BIDI_CONTROLS, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase()}]`);
}

/** A fraction as a percentage with one decimal; '–' when missing or not finite. */
export const pct = (x: number | null | undefined): string =>
  typeof x !== 'number' || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)}%`;

/** A number with `digits` decimals; '–' when missing or not finite. */
export const fixed = (x: number | null | undefined, digits = 4): string =>
  typeof x !== 'number' || !Number.isFinite(x) ? '–' : x.toFixed(digits);

/** Options of {@link table}. */
export interface TableOptions {
  /** A class for the table element (CSS below: `trials` keeps ids and scores on one line, wraps params and errors). */
  className?: 'trials';
}

/**
 * A table of escaped cells, in a `div.table-box` that scrolls sideways when
 * the table is wider than the page, so the page itself never does.
 */
export function table(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  options: TableOptions = {},
): string {
  const th = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(String(c))}</td>`).join('')}</tr>`).join('\n');
  const cls = options.className ? ` class="${options.className}"` : '';
  return `<div class="table-box"><table${cls}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** A section with an id'd heading; `body` is trusted HTML built from escaped parts. */
export function section(id: string, title: string, body: string): string {
  return `<section id="${escapeHtml(id)}">\n<h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

/** A chart (an SVG string from ECharts) in a captioned figure. */
export function figure(svg: string, caption: string): string {
  return `<figure class="chart">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

/** A paragraph of escaped text. */
export const para = (text: string): string => `<p>${escapeHtml(text)}</p>`;

export const REPORT_CSS = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;color:#1d2330}
table{border-collapse:collapse;margin:.8rem 0}td,th{border:1px solid #ccd;padding:.3rem .6rem;text-align:left;vertical-align:top;unicode-bidi:isolate}th{background:#f1f3f8}
section{margin:2.2rem 0;border-top:1px solid #e3e6ee;padding-top:.4rem}figure.chart{display:inline-block;vertical-align:top;margin:.6rem 1rem .6rem 0}
figcaption{font-size:.85rem;color:#556}.finding{margin:.6rem 0;padding:.5rem .8rem;border-left:4px solid #999;background:#f8f9fb}
.finding.high{border-color:#d33}.finding.medium{border-color:#e8a33b}.finding.low{border-color:#19a979}.headline{font-size:1.1rem}
.muted{color:#667}.wordcloud svg{max-width:100%;height:auto}nav a{margin-right:.8rem}
.table-box{max-width:100%;overflow-x:auto}table.trials{width:100%}table.trials td:nth-child(-n+3){white-space:nowrap}
table.trials td:nth-child(4){overflow-wrap:break-word}table.trials td:last-child{overflow-wrap:anywhere}
figure.chart{max-width:100%;overflow-x:auto}`;
