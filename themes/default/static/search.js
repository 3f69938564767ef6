/* Kepu offline search: no framework, no network beyond the page's own index script.
   Tokenising mirrors src/search.rs exactly: Han bigrams, lower-cased light-stemmed words. */
(function (root) {
  "use strict";
  function cp(c) { return c.codePointAt(0); }
  function isHan(c) {
    var n = cp(c);
    return (n >= 0x3040 && n <= 0x30FF) || (n >= 0x3400 && n <= 0x4DBF) || (n >= 0x4E00 && n <= 0x9FFF) ||
      (n >= 0xAC00 && n <= 0xD7AF) || (n >= 0xF900 && n <= 0xFAFF) || (n >= 0x20000 && n <= 0x3134F);
  }
  function isMark(c) {
    var n = cp(c);
    return (n >= 0x0F71 && n <= 0x0F84) || (n >= 0x0F8D && n <= 0x0FBC) || (n >= 0x064B && n <= 0x065F) ||
      n === 0x670 || n === 0x200C || n === 0x200D;
  }
  var wordChar = /[\p{Alphabetic}\p{N}]/u;
  function cons(w, i) {
    var c = w[i];
    if ("aeiou".indexOf(c) >= 0) return false;
    return c === "y" ? i === 0 || !cons(w, i - 1) : true;
  }
  function measure(w) {
    var m = 0, prevVowel = false;
    for (var i = 0; i < w.length; i++) { var v = !cons(w, i); if (prevVowel && !v) m++; prevVowel = v; }
    return m;
  }
  function hasVowel(w) { for (var i = 0; i < w.length; i++) if (!cons(w, i)) return true; return false; }
  function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
  /* Porter step 1, as in src/search.rs. */
  function stem(w) {
    if (!/^[\x00-\x7f]*$/.test(w) || w.length <= 2) return w;
    if (ends(w, "sses") || ends(w, "ies")) w = w.slice(0, -2);
    else if (!ends(w, "ss") && ends(w, "s")) w = w.slice(0, -1);
    if (ends(w, "eed")) { if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1); }
    else {
      var cut = ends(w, "ed") && hasVowel(w.slice(0, -2)) ? 2 : ends(w, "ing") && hasVowel(w.slice(0, -3)) ? 3 : 0;
      if (cut) {
        w = w.slice(0, -cut);
        var n = w.length;
        if (ends(w, "at") || ends(w, "bl") || ends(w, "iz")) w += "e";
        else if (n >= 2 && w[n - 1] === w[n - 2] && cons(w, n - 1) && "lsz".indexOf(w[n - 1]) < 0) w = w.slice(0, -1);
        else if (measure(w) === 1 && n >= 3 && cons(w, n - 3) && !cons(w, n - 2) && cons(w, n - 1) && "wxy".indexOf(w[n - 1]) < 0) w += "e";
      }
    }
    if (ends(w, "y") && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + "i";
    return w;
  }
  function tokens(text) {
    var out = [], han = [], word = "";
    function flushHan() {
      if (han.length === 1) out.push(han[0]);
      for (var i = 0; i + 1 < han.length; i++) out.push(han[i] + han[i + 1]);
      han = [];
    }
    function flushWord() { if (word) { out.push(stem(word)); word = ""; } }
    for (var c of text) {
      if (isHan(c)) { flushWord(); han.push(c); }
      else if (wordChar.test(c) || isMark(c)) { flushHan(); word += c.toLowerCase(); }
      else { flushHan(); flushWord(); }
    }
    flushHan(); flushWord();
    return out;
  }
  function postings(index, t) {
    if (index.terms[t]) return index.terms[t];
    // A single character, or an unfinished word: every term that contains (Han) or starts with it.
    var seen = {}, out = [];
    Object.keys(index.terms).forEach(function (k) {
      if (isHan(t[0]) ? k.indexOf(t) >= 0 : k.indexOf(t) === 0) {
        index.terms[k].forEach(function (d) { if (!seen[d]) { seen[d] = 1; out.push(d); } });
      }
    });
    return out;
  }
  function search(index, query) {
    var toks = tokens(query);
    if (!index || !toks.length) return [];
    var hits = null;
    toks.forEach(function (t) {
      var p = postings(index, t);
      // A character pair that appears nowhere straddles two words ("筛查乙肝" → "查乙"): skip it.
      if (!p.length && isHan(t[0]) && t.length === 2) return;
      hits = hits === null ? p.slice() : hits.filter(function (d) { return p.indexOf(d) >= 0; });
    });
    if (hits === null) return [];
    var q = query.trim().toLowerCase();
    return hits.map(function (d) { return index.docs[d]; }).sort(function (a, b) {
      return (b[0].toLowerCase().indexOf(q) >= 0) - (a[0].toLowerCase().indexOf(q) >= 0);
    });
  }
  root.KepuSearch = { tokens: tokens, stem: stem, search: search };

  if (typeof document === "undefined") return;
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("kepu-search");
    if (!form) return;
    var input = form.querySelector("input[name=q]");
    var list = document.getElementById("kepu-results");
    var status = document.getElementById("kepu-status");
    var index = (root.KEPU_SEARCH || {})[document.documentElement.lang];
    function show(q) {
      list.textContent = "";
      if (!q.trim()) { status.textContent = ""; return; }
      var results = search(index, q);
      status.textContent = (form.getAttribute("data-count") || "{count}").replace("{count}", results.length);
      results.slice(0, 50).forEach(function (r) {
        var li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
        a.href = r[1]; a.textContent = r[0]; p.textContent = r[2];
        li.appendChild(a); li.appendChild(p); list.appendChild(li);
      });
    }
    var q = new URLSearchParams(location.search).get("q") || "";
    input.value = q;
    show(q);
    input.addEventListener("input", function () { show(input.value); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
      show(input.value);
    });
  });
})(typeof window !== "undefined" ? window : globalThis);
