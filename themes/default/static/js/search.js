// Site search, entirely in the browser, from the index loa writes under
// /search/<lang>/. Queries are folded like the index (no accents, đ -> d),
// every word must match (the last as a prefix, so results come while
// typing), and title matches rank first. Results are built with DOM text
// nodes only, so a query or title can never inject markup.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!form || !input || !list) return;
  var base = form.getAttribute("data-index");
  // In an offline copy, result links are relative to the index folder.
  var indexUrl = new URL(base, location.href);
  // An offline copy (file://, where fetch is refused) loads its whole index
  // with a <script> that sets this global.
  var bundled = window.loaSearchIndex;
  var cache = {};

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đð]/g, "d").replace(/[ĐÐ]/g, "D").toLowerCase();
  }
  function tokens(s) {
    return fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }
  function get(path) {
    if (bundled) {
      return path in bundled ? Promise.resolve(bundled[path]) : Promise.reject(new Error(path));
    }
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
    }
    return cache[path];
  }
  // Compares two terms by code points, the order loa sorts them in (plain
  // `<` compares UTF-16 units, which differs past U+FFFF).
  function cmp(a, b) {
    var n = Math.min(a.length, b.length), i = 0;
    while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    return i === n ? a.length - b.length : a.codePointAt(i) - b.codePointAt(i);
  }
  // The shard files that can hold `word` (every word it starts, if
  // `prefix`). Small keys share a file named after the first of them,
  // listed in meta.packs. A key too big for one file is in pieces, listed
  // in meta.split by their first terms; a word whose list is cut starts
  // each piece it is in. meta.shared says how much of each first term the
  // piece before's last term shares: a piece ends before a word that the
  // next piece starts with when it shares less of it.
  function files(meta, key, word, prefix) {
    var firsts = meta.split && meta.split[key];
    if (!firsts) return [has(meta.packs, key) ? meta.packs[key] : key];
    var shared = (meta.shared && meta.shared[key]) || [];
    return firsts.map(function (f, i) {
      var next = firsts[i + 1];
      var from = cmp(f, word) <= 0 || (prefix && f.indexOf(word) === 0);
      var endsBefore = next !== undefined && next.indexOf(word) === 0 && shared[i + 1] < word.length;
      var to = next === undefined || (cmp(next, word) > 0 && !endsBefore) || f === word;
      return from && to ? key + "-" + i : null;
    }).filter(Boolean);
  }
  // The prefix whose lists a prefix reads: its own (meta.prefixes gives
  // how many pieces its summed list is in), or those of an earlier prefix
  // with the same lists (meta.prefixes names it).
  function listsOf(meta, word) {
    var v = meta.prefixes[word];
    return typeof v === "string" ? v : word;
  }
  // Scores of documents matching one query word (exactly, or as a prefix).
  // A term's list is the gaps between its documents, then their scores.
  function match(meta, word, prefix) {
    if (prefix && has(meta.prefixes, word)) {
      // A prefix whose words fill many pieces: its scores summed in one list.
      var name = listsOf(meta, word), parts = [];
      for (var i = 0; i < meta.prefixes[name]; i++) parts.push(get("s/" + name + "-" + i + ".json"));
      return Promise.all(parts).then(function (lists) {
        var scores = {};
        lists.forEach(function (p) { decode(p, 1, scores); });
        return scores;
      });
    }
    var key = Array.from(word).slice(0, 2).join("");
    if (meta.shards.indexOf(key) === -1) return Promise.resolve({});
    return Promise.all(files(meta, key, word, prefix).map(function (f) {
      return get("t/" + f + ".json");
    })).then(function (shards) {
      var scores = {};
      shards.forEach(function (shard) {
        Object.keys(shard).forEach(function (term) {
          var exact = term === word;
          if (!exact && !(prefix && term.indexOf(word) === 0)) return;
          decode(shard[term], exact ? 2 : 1, scores);
        });
      });
      return scores;
    });
  }
  function has(o, k) { return !!o && Object.prototype.hasOwnProperty.call(o, k); }
  // Gaps then scores (a term's list, or a top list) as {doc: score}.
  function decode(p, weight, scores) {
    var n = p.length / 2, doc = 0;
    for (var i = 0; i < n; i++) {
      doc += p[i];
      scores[doc] = (scores[doc] || 0) + p[n + i] * weight;
    }
    return scores;
  }
  // The ranked documents of a query and how many match. A one-word query
  // whose prefix has a top list (a short prefix of a large portal, whose
  // words fill many pieces) reads its best documents and count there.
  function ranked(meta, words) {
    if (words.length === 1 && has(meta.prefixes, words[0])) {
      return get("p/" + listsOf(meta, words[0]) + "-top.json").then(function (t) {
        return { scores: [decode(t.top, 1, {})], total: t.total };
      });
    }
    return Promise.all(words.map(function (w, i) {
      return match(meta, w, i === words.length - 1 || w.length < 4);
    })).then(function (per) { return { scores: per }; });
  }
  function search(query) {
    var words = tokens(query);
    if (!words.length) return Promise.resolve({ words: words, hits: [] });
    return get("meta.json").then(function (meta) {
      return ranked(meta, words).then(function (r) {
        var per = r.scores;
        var hits = Object.keys(per[0]).filter(function (d) {
          return per.every(function (s) { return d in s; });
        }).map(function (d) {
          var sum = per.reduce(function (a, s) { return a + s[d]; }, 0);
          return { doc: +d, score: sum };
        });
        hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
        var total = r.total === undefined ? hits.length : r.total;
        hits = hits.slice(0, 30);
        var chunks = {};
        hits.forEach(function (h) { chunks[Math.floor(h.doc / meta.chunk)] = true; });
        return Promise.all(Object.keys(chunks).map(function (c) {
          return get("d/" + c + ".json").then(function (docs) { return [c, docs]; });
        })).then(function (loaded) {
          var byChunk = {};
          loaded.forEach(function (x) { byChunk[x[0]] = x[1]; });
          hits.forEach(function (h) { h.data = byChunk[Math.floor(h.doc / meta.chunk)][h.doc % meta.chunk]; });
          return { words: words, hits: hits, total: total };
        });
      });
    });
  }
  // Appends `text` to `el`, wrapping the query words in <mark>.
  function highlight(el, text, words) {
    var folded = fold(text);
    var marks = [];
    words.forEach(function (w) {
      var re = new RegExp("(^|[^\\p{L}\\p{N}])(" + w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")", "gu");
      var m;
      while ((m = re.exec(folded))) {
        marks.push([m.index + m[1].length, m.index + m[1].length + m[2].length]);
        if (re.lastIndex === m.index) re.lastIndex++;
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var at = 0;
    marks.forEach(function (r) {
      if (r[0] < at) return;
      el.appendChild(document.createTextNode(text.slice(at, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      el.appendChild(mark);
      at = r[1];
    });
    el.appendChild(document.createTextNode(text.slice(at)));
  }
  function snippet(text, words) {
    var folded = fold(text);
    var first = -1;
    words.forEach(function (w) {
      var i = folded.indexOf(w);
      if (i !== -1 && (first === -1 || i < first)) first = i;
    });
    var start = Math.max(0, first - 60);
    var s = text.slice(start, start + 200);
    return (start > 0 ? "… " : "") + s + (start + 200 < text.length ? " …" : "");
  }
  function render(query, result) {
    list.textContent = "";
    if (!result.words.length) { status.textContent = ""; return; }
    if (!result.hits.length) {
      status.textContent = form.getAttribute("data-none") + ": “" + query + "”";
      return;
    }
    status.textContent = result.total + " " + form.getAttribute("data-results") + " “" + query + "”";
    result.hits.forEach(function (h) {
      var d = h.data;
      var li = document.createElement("li");
      li.className = "item";
      var h3 = document.createElement("h3");
      var a = document.createElement("a");
      a.setAttribute("href", bundled ? new URL(d[1], indexUrl).href : d[1]);
      highlight(a, d[0], result.words);
      h3.appendChild(a);
      li.appendChild(h3);
      var meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = [d[2], d[3]].filter(Boolean).join(" · ");
      li.appendChild(meta);
      var p = document.createElement("p");
      highlight(p, snippet(d[4], result.words), result.words);
      li.appendChild(p);
      list.appendChild(li);
    });
  }
  var latest = 0;
  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    status.textContent = query ? form.getAttribute("data-loading") : "";
    search(query).then(function (r) {
      if (ticket === latest) render(query, r);
    }).catch(function (e) { status.textContent = String(e); });
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    try {
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    } catch (err) {
      // Some browsers refuse to change the address of a file:// page.
    }
    run();
  });
  input.addEventListener("input", run);
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; run(); }
})();
