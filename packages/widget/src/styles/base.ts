/** @module Shared styles: every colour, size and radius comes from a public `--resellerkit-*` custom property with a default. */
import { css } from 'lit';

export const base = css`
  :host {
    --_fg: var(--resellerkit-color-text, #1c2430);
    --_bg: var(--resellerkit-color-background, #ffffff);
    --_surface: var(--resellerkit-color-surface, #f4f6f8);
    --_border: var(--resellerkit-color-border, #c9d1da);
    --_muted: var(--resellerkit-color-muted, #56606c);
    --_primary: var(--resellerkit-color-primary, #0b5cad);
    --_on-primary: var(--resellerkit-color-on-primary, #ffffff);
    --_danger: var(--resellerkit-color-danger, #b3261e);
    --_success: var(--resellerkit-color-success, #1e6b34);
    --_focus: var(--resellerkit-focus-ring, 0 0 0 3px #f0b400);
    --_radius: var(--resellerkit-radius, 6px);
    --_space: var(--resellerkit-spacing, 0.75rem);
    display: block;
    color: var(--_fg);
    font-family: var(--resellerkit-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--resellerkit-font-size, 1rem);
    line-height: 1.45;
    min-width: 0;
  }
  [hidden] { display: none !important; }
  *, *::before, *::after { box-sizing: border-box; }
  h2, h3, h4 { margin: 0 0 var(--_space); line-height: 1.2; }
  h2 { font-size: 1.25em; }
  h3 { font-size: 1.1em; }
  h4 { font-size: 1em; }
  p { margin: 0 0 var(--_space); }
  button, input, select, textarea { font: inherit; color: inherit; }
  button {
    cursor: pointer;
    border: 1px solid var(--_border);
    background: var(--_bg);
    border-radius: var(--_radius);
    padding: 0.4em 0.9em;
    min-height: 2.5em;
  }
  button.primary { background: var(--_primary); border-color: var(--_primary); color: var(--_on-primary); font-weight: 600; }
  button.danger { color: var(--_danger); border-color: currentColor; }
  button:disabled { opacity: 0.55; cursor: not-allowed; }
  :focus-visible { outline: none; box-shadow: var(--_focus); }
  input, select, textarea {
    width: 100%;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.45em 0.6em;
    background: var(--_bg);
    min-height: 2.5em;
  }
  [aria-invalid='true'] { border-color: var(--_danger); }
  label { display: block; font-weight: 600; margin-bottom: 0.25em; }
  .field { margin-bottom: var(--_space); }
  .hint { color: var(--_muted); font-size: 0.875em; margin: 0.25em 0 0; }
  .field-error { color: var(--_danger); font-size: 0.875em; margin: 0.25em 0 0; }
  .row { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: end; }
  .row > * { flex: 1 1 12em; }
  .row > button { flex: 0 0 auto; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.5em; justify-content: flex-end; margin-top: var(--_space); }
  .error { color: var(--_danger); border: 1px solid var(--_danger); border-radius: var(--_radius); padding: 0.5em 0.75em; margin: 0 0 var(--_space); }
  .status { color: var(--_success); margin: 0 0 var(--_space); }
  .status:empty { display: none; }
  .muted { color: var(--_muted); }
  .table-wrap { overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 0.5em; border-bottom: 1px solid var(--_border); vertical-align: top; }
  th { font-size: 0.875em; color: var(--_muted); font-weight: 600; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  dialog {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 1.5);
    width: min(36rem, calc(100vw - 1rem));
    max-height: calc(100vh - 1rem);
    color: var(--_fg);
    background: var(--_bg);
  }
  dialog::backdrop { background: rgb(0 0 0 / 0.4); }
  /* Hidden from sight only; clip-path and a zero margin box keep it from widening anything around it. */
  .sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .badge { display: inline-block; border-radius: 999px; padding: 0 0.6em; background: var(--_surface); border: 1px solid var(--_border); font-size: 0.875em; }
  .badge.rejected { color: var(--_danger); border-color: var(--_danger); }
  .badge.engagement-none { color: var(--_danger); border-color: var(--_danger); }
  .badge.engagement-medium, .badge.engagement-high { color: var(--_success); border-color: var(--_success); }
  label.check { display: inline-flex; align-items: center; gap: 0.4em; font-weight: 400; }
  /* A checkbox keeps its own size: the text fields' full width and padding would draw it as an empty box. */
  input[type='checkbox'] { width: auto; min-height: 0; padding: 0; margin: 0; accent-color: var(--_primary); }
  fieldset { border: 0; padding: 0; margin: 0; min-width: 0; }
  legend { font-weight: 700; padding: 0; margin: 0 0 0.5em; }
  fieldset + fieldset { margin-top: var(--_space); }
  .progress { display: flex; flex-wrap: wrap; gap: 0.25em 1em; list-style: none; padding: 0; margin: 0 0 var(--_space); font-size: 0.875em; color: var(--_muted); counter-reset: step; }
  .progress li { counter-increment: step; }
  .progress li::before { content: counter(step) '. '; }
  .progress li[aria-current='step'] { color: var(--_primary); font-weight: 700; }
  dl.summary { display: grid; grid-template-columns: minmax(0, auto) minmax(0, 1fr); gap: 0.25em 1em; margin: 0 0 var(--_space); }
  dl.summary dt { color: var(--_muted); }
  dl.summary dd { margin: 0; }
  [tabindex='-1']:focus { outline: none; }
  .bar { display: flex; flex-wrap: wrap; gap: 0.5em 1em; align-items: center; justify-content: space-between; margin-bottom: var(--_space); }
  .bar h2, .bar h3 { margin: 0; }
  .bar .row > * { flex: 0 0 auto; }
  .mt { margin-top: var(--_space); }
  .note { border-left: 3px solid var(--_danger); padding: 0.25em 0.75em; background: var(--_surface); border-radius: 0 var(--_radius) var(--_radius) 0; }
  .file { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: center; }
  .file input { position: absolute; width: 1px; height: 1px; opacity: 0; }
  .file label { display: inline-flex; align-items: center; margin: 0; font-weight: 400; cursor: pointer; border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.4em 0.9em; min-height: 2.5em; background: var(--_bg); }
  .file input:focus-visible + label { box-shadow: var(--_focus); }
  /* Sizes follow the element's own width, not the window's: a portal in a narrow column stacks like one on a phone. */
  .cq { container-type: inline-size; }
  /* Words wrap whole; only names and addresses (one long "word") may break anywhere, so they never widen a table. */
  th, td { overflow-wrap: break-word; }
  td.title, .addr { overflow-wrap: anywhere; }
  th { white-space: nowrap; }
  td select { width: auto; min-width: max-content; }
  td.date { white-space: nowrap; }
  tr.detail > td { border-left: 3px solid var(--_primary); }
  td.title .muted { font-weight: 400; }
  td.buttons { width: 1%; }
  .search { max-width: 24em; margin-bottom: 0.5em; }
  td.buttons .row { flex-wrap: nowrap; justify-content: flex-end; }
  td.buttons button, td.buttons .row > * { flex: 0 0 auto; white-space: nowrap; }
  @container (max-width: 52rem) {
    /* Narrow: tables become stacked cards; every cell carries its column's name as a label. */
    table.stack thead { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip-path: inset(50%); }
    table.stack, table.stack tbody, table.stack tr { display: block; width: auto; }
    table.stack tr { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.5em 0.75em; margin: 0 0 0.5em; }
    table.stack td { display: flex; flex-wrap: wrap; gap: 0 0.75em; align-items: baseline; border: 0; padding: 0.2em 0; text-align: left; width: auto; min-width: 0; }
    table.stack td::before { content: attr(data-label); flex: 0 0 min(9em, 40%); color: var(--_muted); font-weight: 600; font-size: 0.875em; }
    table.stack td.title { display: block; font-weight: 700; }
    table.stack td.title::before, table.stack td.full::before, table.stack td.buttons::before { content: none; }
    table.stack td.full, table.stack td.buttons { display: block; }
    table.stack td.buttons .row { flex-wrap: wrap; justify-content: flex-start; }
    /* A long label (Skicka inbjudan igen) wraps inside its button rather than out of a 320 px card. */
    table.stack td.buttons button { white-space: normal; }
    table.stack tr.detail { border-color: var(--_primary); }
    table.stack tr.detail > td { border-left: 0; }
  }
  @container (min-width: 30rem) and (max-width: 52rem) {
    /* Cards with room to spare show their fields in two columns. */
    table.stack tr { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); column-gap: 1.5em; }
    table.stack td.title, table.stack td.full, table.stack td.buttons { grid-column: 1 / -1; }
  }
`;
