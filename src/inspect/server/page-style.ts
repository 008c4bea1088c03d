/** The inspector page's stylesheet (served as `/assets/style.css`; no inline styles, so the CSP can forbid them). */
export const PAGE_CSS = `
:root {
  --bg: #f6f7f9; --panel: #ffffff; --ink: #1c2330; --muted: #6b7485; --line: #e3e6ec; --hover: #f1f4f9;
  --agent: #7c3aed; --model: #0e8fb3; --tool: #d97706; --downstream: #2563eb; --other: #9aa3b2; --error: #dc2626;
  --turn: #334155; --sel: #e8effd; --label-w: 300px; --detail-w: 440px;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #0f131a; --panel: #161b24; --ink: #e5e9f0; --muted: #8b94a5; --line: #262d3a; --hover: #1c2230;
    --turn: #cbd5e1; --sel: #1d2a44; }
}
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
a { color: var(--downstream); text-decoration: none; }
a:hover { text-decoration: underline; }
code { font-family: var(--mono); font-size: 12.5px; }
.muted { color: var(--muted); }
.top { display: flex; align-items: center; gap: 16px; padding: 10px 20px; background: var(--panel);
  border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 5; }
.brand { font-weight: 700; font-size: 16px; color: var(--ink); }
.brand:hover { text-decoration: none; }
.logo { color: var(--agent); }
.brand-sub { font-weight: 400; color: var(--muted); }
.source { margin-left: auto; color: var(--muted); font-size: 12px; font-family: var(--mono); }
.layout { display: flex; align-items: flex-start; }
main { flex: 1; min-width: 0; padding: 18px 20px 40px; }
.detail { width: var(--detail-w); flex: none; position: sticky; top: 49px; height: calc(100vh - 49px); overflow: auto;
  background: var(--panel); border-left: 1px solid var(--line); padding: 16px 18px 40px; }
.detail[hidden] { display: none; }
h1 { font-size: 20px; margin: 4px 0 6px; font-weight: 650; }
h2 { font-size: 16px; margin: 4px 0 10px; word-break: break-word; }
h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 18px 0 8px; }
.page-head { display: flex; align-items: baseline; gap: 12px; }
.toolbar { display: flex; gap: 10px; margin: 10px 0 14px; }
.search { flex: 1; max-width: 520px; padding: 8px 12px; border: 1px solid var(--line); border-radius: 8px;
  background: var(--panel); color: var(--ink); font: inherit; }
.filter { padding: 8px 10px; border: 1px solid var(--line); border-radius: 8px; background: var(--panel); color: var(--ink); font: inherit; }
.conv-table { width: 100%; border-collapse: separate; border-spacing: 0; background: var(--panel);
  border: 1px solid var(--line); border-radius: 10px; overflow: hidden; }
.conv-table th { text-align: left; font-size: 12px; font-weight: 600; color: var(--muted); padding: 9px 12px;
  border-bottom: 1px solid var(--line); background: var(--bg); }
.conv-table td { padding: 10px 12px; border-bottom: 1px solid var(--line); vertical-align: top; }
.conv-table tr:last-child td { border-bottom: 0; }
.conv-row { cursor: pointer; }
.conv-row:hover td { background: var(--hover); }
.conv-id { font-family: var(--mono); font-size: 12.5px; }
.preview { color: var(--muted); margin-top: 3px; max-width: 620px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.err { color: var(--error); font-weight: 600; }
.models, .agents, .when { color: var(--muted); white-space: nowrap; }
.badges { margin-left: 8px; }
.badge { display: inline-block; font-size: 11px; padding: 1px 7px; border-radius: 10px; margin-right: 4px;
  background: var(--hover); color: var(--muted); border: 1px solid var(--line); white-space: nowrap; }
.badge.fork { color: var(--tool); border-color: color-mix(in srgb, var(--tool) 40%, transparent); }
.badge.err { color: var(--error); border-color: color-mix(in srgb, var(--error) 40%, transparent); }
.empty { color: var(--muted); padding: 30px; text-align: center; background: var(--panel); border: 1px dashed var(--line); border-radius: 10px; }
.warning { color: var(--tool); margin: 6px 0; }
.error-box { padding: 14px; border: 1px solid var(--error); color: var(--error); border-radius: 8px; background: var(--panel); }
.back { font-size: 13px; }
.conv-title-id { font-size: 16px; }
.chips { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0 6px; }
.chip { display: inline-flex; gap: 6px; align-items: baseline; padding: 4px 10px; border-radius: 8px;
  background: var(--panel); border: 1px solid var(--line); }
.chip-label { color: var(--muted); font-size: 11.5px; }
.chip-value { font-weight: 600; font-variant-numeric: tabular-nums; }
.chip-err .chip-value { color: var(--error); }
.fork-note { color: var(--tool); margin: 4px 0; }
.legend { display: flex; gap: 14px; margin: 12px 0 8px; color: var(--muted); font-size: 12px; }
.legend-item { display: inline-flex; align-items: center; gap: 5px; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; flex: none; background: var(--other); }
.cat-agent.dot, .bar.cat-agent { background: var(--agent); }
.cat-model.dot, .bar.cat-model { background: var(--model); }
.cat-tool.dot, .bar.cat-tool { background: var(--tool); }
.cat-downstream.dot, .bar.cat-downstream { background: var(--downstream); }
.cat-other.dot, .bar.cat-other { background: var(--other); }
.timeline { position: relative; background: var(--panel); border: 1px solid var(--line); border-radius: 10px; overflow: hidden; }
.tl-row { position: relative; display: flex; align-items: center; min-height: 26px; }
.tl-label { width: var(--label-w); flex: none; display: flex; align-items: center; gap: 6px; padding: 3px 10px;
  overflow: hidden; white-space: nowrap; border-right: 1px solid var(--line); min-height: 26px; }
.tl-track { position: relative; flex: 1; height: 26px; margin-right: 14px; }
.axis-row { border-bottom: 1px solid var(--line); background: var(--bg); font-size: 11px; }
.turn-agent { color: var(--agent); font-weight: 500; }
.bar { position: absolute; top: 7px; height: 12px; border-radius: 3px; min-width: 2px; }
.bar.bar-error { background: var(--error); }
.bar-label { position: absolute; top: 5px; padding: 0 6px; font-size: 11px; color: var(--muted); white-space: nowrap; font-weight: 400; }
.span-row { cursor: pointer; font-size: 13px; }
.tl-row.selected { background: var(--sel); }
.span-name { overflow: hidden; text-overflow: ellipsis; }
.svc { font-size: 11px; color: var(--downstream); border: 1px solid color-mix(in srgb, var(--downstream) 35%, transparent);
  border-radius: 8px; padding: 0 6px; }
.err-mark, .status-error { color: var(--error); font-weight: 700; }
.is-error .span-name { color: var(--error); }
.close { float: right; border: 0; background: none; font-size: 22px; line-height: 1; cursor: pointer; color: var(--muted); }
.detail-kind { display: inline-block; font-size: 11px; text-transform: uppercase; letter-spacing: .05em; padding: 2px 8px;
  border-radius: 10px; color: #fff; background: var(--other); }
.detail-kind.cat-agent { background: var(--agent); } .detail-kind.cat-model { background: var(--model); }
.detail-kind.cat-tool { background: var(--tool); } .detail-kind.cat-downstream { background: var(--downstream); }
.detail-kind.cat-turn { background: var(--turn); }
.facts { display: grid; grid-template-columns: 90px 1fr; gap: 4px 10px; margin: 0; font-size: 13px; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; word-break: break-all; }
.ext { margin-left: 6px; font-size: 12px; white-space: nowrap; }
.attrs { width: 100%; border-collapse: collapse; font-size: 12px; table-layout: fixed; }
.attrs th { text-align: left; font-weight: 500; color: var(--muted); width: 42%; padding: 3px 8px 3px 0; vertical-align: top; word-break: break-all; }
.attrs td { font-family: var(--mono); padding: 3px 0; word-break: break-all; white-space: pre-wrap; }
.attrs tr + tr th, .attrs tr + tr td { border-top: 1px solid var(--line); }
.event-name { font-weight: 600; margin: 6px 0 2px; }
.transcript { display: flex; flex-direction: column; gap: 8px; }
.msg { max-width: 92%; padding: 8px 11px; border-radius: 12px; background: var(--bg); border: 1px solid var(--line); }
.msg-role { font-size: 10.5px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin-bottom: 3px; }
.msg.role-user { align-self: flex-end; background: color-mix(in srgb, var(--downstream) 10%, var(--panel));
  border-color: color-mix(in srgb, var(--downstream) 30%, transparent); }
.msg.role-assistant { align-self: flex-start; }
.msg.role-system { align-self: stretch; max-width: 100%; background: transparent; border-style: dashed; }
.msg.role-tool { align-self: flex-start; border-color: color-mix(in srgb, var(--tool) 35%, transparent); }
.part + .part { margin-top: 6px; }
.part.text { white-space: pre-wrap; word-break: break-word; }
.part-label { font-size: 12px; color: var(--tool); font-weight: 600; }
.code { margin: 3px 0 0; padding: 6px 8px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px;
  font: 12px/1.4 var(--mono); white-space: pre-wrap; word-break: break-all; max-height: 260px; overflow: auto; }
.trace-line { margin: 3px 0; }
.span-row:hover { background: var(--hover); }
.axis-track { height: 26px; }
.tick { position: absolute; top: 6px; padding-left: 4px; border-left: 1px solid var(--line); color: var(--muted);
  white-space: nowrap; overflow: hidden; text-overflow: clip; font-variant-numeric: tabular-nums; }
.bar-label.inside { color: #fff; text-shadow: 0 0 2px rgba(0, 0, 0, .45); }
.bar.clamped { outline: 1px dashed var(--error); }
.finder .field { flex: 1; min-width: 0; max-width: 220px; }
.overview { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; overflow: hidden; margin: 12px 0; }
.vl { position: relative; height: min(42vh, 420px); overflow-y: auto; contain: strict; }
.vl-spacer { position: relative; }
.ov-row { display: grid; grid-template-columns: 56px 104px 76px 120px 84px 130px 52px minmax(0, 1fr); gap: 8px;
  align-items: center; padding: 0 10px; font-size: 12.5px; border-bottom: 1px solid var(--line); }
.vl .ov-row { position: absolute; left: 0; right: 0; cursor: pointer; border-left: 3px solid var(--turn); }
.vl .ov-row.lane-1 { border-left-color: var(--tool); } .vl .ov-row.lane-2 { border-left-color: var(--agent); }
.vl .ov-row.lane-3 { border-left-color: var(--downstream); }
.ov-row:hover { background: var(--hover); }
.ov-row.selected { background: var(--sel); }
.ov-head { background: var(--bg); color: var(--muted); font-weight: 600; font-size: 12px; height: 30px; padding-left: 13px; }
.ov-cell { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.ov-cell.mono { font-family: var(--mono); font-size: 12px; }
.ov-cell.prompt { display: flex; gap: 6px; align-items: baseline; }
.ov-cell.prompt .said { overflow: hidden; text-overflow: ellipsis; }
.turn-agent { color: var(--agent); font-weight: 500; }
.turn-panel { margin-top: 14px; }
.turn-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 10px; margin-bottom: 8px; }
.turn-body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr); gap: 14px; align-items: start; }
.turn-transcript { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 4px 12px 12px; }
.turn-transcript h3 { margin-top: 10px; }
.capture-note { color: var(--muted); }
.capture-note p { margin: 6px 0 0; font-size: 12.5px; }
.tabs { display: flex; gap: 6px; margin: 12px 0 0; }
.tab { padding: 6px 14px; border: 1px solid var(--line); border-radius: 8px; background: var(--panel); color: var(--muted);
  font: inherit; cursor: pointer; }
.tab.active { color: var(--ink); border-color: var(--turn); font-weight: 600; }
.conv-transcript { display: flex; flex-direction: column; gap: 14px; margin-top: 12px; max-width: 900px; }
.conv-turn { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 8px 12px 12px; }
.turn-link { border: 0; background: none; padding: 0 0 8px; color: var(--downstream); font: inherit; font-weight: 600; cursor: pointer; }
.sentinel { padding: 12px 0; }
@media (max-width: 1300px) { .turn-body { grid-template-columns: 1fr; } }
@media (max-width: 1100px) { :root { --label-w: 300px; --detail-w: 360px; } }
`;
