#include "engine/audit/audit_html_assets.h"

namespace vtune {

const char* const kAuditHtmlStyle = R"CSS(
:root { --change: #e8890c; --error: #d0312d; --unknown: #9b4dca; --advisory: #3a87c8;
        --waived: #9a9a9a; --compliant: #3f9c35; --na: #e4e4e4; --ink: #1d2430; --line: #d8dde3; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       margin: 0; background: #f6f7f9; }
header { background: #1d2430; color: #fff; padding: 16px 24px; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header p { margin: 0; color: #c5ccd6; }
main { padding: 16px 24px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px;
          margin-bottom: 16px; }
h2 { font-size: 16px; margin: 0 0 8px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin-top: 12px; }
.card { background: #fff; color: var(--ink); border-radius: 6px; padding: 8px 14px; min-width: 110px;
        border-left: 6px solid var(--na); }
.card b { display: block; font-size: 22px; }
.card.compliant { border-color: var(--compliant); } .card.drift { border-color: var(--change); }
.card.incomplete { border-color: var(--unknown); } .card.error, .card.failed { border-color: var(--error); }
table { border-collapse: collapse; }
.top td, .top th, .plan td, .plan th { padding: 3px 8px; border-bottom: 1px solid var(--line);
        text-align: left; vertical-align: top; }
.bar { display: inline-block; height: 10px; background: var(--change); border-radius: 2px; }
#filters { display: flex; gap: 16px; flex-wrap: wrap; align-items: center; }
#filters label { display: flex; gap: 6px; align-items: center; }
#filters input[type=search] { width: 220px; }
#shown { color: #5b6573; }
.scroll { overflow: auto; max-height: 75vh; }
#matrix th.rule { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
        font-weight: normal; font-size: 12px; padding: 4px 0; width: 20px; }
#matrix thead th { position: sticky; top: 0; background: #fff; z-index: 1; }
#matrix td, #matrix th { border: 1px solid #fff; }
#matrix td.host { white-space: nowrap; padding: 0 8px; cursor: pointer; max-width: 320px;
        overflow: hidden; text-overflow: ellipsis; }
#matrix td.host small { color: #6b7480; margin-left: 6px; }
#matrix tbody tr:hover td.host { background: #eef3fa; }
#matrix td.cell { width: 20px; height: 20px; text-align: center; font-size: 11px; cursor: pointer;
        color: #fff; }
#matrix td.failure { color: var(--error); padding: 0 8px; }
.s-c { background: var(--compliant); } .s-d { background: var(--change); }
.s-e { background: var(--error); } .s-u { background: var(--unknown); }
.s-a { background: var(--advisory); } .s-w { background: var(--waived); }
.s-n { background: var(--na); color: #888 !important; } .s-none { background: #fafafa; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; color: #fff; font-size: 12px; }
.st-compliant { background: var(--compliant); } .st-drift { background: var(--change); }
.st-incomplete { background: var(--unknown); } .st-error, .st-failed { background: var(--error); }
.legend span { display: inline-block; margin-right: 12px; }
.legend i { display: inline-block; width: 12px; height: 12px; vertical-align: middle; margin-right: 4px; }
#detail h2 { display: flex; justify-content: space-between; }
.plan tr.focus td { background: #fff6d6; }
.plan td.val { font-family: ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all; }
.muted { color: #6b7480; }
button { cursor: pointer; }
)CSS";

const char* const kAuditHtmlScript = R"JS(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('audit-data').textContent);
  var S = data.strings;
  data.hosts.forEach(function (h, i) { h.index = i; });
  var CODES = 'cdanweu';
  var NAMES = { c: 'compliant', d: 'change', a: 'advisory', n: 'not-applicable', w: 'waived',
                e: 'error', u: 'unknown', '-': 'no item' };
  var MARKS = { c: '\u2713', d: '\u2715', a: 'i', n: '\u00b7', w: 'w', e: '!', u: '?', '-': '' };
  var PAGE = 200;
  var shownLimit = PAGE;
  var $ = function (id) { return document.getElementById(id); };
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function count(rule, code) { return rule.n[CODES.indexOf(code)]; }

  // Filters: the tag list comes from the rules.
  var tags = {};
  data.rules.forEach(function (r) { r.tags.forEach(function (t) { tags[t] = true; }); });
  Object.keys(tags).sort().forEach(function (t) {
    var o = el('option', null, t); o.value = t; $('f-tag').appendChild(o);
  });

  function visibleRules() {
    var tag = $('f-tag').value, state = $('f-state').value, findings = $('f-findings').checked;
    var cols = [];
    data.rules.forEach(function (r, i) {
      if (tag && r.tags.indexOf(tag) < 0) return;
      if (state && count(r, state) === 0) return;
      if (findings && !(count(r, 'd') || count(r, 'e') || count(r, 'u') || count(r, 'a'))) return;
      cols.push(i);
    });
    return cols;
  }

  function hostMatches(h, cols) {
    var q = $('f-host').value.trim().toLowerCase(), status = $('f-status').value;
    var state = $('f-state').value;
    if (q && (h.name + ' ' + h.hostname + ' ' + h.path).toLowerCase().indexOf(q) < 0) return false;
    if (status && h.status !== status) return false;
    if (state) {
      for (var k = 0; k < cols.length; ++k) if (h.cells.charAt(cols[k]) === state) return true;
      return false;
    }
    return true;
  }

  function hostLabel(td, h) {
    td.appendChild(document.createTextNode(h.name));
    if (h.hostname && h.hostname !== h.name) td.appendChild(el('small', null, h.hostname));
  }

  function render() {
    var cols = visibleRules();
    var head = $('matrix-head'), body = $('matrix-body');
    head.textContent = '';
    body.textContent = '';
    var tr = el('tr');
    tr.appendChild(el('th', null, 'host'));
    tr.appendChild(el('th', null, 'status'));
    cols.forEach(function (c) {
      var r = data.rules[c];
      var th = el('th', 'rule', r.id);
      th.title = r.id + ': ' + r.title + '\n' + count(r, 'd') + ' hosts to change, ' +
                 count(r, 'e') + ' in error, ' + count(r, 'u') + ' unknown';
      tr.appendChild(th);
    });
    head.appendChild(tr);
    var matching = data.hosts.filter(function (h) { return hostMatches(h, cols); });
    var frag = document.createDocumentFragment();
    matching.slice(0, shownLimit).forEach(function (h) {
      var row = el('tr', 'host-row');
      row.dataset.host = String(h.index);
      var name = el('td', 'host');
      hostLabel(name, h);
      name.title = h.path;
      row.appendChild(name);
      var st = el('td');
      st.appendChild(el('span', 'badge st-' + h.status, h.status));
      row.appendChild(st);
      if (h.status === 'failed') {
        var f = el('td', 'failure', h.failure);
        f.colSpan = Math.max(cols.length, 1);
        row.appendChild(f);
      } else {
        cols.forEach(function (c) {
          var code = h.cells.charAt(c);
          var td = el('td', 'cell ' + (code === '-' ? 's-none' : 's-' + code), MARKS[code]);
          td.dataset.col = String(c);
          td.title = h.name + ' / ' + data.rules[c].id + ': ' + NAMES[code];
          row.appendChild(td);
        });
      }
      frag.appendChild(row);
    });
    body.appendChild(frag);
    var shown = Math.min(shownLimit, matching.length);
    $('shown').textContent = 'showing ' + shown + ' of ' + matching.length + ' matching hosts (' +
        data.hosts.length + ' in all), ' + cols.length + ' of ' + data.rules.length + ' rules';
    var more = $('more');
    more.hidden = matching.length <= shownLimit;
    more.textContent = 'show ' + Math.min(PAGE, matching.length - shown) + ' more hosts';
  }

  function showHost(index, col) {
    var h = data.hosts[index], d = $('detail');
    try { history.replaceState(null, '', '#host=' + encodeURIComponent(h.name)); } catch (e) {}
    d.textContent = '';
    d.hidden = false;
    var h2 = el('h2');
    var title = el('span');
    hostLabel(title, h);
    h2.appendChild(title);
    var close = el('button', null, 'close');
    close.addEventListener('click', function () { d.hidden = true; });
    h2.appendChild(close);
    d.appendChild(h2);
    var meta = el('p');
    meta.appendChild(el('span', 'badge st-' + h.status, h.status));
    meta.appendChild(document.createTextNode(' ' + h.path));
    d.appendChild(meta);
    if (h.status === 'failed') {
      d.appendChild(el('p', 'failure', h.failure));
      d.scrollIntoView();
      return;
    }
    var c = h.counts;
    d.appendChild(el('p', null, (c[0] + c[1] + c[2] + c[3] + c[4] + c[5] + c[6]) + ' items: ' +
        c[0] + ' compliant, ' + c[1] + ' to change, ' + c[2] + ' advisories, ' + c[4] +
        ' waived, ' + c[3] + ' n/a, ' + c[5] + ' errors, ' + c[6] + ' unknown' +
        (h.warnings ? '; ' + h.warnings + ' files the probes could not read' : '')));
    if (col !== undefined) {
      var code = h.cells.charAt(col);
      d.appendChild(el('p', 'muted', data.rules[col].id + ' (' + data.rules[col].title + '): ' +
          NAMES[code] + ' on this host'));
    }
    if (!h.items.length) {
      d.appendChild(el('p', null, 'Nothing needs attention on this host.'));
      d.scrollIntoView();
      return;
    }
    d.appendChild(el('p', 'muted', 'Compliant and not-applicable items are counted, not listed.'));
    var table = el('table', 'plan');
    var hr = el('tr');
    ['state', 'rule', 'setting or subject', 'current', 'desired', 'why'].forEach(function (t) {
      hr.appendChild(el('th', null, t));
    });
    table.appendChild(hr);
    var focus = null;
    h.items.forEach(function (it) {
      var tr = el('tr');
      var code = it[1];
      var st = el('td');
      st.appendChild(el('span', 'badge s-' + code, NAMES[code]));
      tr.appendChild(st);
      tr.appendChild(el('td', null, data.rules[it[0]].id));
      tr.appendChild(el('td', 'val', S[it[2]] || S[it[3]]));
      tr.appendChild(el('td', 'val', S[it[4]]));
      tr.appendChild(el('td', 'val', S[it[5]]));
      var why = S[it[6]];
      if (S[it[7]]) why += (why ? '; ' : '') + 'waived: ' + S[it[7]];
      tr.appendChild(el('td', null, why));
      if (it[0] === col) { tr.className = 'focus'; if (!focus) focus = tr; }
      table.appendChild(tr);
    });
    d.appendChild(table);
    (focus || d).scrollIntoView();
  }

  $('matrix-body').addEventListener('click', function (ev) {
    var td = ev.target.closest('td');
    var tr = ev.target.closest('tr.host-row');
    if (!tr) return;
    showHost(Number(tr.dataset.host), td && td.dataset.col !== undefined ? Number(td.dataset.col)
                                                                         : undefined);
  });
  $('more').addEventListener('click', function () { shownLimit += PAGE; render(); });
  ['f-host', 'f-status', 'f-state', 'f-tag', 'f-findings'].forEach(function (id) {
    $(id).addEventListener('input', function () { shownLimit = PAGE; render(); });
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape') $('detail').hidden = true;
  });
  render();
  // A link to one host's plan: report.html#host=NAME opens it.
  var m = /^#host=(.*)$/.exec(location.hash);
  if (m) {
    var wanted = decodeURIComponent(m[1]);
    for (var i = 0; i < data.hosts.length; ++i)
      if (data.hosts[i].name === wanted) { showHost(i); break; }
  }
})();
)JS";

}  // namespace vtune
