/** The report's only stylesheet: inline, system fonts, no network. */
export const REPORT_CSS = `
:root { --ink: #16191f; --muted: #545b64; --line: #e3e6ea; --bg: #f4f6f8; --card: #fff; --navy: #232f3e;
  --accent: #ff9900; --high: #c0152f; --high-bg: #fdecee; --medium: #8a5300; --medium-bg: #fff4e0;
  --low: #1d5e95; --low-bg: #e8f1fa; --ok: #1e7a34; }
* { box-sizing: border-box; }
html { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
body { margin: 0; }
a { color: #0b5cad; }
header.top { background: var(--navy); color: #fff; padding: 20px 32px 18px; border-bottom: 4px solid var(--accent); }
header.top h1 { margin: 0; font-size: 22px; font-weight: 650; letter-spacing: .2px; }
header.top .meta { margin-top: 6px; display: flex; flex-wrap: wrap; gap: 8px; }
.chip { display: inline-block; padding: 2px 10px; border-radius: 999px; background: rgba(255,255,255,.12); font-size: 13px; }
nav.toc { display: flex; gap: 18px; padding: 10px 32px; background: #fff; border-bottom: 1px solid var(--line); font-size: 14px; }
nav.toc a { text-decoration: none; color: var(--muted); font-weight: 600; }
nav.toc a:hover, nav.toc a:focus { color: var(--ink); text-decoration: underline; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 32px 48px; }
section { margin-top: 28px; }
main > section:first-child { margin-top: 0; }
h2 { font-size: 19px; margin: 0 0 12px; }
h3 { font-size: 15px; margin: 18px 0 8px; color: var(--muted); text-transform: uppercase; letter-spacing: .6px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 14px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; }
.card .label { font-size: 12px; text-transform: uppercase; letter-spacing: .6px; color: var(--muted); }
.card .value { font-size: 28px; font-weight: 700; margin-top: 2px; font-variant-numeric: tabular-nums; }
.card .sub { font-size: 13px; color: var(--muted); }
.sev-counts { display: flex; gap: 8px; margin-top: 8px; flex-wrap: wrap; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 6px; font-size: 12px; font-weight: 650; white-space: nowrap; }
.badge.high { background: var(--high-bg); color: var(--high); }
.badge.medium { background: var(--medium-bg); color: var(--medium); }
.badge.low { background: var(--low-bg); color: var(--low); }
.badge.source { background: #eef0f3; color: var(--muted); font-weight: 600; }
.badge.unverified { background: var(--medium-bg); color: var(--medium); border: 1px dashed var(--medium); }
.panel { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px; overflow-x: auto; }
figure.diagram { margin: 0; text-align: center; }
figure.diagram svg { max-width: 100%; height: auto; }
figure.diagram figcaption { font-size: 13px; color: var(--muted); margin-top: 8px; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; justify-content: center; font-size: 12px; color: var(--muted); margin-top: 10px; }
.legend span::before { content: ""; display: inline-block; width: 22px; height: 0; border-top: 2px solid var(--c); margin-right: 6px; vertical-align: middle; }
.legend span.dashed::before { border-top-style: dashed; }
.legend span.dotted::before { border-top-style: dotted; }
details > summary { cursor: pointer; color: var(--muted); font-size: 14px; margin-top: 10px; }
pre { background: #f6f8fa; border: 1px solid var(--line); border-radius: 8px; padding: 12px; overflow-x: auto; font-size: 12px; text-align: left; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
caption { text-align: left; font-weight: 650; padding: 0 0 8px; }
th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .5px; color: var(--muted); font-weight: 650; background: #fafbfc; }
tbody th { font-size: 14px; text-transform: none; letter-spacing: 0; color: var(--ink); font-weight: 600; background: none; }
td code { overflow-wrap: anywhere; }
table[data-testid="line-items"] td:nth-child(2) { min-width: 240px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tfoot td { font-weight: 700; border-top: 2px solid var(--ink); border-bottom: none; }
.bar { height: 8px; background: var(--accent); border-radius: 4px; min-width: 2px; }
.bar-cell { width: 32%; }
.muted { color: var(--muted); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.finding { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--c); border-radius: 8px; padding: 10px 14px; margin-bottom: 10px; break-inside: avoid; }
.finding.high { --c: var(--high); } .finding.medium { --c: #e08a00; } .finding.low { --c: var(--low); }
.finding .head { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.finding .id { font-weight: 700; }
.finding .where { font-size: 13px; color: var(--muted); }
.finding p { margin: 6px 0 0; }
.finding .fix { font-size: 14px; }
.finding .fix strong { color: var(--ok); }
.empty { color: var(--ok); font-weight: 600; }
.compare td.num.best { color: var(--ok); font-weight: 700; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 24px; }
@media (max-width: 800px) { .grid2 { grid-template-columns: 1fr; } main { padding: 16px; } }
@media print {
  html { background: #fff; font-size: 12px; }
  header.top { background: #fff; color: var(--ink); border-bottom: 2px solid var(--ink); padding: 0 0 8px; }
  .chip { background: #eef0f3; }
  nav.toc, details { display: none; }
  main { max-width: none; padding: 0; }
  .panel, .card, .finding { border-color: #bbb; }
  section { break-inside: auto; }
  tr, .card, figure { break-inside: avoid; }
}
`;
