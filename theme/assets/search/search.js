// Referatarkivet search page. The index is prebuilt (lunr.py) and split into small
// script files: only the term shards of the query's words and the document chunks of the
// hits are loaded. Query words go through lunr.js + lunr.da exactly as lunr does, and hits
// are scored as lunr's Index.query scores them (boost × precomputed field weight, divided
// by the query vector's magnitude). The query and facets live in the page URL.
(function () {
  "use strict";

  var BASE = window.RA_SEARCH_BASE || "../search/";
  var SITE = window.RA_SITE_BASE || "../";
  var DIRECTORY_URLS = window.RA_DIRECTORY_URLS !== false;
  var FACETS = ["forum", "klynge", "aar", "aftale", "person"];
  var SHOWN = 20;  // results rendered at a time; "Vis flere" renders the next ones

  var store = { manifest: {}, facets: {}, terms: {}, docs: {} };
  window.RA_SEARCH = {
    register: function (kind, key, data) { store[kind][key] = data; }
  };

  // Loads a registering script once; resolves with what it registered.
  var loading = {};
  function load(kind, key, file) {
    var id = kind + "/" + key;
    if (!loading[id]) {
      loading[id] = new Promise(function (resolve, reject) {
        if (Object.prototype.hasOwnProperty.call(store[kind], key)) { resolve(store[kind][key]); return; }
        var script = document.createElement("script");
        script.src = BASE + file;
        script.async = true;
        script.onload = function () { resolve(store[kind][key]); };
        script.onerror = function () { reject(new Error("Kunne ikke hente " + file)); };
        document.head.appendChild(script);
      });
    }
    return loading[id];
  }

  // --- query analysis: lunr's lexer split, lunr.da's trimmer and stemmer ---------------

  function trim(word) { return lunr.da.trimmer(new lunr.Token(word, {})).toString(); }
  function stem(word) { return lunr.da.stemmer(new lunr.Token(word, {})).toString(); }
  // lunr.da drops stop words only when indexing; a stop word in a query can then only
  // match other words with the same stem ("ind" → "inden"), so queries drop them too.
  function isStopWord(word) { return lunr.da.stopWordFilter(new lunr.Token(word, {})) === undefined; }

  function clausesOf(query) {
    var clauses = [];
    query.toLowerCase().split(/[\s\-]+/).forEach(function (raw) {
      if (!raw) { return; }
      var wildcard = /\*$/.test(raw);
      var word = trim(raw.replace(/\*+$/, ""));
      if (!word || (!wildcard && isStopWord(word))) { return; }
      if (wildcard) {
        clauses.push({ prefix: word });
      } else {
        var stemmed = stem(word);
        if (stemmed) { clauses.push({ term: stemmed }); }
      }
    });
    return clauses;
  }

  function shardKeysFor(clauses, manifest) {
    var keys = {};
    var all = Object.keys(manifest.shards);
    clauses.forEach(function (c) {
      var word = c.term || c.prefix;
      if (c.term || word.length >= manifest.prefix) {
        keys[word.slice(0, manifest.prefix)] = true;
      } else {
        all.forEach(function (k) { if (k.indexOf(word) === 0) { keys[k] = true; } });
      }
    });
    return Object.keys(keys).filter(function (k) { return manifest.shards[k] !== undefined; });
  }

  function termsOf(clause, shards, manifest) {
    var word = clause.term || clause.prefix, found = [];
    var has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };
    if (clause.term) {
      var terms = shards[word.slice(0, manifest.prefix)];
      if (terms && has(terms, word)) { found.push([word, terms[word]]); }
      return found;
    }
    Object.keys(shards).sort().forEach(function (key) {
      if (key.indexOf(word.slice(0, manifest.prefix)) !== 0) { return; }
      Object.keys(shards[key]).sort().forEach(function (t) { if (t.indexOf(word) === 0) { found.push([t, shards[key][t]]); } });
    });
    return found;
  }

  // lunr's scoring: query vector over matched index terms (boost 1 per clause occurrence),
  // score = Σ boost × weight over fields, divided by the query vector's magnitude.
  function score(clauses, shards, manifest) {
    var vector = {}, postings = {};
    clauses.forEach(function (clause) {
      termsOf(clause, shards, manifest).forEach(function (pair) {
        vector[pair[0]] = (vector[pair[0]] || 0) + 1;
        postings[pair[0]] = pair[1];
      });
    });
    var magnitude = Math.sqrt(Object.keys(vector).reduce(function (s, t) { return s + vector[t] * vector[t]; }, 0));
    var scores = {};
    Object.keys(vector).forEach(function (t) {
      postings[t].forEach(function (row) {
        scores[row[0]] = (scores[row[0]] || 0) + vector[t] * row[2];
      });
    });
    return Object.keys(scores).map(function (doc) {
      return { doc: Number(doc), score: scores[doc] / magnitude };
    }).sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
  }

  // Display data of the given hits only (chunks of docsPerChunk documents).
  function loadDocs(hits, manifest) {
    var chunks = {};
    hits.forEach(function (h) { chunks[Math.floor(h.doc / manifest.docsPerChunk)] = true; });
    return Promise.all(Object.keys(chunks).map(function (c) { return load("docs", c, "docs/" + c + ".js"); }))
      .then(function () {
        hits.forEach(function (h) { h.meta = store.docs[Math.floor(h.doc / manifest.docsPerChunk)][h.doc % manifest.docsPerChunk]; });
        return hits;
      });
  }

  // --- facets -----------------------------------------------------------------------

  // A facets.js row: [type (0 = item), forum, year, date, agreements, people].
  function facetValues(row, manifest) {
    var forum = row[1] >= 0 ? manifest.forums[row[1]] : null;
    return {
      forum: forum ? [forum.id] : [],
      klynge: forum ? [forum.cluster] : [],
      aar: row[2] ? [String(row[2])] : [],
      aftale: row[4].map(function (n) { return manifest.agreements[n].id; }),
      person: row[5].map(function (n) { return manifest.people[n].id; })
    };
  }

  function labelFor(facet, value, manifest) {
    var table = { forum: manifest.forums, aftale: manifest.agreements, person: manifest.people }[facet];
    if (!table) { return value; }
    var entry = table.filter(function (e) { return e.id === value; })[0];
    return entry ? entry.name : value;
  }

  function fillFacets(items, selected, manifest) {
    FACETS.forEach(function (facet) {
      var counts = {};
      items.forEach(function (h) { facetValues(h.row, manifest)[facet].forEach(function (v) { counts[v] = (counts[v] || 0) + 1; }); });
      if (selected[facet] && !counts[selected[facet]]) { counts[selected[facet]] = 0; }
      var select = document.getElementById("ra-facet-" + facet);
      var values = Object.keys(counts).sort(function (a, b) {
        return facet === "aar" ? b.localeCompare(a) : labelFor(facet, a, manifest).localeCompare(labelFor(facet, b, manifest), "da");
      });
      select.length = 1;
      values.forEach(function (v) {
        var option = document.createElement("option");
        option.value = v;
        option.textContent = labelFor(facet, v, manifest) + " (" + counts[v] + ")";
        option.selected = v === selected[facet];
        select.appendChild(option);
      });
    });
  }

  // --- rendering (text only: everything inserted is set as textContent) -------------

  function siteHref(path) {
    if (!DIRECTORY_URLS) {
      var parts = path.split("#");
      if (parts[0] === "" || /\/$/.test(parts[0])) { parts[0] += "index.html"; }
      path = parts.join("#");
    }
    return SITE + path;
  }

  function highlight(text, clauses) {
    var terms = {}, prefixes = [];
    clauses.forEach(function (c) { if (c.term) { terms[c.term] = true; } else { prefixes.push(c.prefix); } });
    var fragment = document.createDocumentFragment();
    text.split(/(\s+)/).forEach(function (part) {
      var word = trim(part.toLowerCase());
      var hit = word && (terms[stem(word)] || prefixes.some(function (p) { return word.indexOf(p) === 0; }));
      if (hit) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(part));
      }
    });
    return fragment;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text !== undefined) { el.textContent = text; }
    return el;
  }

  function renderEntity(hit) {
    var li = element("li");
    var a = element("a", "ra-result-title", hit.meta.h);
    a.href = siteHref(hit.meta.u);
    li.appendChild(a);
    li.appendChild(element("p", "ra-meta", hit.meta.s));
    return li;
  }

  function renderItem(hit, clauses, manifest) {
    var meta = hit.meta, li = element("li");
    var forum = manifest.forums[meta.f];
    li.appendChild(element("p", "ra-kicker", forum.name + " · " + meta.d));
    var a = element("a", "ra-result-title");
    a.appendChild(highlight("Punkt " + meta.h, clauses));
    a.href = siteHref(meta.u);
    li.appendChild(a);
    if (meta.s) {
      var p = element("p", "ra-result-excerpt");
      if (meta.sl) { p.appendChild(element("span", "ra-result-label", meta.sl + ": ")); }
      p.appendChild(highlight(meta.s, clauses));
      li.appendChild(p);
    }
    if (meta.a && meta.a.length) {
      var chips = element("p", "ra-chips");
      chips.appendChild(element("span", "ra-chips-label", "Aftaler:"));
      meta.a.forEach(function (n, i) {
        var link = element("a", "ra-chip", manifest.agreements[n].name);
        link.href = siteHref("aftaler/" + manifest.agreements[n].id + "/");
        chips.appendChild(document.createTextNode(i ? ", " : " "));
        chips.appendChild(link);
      });
      li.appendChild(chips);
    }
    return li;
  }

  function setStatus(text) { document.getElementById("ra-status").textContent = text; }

  function run(params) {
    var query = (params.get("q") || "").trim();
    var sort = params.get("sort") || "";
    var selected = {};
    FACETS.forEach(function (f) { selected[f] = params.get(f) || ""; });
    // Facets are open on wide screens and whenever one is in use; folded on a phone.
    var box = document.getElementById("ra-facets-box");
    if (box && (window.innerWidth >= 700 || FACETS.some(function (f) { return selected[f]; }))) { box.open = true; }
    document.getElementById("ra-q").value = query;
    document.getElementById("ra-sort").value = sort;
    var header = document.getElementById("ra-header-q");
    if (header) { header.value = query; }
    if (!query) { setStatus("Skriv et eller flere søgeord."); return Promise.resolve(); }
    setStatus("Søger …");
    var started = performance.now();
    var clauses = clausesOf(query);
    return Promise.all([load("manifest", "", "manifest.js"), load("facets", "", "facets.js")]).then(function (loaded) {
      var manifest = loaded[0], facets = loaded[1];
      var keys = shardKeysFor(clauses, manifest);
      return Promise.all(keys.map(function (k) { return load("terms", k, "terms/" + manifest.shards[k] + ".js"); }))
        .then(function () {
          var shards = {};
          keys.forEach(function (k) { shards[k] = store.terms[k]; });
          var hits = score(clauses, shards, manifest);
          hits.forEach(function (h) { h.row = facets[h.doc]; });
          return hits;
        })
        .then(function (hits) { return show(hits, clauses, selected, sort, query, manifest); })
        .then(function () {
          window.RA_SEARCH.elapsed = performance.now() - started;  // submit to rendered, for the benchmark
        });
    }).catch(function (error) { setStatus("Søgningen kunne ikke gennemføres: " + error.message); });
  }

  function show(hits, clauses, selected, sort, query, manifest) {
    window.RA_SEARCH.ranking = hits.map(function (h) { return [h.doc, h.score]; });  // for tests
    var filtering = FACETS.some(function (f) { return selected[f]; });
    var entities = filtering ? [] : hits.filter(function (h) { return h.row[0] !== 0; }).slice(0, 5);
    var items = hits.filter(function (h) { return h.row[0] === 0; });
    fillFacets(items, selected, manifest);
    items = items.filter(function (h) {
      var values = facetValues(h.row, manifest);
      return FACETS.every(function (f) { return !selected[f] || values[f].indexOf(selected[f]) >= 0; });
    });
    if (sort === "dato") {
      items.sort(function (a, b) { return b.row[3].localeCompare(a.row[3]) || b.score - a.score; });
    }
    var entityList = document.getElementById("ra-entities"), list = document.getElementById("ra-results");
    entityList.textContent = "";
    list.textContent = "";
    var n = items.length;
    var text = n === 0 ? "Ingen dagsordenspunkter fundet for »" + query + "«."
      : (n === 1 ? "1 dagsordenspunkt" : n + " dagsordenspunkter") + " fundet for »" + query + "«.";
    if (entities.length) { text += " " + (entities.length === 1 ? "1 side" : entities.length + " sider") + " om emnet står øverst."; }
    return loadDocs(entities, manifest).then(function () {
      entities.forEach(function (h) { entityList.appendChild(renderEntity(h)); });
      return renderMore(items, 0, clauses, manifest);
    }).then(function () { setStatus(text); });
  }

  // Renders results from `from` on, SHOWN at a time, with a button for the next ones.
  function renderMore(items, from, clauses, manifest) {
    var list = document.getElementById("ra-results");
    var page = items.slice(from, from + SHOWN);
    return loadDocs(page, manifest).then(function () {
      var old = document.getElementById("ra-more");
      if (old) { old.remove(); }
      page.forEach(function (h) { list.appendChild(renderItem(h, clauses, manifest)); });
      if (from + SHOWN < items.length) {
        var more = element("button", "ra-more", "Vis flere (" + (items.length - from - SHOWN) + " tilbage)");
        more.id = "ra-more";
        more.type = "button";
        more.addEventListener("click", function () {
          var next = list.children.length;
          renderMore(items, from + SHOWN, clauses, manifest).then(function () {
            var first = list.children[next] && list.children[next].querySelector("a");
            if (first) { first.focus(); }
          });
        });
        list.parentNode.insertBefore(more, list.nextSibling);
      }
    });
  }

  function init() {
    var form = document.getElementById("ra-search");
    if (!form) { return; }
    // Facet and sort changes search at once; the form's GET puts everything in the URL.
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { form.submit(); });
    });
    form.addEventListener("submit", function () {
      form.querySelectorAll("select").forEach(function (s) { s.disabled = !s.value; });  // keep the URL short
    });
    window.RA_SEARCH.done = run(new URLSearchParams(window.location.search));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
