/* Kepu offline search; mirrors src/search.rs, which describes the index. */
((root) => {
"use strict";
var han = /^[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\u{20000}-\u{3134F}]/u;
var wordChar = /[\p{Alphabetic}\p{N}\u0F71-\u0F84\u0F8D-\u0FBC\u064B-\u065F\u0670\u200C\u200D]/u;
var len = t => [...t].length, el = t => document.createElement(t);
function cons(w, i) { var c = w[i]; return "aeiou".indexOf(c) < 0 && (c !== "y" || !i || !cons(w, i - 1)); }
var cv = w => [...w].map((c, i) => (cons(w, i) ? "c" : "v")).join("");
var measure = w => (cv(w).match(/vc/g) || []).length, vowel = w => /v/.test(cv(w));
/* Porter step 1. */
function stem(w) {
  if (/[^\x00-\x7f]/.test(w) || w.length < 3) return w;
  if (/(sses|ies)$/.test(w)) w = w.slice(0, -2);
  else if (/[^s]s$/.test(w)) w = w.slice(0, -1);
  var m = /(eed|ed|ing)$/.exec(w), e = m && m[1].length;
  if (m && m[1] === "eed") { if (measure(w.slice(0, -3))) w = w.slice(0, -1); }
  else if (m && vowel(w.slice(0, -e))) {
    w = w.slice(0, -e);
    var n = w.length, z = w[n - 1];
    if (/(at|bl|iz)$/.test(w)) w += "e";
    else if (z === w[n - 2] && cons(w, n - 1) && !/[lsz]/.test(z)) w = w.slice(0, -1);
    else if (measure(w) === 1 && /cvc$/.test(cv(w)) && !/[wxy]/.test(z)) w += "e";
  }
  return /y$/.test(w) && vowel(w.slice(0, -1)) ? w.slice(0, -1) + "i" : w;
}
function tokens(text) {
  var out = [], h = [], word = "";
  function flush() {
    if (h.length === 1) out.push(h[0]);
    for (var i = 0; i + 1 < h.length; i++) out.push(h[i] + h[i + 1]);
    if (word) out.push(stem(word));
    h = []; word = "";
  }
  for (var c of text) {
    if (han.test(c)) { if (word) flush(); h.push(c); }
    else if (wordChar.test(c)) { if (h.length) flush(); word += c.toLowerCase(); }
    else flush();
  }
  flush();
  return out;
}
/* 32-bit FNV-1a of the first 3 code points; top bits pick the shard. */
function hash(t) {
  var h = 0x811c9dc5;
  for (var c of [...t].slice(0, 3)) h = Math.imul(h ^ c.codePointAt(0), 16777619);
  return h >>> 0;
}
var shardOf = (t, shards) => Math.floor(hash(t) * shards / 4294967296);

var reg = root.KEPU_SEARCH = root.KEPU_SEARCH || {};
var ix = lang => (reg[lang] = reg[lang] || { terms: Object.create(null), loaded: {}, sums: {} });
/* A document is [title, url, summary (null until its summaries file is in), number]. */
root.KEPU_SEARCH_DOCS = (lang, d) => {
  var x = ix(lang), s = root.document && document.currentScript;
  x.src = s && s.src;
  x.shards = d.shards;
  x.v = d.versions;
  x.per = d.summary_docs;
  x.sv = d.summary_versions;
  x.docs = d.docs.map((e, n) => [e[0], d.base + e[1], null, n]);
};
root.KEPU_SEARCH_SUMMARIES = (lang, k, list) => {
  var x = ix(lang);
  list.forEach((s, i) => { var d = x.docs && x.docs[k * x.per + i]; if (d) d[2] = s; });
  x.sums[k] = 1;
};
root.KEPU_SEARCH_SHARD = (lang, n, terms) => {
  var x = ix(lang);
  for (var k in terms) x.terms[k] = terms[k];
  x.loaded[n] = 1;
};

function decode(s) { var d = 0; return s.split(",").map(v => (d += parseInt(v, 36))); }
function postings(x, t) {
  if (t in x.terms) return decode(x.terms[t]);
  // Not a term: terms containing it (Han) or starting with it.
  var out = new Set(), h = han.test(t);
  for (var k in x.terms) if (h ? k.includes(t) : k.startsWith(t)) decode(x.terms[k]).forEach(d => out.add(d));
  return [...out].sort((a, b) => a - b);
}
/* Searches the loaded shards, leaving out tokens where skip(t). */
function search(x, query, skip) {
  var hits = null, q = query.trim().toLowerCase();
  tokens(query).forEach(t => {
    if (skip && skip(t)) return;
    var p = postings(x, t), has = new Set(p);
    // A pair found nowhere straddles two words (筛查乙肝 → 查乙): skip it.
    if (!p.length && han.test(t) && len(t) === 2) return;
    hits = hits ? hits.filter(d => has.has(d)) : p;
  });
  return (hits || []).map(d => x.docs[d]).sort((a, b) => b[0].toLowerCase().includes(q) - a[0].toLowerCase().includes(q));
}
/* A lone Han character or a short non-term may match in any shard. */
var broad = (x, t) => !(t in x.terms) && len(t) < (han.test(t) ? 2 : 3);
/* Adds the script `name-k.js` once; its own call marks seen[k] = 1 when it has run. */
function add(x, seen, name, k, v) {
  return seen[k] || (seen[k] = new Promise(ok => {
    var s = document.head.appendChild(el("script"));
    s.onload = ok;
    s.onerror = () => ok(delete seen[k]);
    s.src = new URL(name + "-" + k + ".js?v=" + v, x.src).href;
  }));
}
var load = (x, shards) => Promise.all(shards.map(n => add(x, x.loaded, "shard", n, x.v[n])));
/* Loads the summaries of the documents `docs`. */
function summaries(x, docs) {
  var files = [...new Set(docs.filter(d => d[2] == null).map(d => Math.floor(d[3] / x.per)))];
  return Promise.all(files.map(k => add(x, x.sums, "sum", k, x.sv[k])));
}
/* Loads what a query needs. Live (as-you-type) queries never load every shard: they leave
   broad tokens out (null if all are). */
function find(x, query, live) {
  var toks = tokens(query);
  return load(x, toks.map(t => shardOf(t, x.shards))).then(() => {
    var wide = toks.filter(t => broad(x, t)), rest = [];
    for (var n = 0; n < x.shards; n++) if (x.loaded[n] !== 1) rest.push(n);
    if (!wide.length || !rest.length) return search(x, query);
    if (live) return wide.length < toks.length ? search(x, query, t => broad(x, t)) : null;
    return load(x, rest).then(() => search(x, query));
  });
}
/* A result's address: the index's base may be relative to docs.js (the offline copy), and a page
   opened from a folder has no server to find a folder's index.html. */
function link(x, url) {
  if (!x.src) return url;
  var u = new URL(url, x.src);
  if (u.protocol === "file:" && u.pathname.endsWith("/")) u.pathname += "index.html";
  return u.href;
}
root.KepuSearch = { tokens, stem, hash, shardOf, search, find, summaries };

if (!root.document) return;
document.addEventListener("DOMContentLoaded", () => {
  var byId = id => document.getElementById(id), form = byId("kepu-search"), seq = 0, timer;
  if (!form) return;
  var input = form.q, list = byId("kepu-results");
  function show(live) {
    var me = ++seq, x = reg[document.documentElement.lang], q = input.value;
    /* Titles show at once; summaries fill in as their files arrive. */
    function render(r) {
      if (me !== seq) return;
      list.textContent = "";
      byId("kepu-status").textContent = r ? form.dataset.count.replace("{count}", r.length) : "";
      var shown = (r || []).slice(0, 50), texts = shown.map(d => {
        var li = el("li"), a = el("a"), p = el("p");
        a.href = link(x, d[1]); a.textContent = d[0]; p.textContent = d[2] || "";
        li.append(a, p); list.append(li);
        return p;
      });
      summaries(x, shown).then(() => me === seq && shown.forEach((d, i) => (texts[i].textContent = d[2] || "")));
    }
    if (q.trim() && x && x.src) find(x, q, live).then(render); else render(null);
  }
  input.value = new URLSearchParams(location.search).get("q") || "";
  show(false);
  input.oninput = () => { clearTimeout(timer); timer = setTimeout(show, 150, true); };
  form.onsubmit = e => {
    e.preventDefault();
    clearTimeout(timer);
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    show(false);
  };
});
})(typeof window !== "undefined" ? window : globalThis);
