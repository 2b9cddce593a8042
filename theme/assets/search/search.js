// Referatarkivet search page. The index is prebuilt (lunr's BM25 weights) and split into
// small script files: only the term shards of the query's words, the facet table and the
// document chunks of the shown hits are loaded. Query words go through lunr.js + lunr.da exactly as lunr does, and hits
// are scored as lunr's Index.query scores them (boost × precomputed field weight, divided
// by the query vector's magnitude). The query and facets live in the page URL.
(function () {
  "use strict";

  var BASE = window.RA_SEARCH_BASE || "../search/";
  var SITE = window.RA_SITE_BASE || "../";
  // The file a link to a folder names: "index.html" in a build without directory URLs
  // (opened from disk), else "" (generator/urls.py, page_links).
  var INDEX_FILE = window.RA_INDEX_FILE || "";
  var FACETS = ["forum", "klynge", "aar", "aftale", "person", "udfald"];
  var SHOWN = 10;  // results rendered at a time; "Vis flere" renders the next ones

  // Every map keyed by data or by the URL has no prototype: a word or facet value such as
  // "constructor", "__proto__" or "toString" is then a key like any other.
  function dict() { return Object.create(null); }

  var store = { manifest: dict(), facets: dict(), terms: dict(), docs: dict(), suggest: dict() };
  var runs = 0;  // searches started: a result arriving for an older one is dropped
  var shownFor = null;  // the shown search's matching items and filters, for the menus
  window.RA_SEARCH = {
    register: function (kind, key, data) { if (Object.prototype.hasOwnProperty.call(store, kind)) { store[kind][key] = data; } }
  };

  // For tests and the benchmark: [document, score] of every match, in ranked order.
  Object.defineProperty(window.RA_SEARCH, "ranking", {
    get: function () {
      var r = this.result;
      return r && r.docs.slice().sort(r.before).map(function (d) { return [d, r.score(d)]; });
    }
  });

  // Loads a registering script once; resolves with what it registered.
  var loading = dict();
  function load(kind, key, file) {
    var id = kind + "/" + key;
    if (!loading[id]) {
      loading[id] = new Promise(function (resolve, reject) {
        if (Object.prototype.hasOwnProperty.call(store[kind], key)) { resolve(store[kind][key]); return; }
        var script = document.createElement("script");
        script.src = BASE + file;
        script.async = true;
        script.onload = function () { resolve(store[kind][key]); };
        script.onerror = function () {  // a later search tries again
          delete loading[id];
          script.remove();
          reject(new Error("Kunne ikke hente " + file));
        };
        document.head.appendChild(script);
      });
    }
    return loading[id];
  }

  // The manifest, which every search needs, loads as the page opens. The facet table
  // (running it and building its model takes longer than fetching the query's term files)
  // is taken only when needed: before the results when the URL filters or sorts by date,
  // else after them, for the menus; on a page opened without a query, at once, while the
  // user types. The page preloads both, so neither waits for the network. The agreement
  // and person menus' tables (LIST_FACETS: the items linking to each agreement and person,
  // most of the facet data in a large archive) are fetched only for a filter by them or
  // when the user reaches for their menu: a first search does without them.
  var LIST_FACETS = ["aftale", "person"];
  var manifestLoaded = load("manifest", "", "manifest.js");
  var modelLoaded = null;
  function facetModelLoaded(lists) {
    if (!modelLoaded) {
      modelLoaded = Promise.all([manifestLoaded, load("facets", "", "facets.js")])
        .then(function (loaded) { return facetModel(loaded[0], loaded[1]); });
    }
    if (!lists || !lists.length) { return modelLoaded; }
    return modelLoaded.then(function (model) {
      return Promise.all(lists.map(function (f) { return model.facets[f].loaded(); }))
        .then(function () { return model; });
    });
  }

  // --- query analysis: lunr's lexer split, lunr.da's trimmer and stemmer ---------------

  function trim(word) { return lunr.da.trimmer(new lunr.Token(word, {})).toString(); }
  function stem(word) { return lunr.da.stemmer(new lunr.Token(word, {})).toString(); }
  // Danish letters folded as the index does (generator/search/analysis.py): aa/ae/oe read
  // as å/æ/ø before stemming, å/æ/ø written a/e/o after it, so "Skaarhoej", "Skarhoj" and
  // "Skårhøj" are one term.
  var DANISH_LETTER = { aa: "å", ae: "æ", oe: "ø" };
  var FOLDED = { "å": "a", "æ": "e", "ø": "o", "é": "e", "ä": "e", "ö": "o", "ü": "u" };
  function danishLetters(word) { return word.replace(/aa|ae|oe/g, function (m) { return DANISH_LETTER[m]; }); }
  function fold(term) { return term.replace(/[åæøéäöü]/g, function (m) { return FOLDED[m]; }); }
  function termOf(word) { return fold(stem(danishLetters(word))); }
  // lunr.da drops stop words only when indexing; a stop word in a query can then only
  // match other words with the same stem ("ind" → "inden"), so queries drop them too.
  function isStopWord(word) {
    return [word, danishLetters(word)].some(function (w) {
      return lunr.da.stopWordFilter(new lunr.Token(w, {})) === undefined;
    });
  }

  function clausesOf(query) {
    var clauses = [];
    query.toLowerCase().split(/[\s\-]+/).forEach(function (raw) {
      if (!raw) { return; }
      var wildcard = /\*$/.test(raw);
      var word = trim(raw.replace(/\*+$/, ""));
      if (!word || (!wildcard && isStopWord(word))) { return; }
      if (wildcard) {
        clauses.push({ prefix: fold(danishLetters(word)) });
      } else {
        var stemmed = termOf(word);
        if (stemmed) { clauses.push({ term: stemmed, typed: word }); }
      }
    });
    return clauses;
  }

  // --- the index: term shards in JavaScript's string order --------------------------

  // The shard whose range holds `word`: the last one whose first term is not after it.
  function shardOf(word, manifest) {
    var firsts = manifest.shards, lo = 0, hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= word) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }

  // Shards a clause needs: one for a word, the whole range of its terms for a prefix.
  function shardsFor(clause, manifest) {
    if (clause.term) { return [shardOf(clause.term, manifest)]; }
    var first = shardOf(clause.prefix, manifest), last = shardOf(clause.prefix + "\uffff", manifest), out = [];
    for (var n = first; n <= last; n++) { out.push(n); }
    return out;
  }

  var has = Object.prototype.hasOwnProperty;

  function termsOf(clause, manifest) {
    var found = [];
    shardsFor(clause, manifest).forEach(function (n) {
      var shard = store.terms[n].terms;
      if (clause.term) {
        if (has.call(shard, clause.term)) { found.push([clause.term, shard[clause.term]]); }
        return;
      }
      Object.keys(shard).sort().forEach(function (t) {
        if (t.lastIndexOf(clause.prefix, 0) === 0) { found.push([t, shard[t]]); }
      });
    });
    return found;
  }

  function loadShards(numbers) {
    var unique = Array.from(new Set(numbers));
    return Promise.all(unique.map(function (n) { return load("terms", String(n), "terms/" + n + ".js"); }));
  }

  // --- compounds (generator/search/compounds.py) ------------------------------------

  var LINKS = ["", "s", "e"], MIN_PART = 4, MAX_LENGTH = 40, MAX_QUERY_SPLITS = 4;
  var SUFFIXES = new Set(["skab"]);  // a derivational ending, not a word (formandskab)
  // A common part (more postings than compounds.py's COMMON_POSTINGS: the manifest lists
  // every such term) is not asked for: its term file is large and it tells little
  // ("aftal" in "samarbejdsaftale" in a large archive).
  function isCommon(term, manifest) { return has.call(manifest.common, term); }

  // How many (field, document) postings a term has: 0 when the index does not hold it.
  // Only for common terms (listed in the manifest) and terms whose shard is loaded.
  function frequency(term, manifest) {
    if (has.call(manifest.common, term)) { return manifest.common[term]; }
    var shard = store.terms[shardOf(term, manifest)].terms;
    return has.call(shard, term) ? shard[term].reduce(function (s, f) { return s + f[1].length; }, 0) : 0;
  }

  // The split into two known parts with the highest product of frequencies.
  function bestSplit(term, count) {
    var best = null, bestScore = 0;
    if (term.length > MAX_LENGTH) { return null; }
    for (var i = MIN_PART; i <= term.length - MIN_PART; i++) {
      var head = term.slice(0, i), fHead = count(head);
      if (!fHead) { continue; }
      LINKS.forEach(function (link) {
        var tail = term.slice(i + link.length);
        if (!term.startsWith(link, i) || tail.length < MIN_PART || SUFFIXES.has(tail)) { return; }
        var score = fHead * count(tail);
        if (score > bestScore) { best = [head, tail]; bestScore = score; }
      });
    }
    return best;
  }

  // Every word bestSplit may look up for `term`.
  function candidateParts(term) {
    var out = [];
    if (term.length > MAX_LENGTH) { return out; }
    for (var i = MIN_PART; i <= term.length - MIN_PART; i++) {
      out.push(term.slice(0, i));
      LINKS.forEach(function (link) {
        if (term.startsWith(link, i) && term.length - i - link.length >= MIN_PART) { out.push(term.slice(i + link.length)); }
      });
    }
    return out;
  }

  // The clauses and, after them, the parts of each compound word: the split the index
  // gives for a term it holds, or for one it does not, the best split into two of its
  // terms (loading the shards of the candidate parts that are not common); common parts
  // are left out. As query.py's with_compound_parts.
  function withCompoundParts(clauses, manifest) {
    var unknown = clauses.filter(function (c) { return c.term && !frequency(c.term, manifest); })
      .slice(0, MAX_QUERY_SPLITS);
    var candidates = [];
    unknown.forEach(function (c) {
      candidateParts(c.term).forEach(function (t) {
        if (!has.call(manifest.common, t)) { candidates.push(shardOf(t, manifest)); }
      });
    });
    return loadShards(candidates).then(function () {
      var parts = [];
      clauses.forEach(function (c) {
        if (!c.term) { return; }
        var split = null;
        if (frequency(c.term, manifest)) {
          var known = store.terms[shardOf(c.term, manifest)].parts;
          split = has.call(known, c.term) ? known[c.term] : null;
        } else if (unknown.indexOf(c) >= 0) {
          split = bestSplit(c.term, function (t) { return frequency(t, manifest); });
        }
        var kept = (split || []).filter(function (part) { return !isCommon(part, manifest); });
        c.split = kept.length ? kept : null;
        kept.forEach(function (part) { parts.push({ term: part, part: true }); });
      });
      var all = clauses.concat(parts);
      return loadShards([].concat.apply([], parts.map(function (c) { return shardsFor(c, manifest); })))
        .then(function () { return all; });
    });
  }

  // lunr's scoring: the query vector counts each matched index term once per clause;
  // score = Σ count × field weight, divided by the query vector's magnitude. Weights are
  // integers (× 1000), so sums are exact and equal scores exactly equal. The matches stay
  // unsorted: a page of results needs only its first ranks (see `first`).
  function score(clauses, manifest) {
    var vector = dict(), postings = dict();
    clauses.forEach(function (clause) {
      termsOf(clause, manifest).forEach(function (pair) {
        vector[pair[0]] = (vector[pair[0]] || 0) + 1;
        postings[pair[0]] = pair[1];
      });
    });
    var terms = Object.keys(vector);
    var magnitude = Math.sqrt(terms.reduce(function (s, t) { return s + vector[t] * vector[t]; }, 0));
    var sums = new Float64Array(manifest.count), seen = new Uint8Array(manifest.count), docs = [];
    terms.forEach(function (t) {
      postings[t].forEach(function (field) {
        var deltas = field[1], weights = field[2], doc = 0;
        for (var i = 0; i < deltas.length; i++) {
          doc += deltas[i];
          if (!seen[doc]) { seen[doc] = 1; docs.push(doc); }  // a weight of 0 still matches
          sums[doc] += vector[t] * weights[i];
        }
      });
    });
    return {
      docs: docs,
      score: function (doc) { return sums[doc] / 1000 / magnitude; },
      // Higher score first; equal scores in document order.
      before: function (a, b) { return sums[b] - sums[a] || a - b; }
    };
  }

  // The first k of `list` in the order `before` gives, without sorting all of it: a query
  // for a common word matches most of the archive, and a page shows ten.
  function first(list, k, before) {
    if (k >= list.length / 8) { return list.slice().sort(before).slice(0, k); }
    var best = [];
    for (var i = 0; i < list.length; i++) {
      var x = list[i];
      if (best.length === k && before(best[k - 1], x) <= 0) { continue; }
      var lo = 0, hi = best.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (before(best[mid], x) <= 0) { lo = mid + 1; } else { hi = mid; }
      }
      best.splice(lo, 0, x);
      if (best.length > k) { best.pop(); }
    }
    return best;
  }

  // Display data of the given documents only (chunks of docsPerChunk documents).
  function loadDocs(docs, manifest) {
    var per = manifest.docsPerChunk, chunks = dict();
    docs.forEach(function (d) { chunks[Math.floor(d / per)] = true; });
    return Promise.all(Object.keys(chunks).map(function (c) { return load("docs", c, "docs/" + c + ".js"); }))
      .then(function () {
        return docs.map(function (d) { return { doc: d, meta: store.docs[Math.floor(d / per)][d % per] }; });
      });
  }

  // --- facets -----------------------------------------------------------------------

  function undelta(deltas) {
    var out = new Array(deltas.length), n = 0;
    for (var i = 0; i < deltas.length; i++) { n += deltas[i]; out[i] = n; }
    return out;
  }

  // Value ids -> row number of a table of {id, name}. A Map: an id from the URL such as
  // "constructor" or "__proto__" is just an unknown value.
  function idMap(table) {
    var map = new Map();
    table.forEach(function (e, n) { map.set(e.id, n); });
    return map;
  }

  // A facet whose value is its meeting's (forum, cluster, year).
  function meetingFacet(meetingOf, values, label) {
    return {
      of: function (d) { var m = meetingOf[d]; return m < 0 ? [] : [values[m]]; },
      label: label || function (v) { return v; }
    };
  }

  // A facet whose values are the table rows (agreements, people) listing the item. Its
  // labels are the manifest's; which items each value has comes from the facet's own file,
  // fetched by loaded() (once; again after a failure). Until then no item has a value.
  function listFacet(facet, table, count) {
    var byDoc = null, numbers = idMap(table), loading = null;
    return {
      of: function (d) { return byDoc && byDoc[d] || []; },
      label: function (v) { return numbers.has(v) ? table[numbers.get(v)].name : v; },
      isLoaded: function () { return byDoc !== null; },
      loaded: function () {
        if (!loading) {
          loading = load("facets", facet, "facets-" + facet + ".js").then(function (lists) {
            var docs = new Array(count);
            lists.forEach(function (deltas, n) {
              undelta(deltas).forEach(function (d) { (docs[d] || (docs[d] = [])).push(table[n].id); });
            });
            byDoc = docs;
          }, function (error) { loading = null; throw error; });
        }
        return loading;
      }
    };
  }

  // A facet with one value per item (its outcome), listed in the vocabulary's order.
  function itemFacet(valueOf, table) {
    var numbers = idMap(table);
    return {
      of: function (d) { return valueOf[d] === undefined ? [] : [valueOf[d]]; },
      label: function (v) { return numbers.has(v) ? table[numbers.get(v)].name : v; },
      order: function (v) { return numbers.has(v) ? numbers.get(v) : table.length; }
    };
  }

  // The facet tables turned into lookups: each item's meeting, per meeting its rank by
  // date, and per facet (FACETS) the values of an item and the label of a value.
  function facetModel(manifest, facets) {
    var meetingOf = new Int32Array(manifest.count).fill(-1), doc = manifest.entities;
    facets.meetings.forEach(function (m, n) {
      for (var i = 0; i < m[2]; i++) { meetingOf[doc++] = n; }
    });
    var byDate = facets.meetings.map(function (m, n) { return n; })
      .sort(function (a, b) { return facets.meetings[a][1] < facets.meetings[b][1] ? -1 : facets.meetings[a][1] > facets.meetings[b][1] ? 1 : a - b; });
    var dateRank = new Int32Array(facets.meetings.length);
    byDate.forEach(function (m, rank) { dateRank[m] = rank; });
    // Per item (by document number) its outcome's id: facets.outcomes has a digit per item.
    var outcomes = manifest.outcomes || [], outcomeOf = new Array(manifest.count);
    for (var i = 0; i < (facets.outcomes || "").length; i++) {
      outcomeOf[manifest.entities + i] = outcomes[facets.outcomes.charCodeAt(i) - 48].id;
    }
    var forums = idMap(manifest.forums);
    var column = function (f) { return facets.meetings.map(f); };
    return {
      meetingOf: meetingOf,
      dateRank: dateRank,
      facets: {
        forum: meetingFacet(meetingOf, column(function (m) { return manifest.forums[m[0]].id; }),
          function (v) { return forums.has(v) ? manifest.forums[forums.get(v)].name : v; }),
        klynge: meetingFacet(meetingOf, column(function (m) { return manifest.forums[m[0]].cluster; })),
        aar: meetingFacet(meetingOf, column(function (m) { return m[1].slice(0, 4); })),
        aftale: listFacet("aftale", manifest.agreements, manifest.count),
        person: listFacet("person", manifest.people, manifest.count),
        udfald: itemFacet(outcomeOf, outcomes)
      }
    };
  }

  // By meeting date (newest first unless `oldest`); the items of one meeting, and meetings
  // of the same date, in document order, which is agenda order.
  function byDate(model, oldest) {
    var sign = oldest ? 1 : -1;
    return function (a, b) {
      return sign * (model.dateRank[model.meetingOf[a]] - model.dateRank[model.meetingOf[b]]) || a - b;
    };
  }

  function active(selected) { return FACETS.filter(function (f) { return selected[f]; }); }

  function hasValue(facet, doc, value) { return facet.of(doc).indexOf(value) >= 0; }

  // The items that have every selected facet value.
  function filterItems(items, selected, model) {
    var on = active(selected);
    return items.filter(function (d) {
      return on.every(function (f) { return hasValue(model.facets[f], d, selected[f]); });
    });
  }

  // Per facet (of `facets`), value -> number of items having it among the items that pass
  // every *other* selected facet: each menu shows what choosing one of its values would give.
  function facetCounts(items, selected, model, facets) {
    var on = active(selected), counts = {};
    facets.forEach(function (f) { counts[f] = new Map(); });
    items.forEach(function (d) {
      var failed = null, fails = 0;
      for (var i = 0; i < on.length && fails < 2; i++) {
        if (!hasValue(model.facets[on[i]], d, selected[on[i]])) { failed = on[i]; fails++; }
      }
      if (fails > 1) { return; }
      facets.forEach(function (f) {
        if (fails && failed !== f) { return; }
        model.facets[f].of(d).forEach(function (v) { counts[f].set(v, (counts[f].get(v) || 0) + 1); });
      });
    });
    return counts;
  }

  var collator = new Intl.Collator("da");

  function facetLabel(facet) {
    var label = document.querySelector("label[for='ra-facet-" + facet + "']");
    return label ? label.textContent.trim() : facet;
  }

  function isLoaded(model, facet) { return !model.facets[facet].isLoaded || model.facets[facet].isLoaded(); }

  // Fills the menus of the shown search's facets whose tables are loaded (of `facets`, else
  // all): the agreement and person menus keep only "Alle" until reached for (wantList).
  function fillFacets(shown, model, facets) {
    var ready = (facets || FACETS).filter(function (f) { return !shown.filled[f] && isLoaded(model, f); });
    var items = shown.items, selected = shown.selected, counts = facetCounts(items, selected, model, ready);
    ready.forEach(function (facet) {
      shown.filled[facet] = true;
      var c = counts[facet], label = model.facets[facet].label, order = model.facets[facet].order;
      if (selected[facet] && !c.has(selected[facet])) { c.set(selected[facet], 0); }
      var values = Array.from(c.keys()).sort(function (a, b) {
        if (order) { return order(a) - order(b); }  // the vocabulary's order (udfald)
        return facet === "aar" ? b.localeCompare(a) : collator.compare(label(a), label(b));
      });
      var select = document.getElementById("ra-facet-" + facet);
      if (!select) { return; }
      var options = document.createDocumentFragment();
      select.length = 1;
      values.forEach(function (v) {
        options.appendChild(new Option(label(v) + " (" + number(c.get(v)) + ")", v, false, v === selected[facet]));
      });
      select.appendChild(options);
    });
  }

  // The active filters as chips above the results: each removes its filter, "Nulstil" all.
  function showActive(selected, model) {
    var box = document.getElementById("ra-active");
    if (!box) { return; }
    box.textContent = "";
    var on = active(selected);
    box.hidden = !on.length;
    if (!on.length) { return; }
    box.appendChild(element("span", "ra-active-label", "Afgrænset til:"));
    on.forEach(function (f) {
      var text = facetLabel(f) + ": " + model.facets[f].label(selected[f]);
      var chip = element("button", "ra-active-chip", text);
      chip.type = "button";
      chip.setAttribute("aria-label", "Fjern afgrænsningen " + text);
      chip.addEventListener("click", function () { clearFacets([f]); });
      box.appendChild(chip);
    });
    var reset = element("button", "ra-active-reset", "Nulstil");
    reset.type = "button";
    reset.setAttribute("aria-label", "Nulstil alle afgrænsninger");
    reset.addEventListener("click", function () { clearFacets(FACETS); });
    box.appendChild(reset);
  }

  function filterText(selected, model) {
    var on = active(selected);
    if (!on.length) { return ""; }
    var parts = on.map(function (f) { return facetLabel(f).toLowerCase() + " " + model.facets[f].label(selected[f]); });
    var last = parts.pop();
    return ", afgrænset til " + (parts.length ? parts.join(", ") + " og " + last : last);
  }

  // --- "Mente du": the nearest spellings of query words ------------------------------

  var SUGGESTIONS = 3;

  // The suggestion table of a term (generator/search/index.py: suggestion_key).
  function suggestionKey(term) {
    var hex = "";
    for (var i = 0; i < Math.min(2, term.length); i++) { hex += ("000" + term.charCodeAt(i).toString(16)).slice(-4); }
    return hex;
  }

  // Edit distance (insertions, deletions, substitutions, swapped neighbours); more than
  // `limit` when it exceeds it.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) { return limit + 1; }
    var before = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) { prev[j] = j; }
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) { d = Math.min(d, before[j - 2] + 1); }
        cur[j] = d;
        if (d < best) { best = d; }
      }
      if (best > limit) { return limit + 1; }
      before = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  // term -> a word of a registered name ("skarhoj" -> "Skårhøj"): names are suggested
  // first, and with their Danish letters.
  var nameWordsCache = null;
  function nameWords(manifest) {
    if (nameWordsCache) { return nameWordsCache; }
    nameWordsCache = new Map();
    ["people", "agreements", "forums"].forEach(function (table) {
      manifest[table].forEach(function (entry) {
        entry.name.split(/[\s\-]+/).forEach(function (raw) {
          var word = trim(raw.toLowerCase());
          if (word.length < 3 || isStopWord(word)) { return; }
          var t = termOf(word);
          // People's names as written; the words of agreements and forums in lower case.
          if (!nameWordsCache.has(t)) { nameWordsCache.set(t, table === "people" ? trim(raw) : word); }
        });
      });
    });
    return nameWordsCache;
  }

  // The best replacements for one query word: terms of its suggestion table within a small
  // edit distance, nearest first, then registered names, then the most frequent. A word
  // the index holds gets only more frequent neighbours.
  function replacementsFor(clause, manifest) {
    var key = suggestionKey(clause.term), held = frequency(clause.term, manifest);
    return load("suggest", key, "suggest/" + key + ".js").then(function (table) {
      var names = nameWords(manifest), limit = clause.term.length <= 5 ? 1 : 2;
      var terms = table.terms.split(" "), found = [];
      var typed = fold(danishLetters(clause.typed));
      var ending = typed.lastIndexOf(clause.term, 0) === 0 ? typed.slice(clause.term.length) : "";
      terms.forEach(function (t, n) {
        if (t === clause.term || (held && table.df[n] <= held)) { return; }
        var d = distance(clause.term, t, limit);
        if (d <= limit) { found.push({ term: t, d: d, name: names.has(t) ? 1 : 0, df: table.df[n], n: n }); }
      });
      found.sort(function (a, b) { return a.d - b.d || b.name - a.name || b.df - a.df || a.n - b.n; });
      return found.slice(0, SUGGESTIONS).map(function (c) { return names.get(c.term) || c.term + ending; });
    }, function () { return []; });  // no table: no term begins so
  }

  // Suggested queries: the query with its unknown (or, when little is found, rare) words
  // replaced by their nearest spellings.
  function suggestions(query, clauses, hits, manifest) {
    var words = clauses.filter(function (c) {
      return c.term && !c.part && ((!frequency(c.term, manifest) && !c.split) || hits < 3);
    }).slice(0, MAX_QUERY_SPLITS);
    if (!words.length) { return Promise.resolve([]); }
    return Promise.all(words.map(function (c) { return replacementsFor(c, manifest); })).then(function (lists) {
      var out = [];
      for (var k = 0; k < SUGGESTIONS; k++) {
        var replace = new Map();
        words.forEach(function (c, i) {
          var list = lists[i];
          if (list.length) { replace.set(c.term, list[Math.min(k, list.length - 1)]); }
        });
        if (!replace.size) { break; }
        var suggested = query.split(/(\s+)/).map(function (part) {
          var word = trim(part.toLowerCase());
          return word && replace.has(termOf(word)) ? replace.get(termOf(word)) : part;
        }).join("");
        if (suggested !== query && out.indexOf(suggested) < 0) { out.push(suggested); }
      }
      return out;
    });
  }

  function showSuggestions(list, current) {
    var box = document.getElementById("ra-suggest");
    if (!box || current !== runs) { return; }
    box.textContent = "";
    box.hidden = !list.length;
    if (!list.length) { return; }
    box.appendChild(document.createTextNode("Mente du "));
    list.forEach(function (q, i) {
      if (i) { box.appendChild(document.createTextNode(i === list.length - 1 ? " eller " : ", ")); }
      var params = new URLSearchParams(window.location.search);
      params.set("q", q);
      var link = element("a", "ra-suggestion", q);
      link.href = "?" + params.toString();
      link.addEventListener("click", function (event) {
        event.preventDefault();
        history.pushState(null, "", link.getAttribute("href"));
        window.RA_SEARCH.done = run(params);
        document.getElementById("ra-q").focus();
      });
      box.appendChild(link);
    });
    box.appendChild(document.createTextNode("?"));
  }

  // --- rendering (text only: everything inserted is set as textContent) -------------

  // Site paths come from the index: a document's `u`, or a pattern of the manifest's
  // `urls` (generator/urls.py, browser_patterns) with {id} and {n} filled in.
  function sitePath(pattern, id, n) {
    return pattern.split("{n}").join(n === undefined ? "" : n).split("{id}").join(id);
  }

  function siteHref(path) {
    if (INDEX_FILE) {
      var parts = path.split("#");
      if (parts[0] === "" || /\/$/.test(parts[0])) { parts[0] += INDEX_FILE; }
      path = parts.join("#");
    }
    return SITE + path;
  }

  function highlight(text, clauses) {
    var terms = dict(), prefixes = [];
    clauses.forEach(function (c) { if (c.term) { terms[c.term] = true; } else { prefixes.push(c.prefix); } });
    var fragment = document.createDocumentFragment();
    text.split(/(\s+)/).forEach(function (part) {
      // Words are split at hyphens as the index splits them ("COVID-19" holds "covid").
      var hit = part.toLowerCase().split(/-+/).some(function (piece) {
        var word = trim(piece);
        return word && (terms[termOf(word)] || prefixes.some(function (p) { return fold(danishLetters(word)).indexOf(p) === 0; }));
      });
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

  // hit.meta is a document's display data, with short keys (t, u, h, s, sl, f, d, a, o):
  // the one list of them is in generator/search/documents.py, which writes them.
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
    var outcome = manifest.outcomes && manifest.outcomes[meta.o];
    if (outcome) {
      var badge = element("span", "ra-outcome ra-outcome-" + outcome.id);
      badge.appendChild(element("span", "ra-visually-hidden", "Udfald: "));
      badge.appendChild(document.createTextNode(outcome.name));
      li.setAttribute("data-outcome", outcome.id);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(badge);
    }
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
        link.href = siteHref(sitePath(manifest.urls.aftale, manifest.agreements[n].id));
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
    var selected = dict();
    FACETS.forEach(function (f) { selected[f] = params.get(f) || ""; });
    // Facets are open on wide screens; folded on a phone, where the chips above the
    // results show the filters in use, so that the first result is on the first screen.
    var box = document.getElementById("ra-facets-box");
    if (box && window.innerWidth >= 700) { box.open = true; }
    document.getElementById("ra-q").value = query;
    document.getElementById("ra-sort").value = /^(dato|aeldste)$/.test(sort) ? sort : "";
    var header = document.getElementById("ra-header-q");
    if (header) { header.value = query; }
    var started = performance.now(), current = ++runs;
    window.RA_SEARCH.result = window.RA_SEARCH.elapsed = undefined;
    if (!query) {
      setStatus("Skriv et eller flere søgeord.");
      facetModelLoaded().catch(function () {});  // ready for the first search; a failure shows then
      var chips = document.getElementById("ra-active");
      if (chips) { chips.hidden = true; }
      return Promise.resolve();
    }
    setStatus("Søger …");
    var clauses = clausesOf(query);
    // Only filters and the date order need the facet model before the results.
    var needsModel = active(selected).length > 0 || sort === "dato" || sort === "aeldste";
    var lists = LIST_FACETS.filter(function (f) { return selected[f]; });
    shownFor = null;
    return manifestLoaded.then(function (manifest) {
      var model = needsModel ? facetModelLoaded(lists) : null;  // loads beside the term files
      return loadShards([].concat.apply([], clauses.map(function (c) { return shardsFor(c, manifest); })))
        .then(function () { return withCompoundParts(clauses, manifest); })
        .then(function (expanded) {
          clauses = expanded;
          return model;
        })
        .then(function (loadedModel) {
          if (current !== runs) { return false; }  // a newer search has started
          return show(score(clauses, manifest), clauses, selected, sort, query, manifest, loadedModel, current);
        })
        .then(function (shown) {
          if (shown === false) { return; }
          // For the benchmark: submit to rendered, and opening the page to rendered.
          window.RA_SEARCH.renderedAt = performance.now();
          window.RA_SEARCH.elapsed = window.RA_SEARCH.renderedAt - started;
        });
    }).catch(function (error) { setStatus("Søgningen kunne ikke gennemføres: " + error.message); });
  }

  // 12.345: counts as the site's pages write them (Danish groups thousands with a full stop).
  function number(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function show(result, clauses, selected, sort, query, manifest, model, current) {
    var filtering = active(selected).length > 0;
    var entities = filtering ? [] : first(result.docs.filter(function (d) { return d < manifest.entities; }), 5, result.before);
    var all = result.docs.filter(function (d) { return d >= manifest.entities; });
    var items = filterItems(all, selected, model);
    var ranked = { items: items, before: sort === "dato" || sort === "aeldste" ? byDate(model, sort === "aeldste") : result.before };
    var n = items.length;
    var text = (n === 0 ? "Ingen dagsordenspunkter" : n === 1 ? "1 dagsordenspunkt" : number(n) + " dagsordenspunkter") +
      " fundet for »" + query + "«" + filterText(selected, model) + ".";
    if (entities.length) { text += " " + (entities.length === 1 ? "1 side" : entities.length + " sider") + " om emnet står øverst."; }
    // One round of fetches for the entity pages and the first results.
    var page = first(items, SHOWN, ranked.before);
    return loadDocs(entities.concat(page), manifest).then(function (shown) {
      var entityList = document.getElementById("ra-entities");
      entityList.textContent = "";
      document.getElementById("ra-results").textContent = "";
      shown.slice(0, entities.length).forEach(function (h) { entityList.appendChild(renderEntity(h)); });
      renderPage(shown.slice(entities.length), ranked, 0, clauses, manifest);
      setStatus(text);
      showActive(selected, model);
      showSuggestions([], current);
      suggestions(query, clauses, n + entities.length, manifest).then(function (list) {
        showSuggestions(list, current);
        window.RA_SEARCH.suggested = list;
      });
      window.RA_SEARCH.result = result;  // rendered: tests and the benchmark read the ranking
      // The facet menus (counts over every match) follow once the results are shown; the
      // facet model is loaded for them now if the results did not need it.
      var shown = shownFor = { items: all, selected: selected, run: current, text: text, filled: dict() };
      setTimeout(function () {
        if (current !== runs) { return; }
        facetModelLoaded().then(function (loaded) {
          if (current === runs) { fillFacets(shown, loaded); }
        }, function (error) {
          if (current === runs) { setStatus(text + " Afgrænsningerne kunne ikke hentes: " + error.message); }
        });
      }, 0);
    });
  }

  // Appends a page of results (from rank `from` on) and a button for the next ones.
  function renderPage(page, ranked, from, clauses, manifest) {
    var list = document.getElementById("ra-results");
    var old = document.getElementById("ra-more");
    if (old) { old.remove(); }
    page.forEach(function (h) { list.appendChild(renderItem(h, clauses, manifest)); });
    var next = from + SHOWN, left = ranked.items.length - next;
    if (left <= 0) { return; }
    var more = element("button", "ra-more", "Vis flere (" + number(left) + " tilbage)");
    more.id = "ra-more";
    more.type = "button";
    more.addEventListener("click", function () {
      var firstNew = list.children.length;
      loadDocs(first(ranked.items, next + SHOWN, ranked.before).slice(next), manifest).then(function (shown) {
        renderPage(shown, ranked, next, clauses, manifest);
        var link = list.children[firstNew] && list.children[firstNew].querySelector("a");
        if (link) { link.focus(); }
      });
    });
    list.parentNode.insertBefore(more, list.nextSibling);
  }

  // The search form searches in the page: the URL gets the query and facets (shareable,
  // Back goes to the previous search) without reloading the page.
  function search(form) {
    var params = new URLSearchParams();
    form.querySelectorAll("input[name], select[name]").forEach(function (field) {
      if (field.value) { params.append(field.name, field.value); }  // keep the URL short
    });
    history.pushState(null, "", "?" + params.toString());
    window.RA_SEARCH.done = run(params);
  }

  // The agreement or person menu reached for (pointer over it, focus, touch): its table is
  // fetched and the menu filled with the shown search's counts, before it opens.
  function wantList(facet) {
    facetModelLoaded([facet]).then(function (model) {
      var shown = shownFor;
      if (shown && shown.run === runs) { fillFacets(shown, model, [facet]); }
    }, function (error) {
      var shown = shownFor;
      if (shown && shown.run === runs) {
        setStatus(shown.text + " Afgrænsningen efter " + facetLabel(facet).toLowerCase() + " kunne ikke hentes: " + error.message);
      }
    });
  }

  // Removes the given facets' filters (a chip, or "Nulstil") and searches again.
  function clearFacets(facets) {
    var form = document.getElementById("ra-search");
    facets.forEach(function (f) {
      var select = document.getElementById("ra-facet-" + f);
      if (select) { select.value = ""; }
    });
    search(form);
    document.getElementById("ra-q").focus();
  }

  function init() {
    var form = document.getElementById("ra-search");
    if (!form) { return; }
    // Facet and sort changes search at once.
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () { search(form); });
    });
    LIST_FACETS.forEach(function (f) {
      var select = document.getElementById("ra-facet-" + f);
      if (!select) { return; }
      ["pointerenter", "focus", "touchstart"].forEach(function (type) {
        select.addEventListener(type, function () { wantList(f); }, { passive: true });
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      search(form);
    });
    window.addEventListener("popstate", function () {
      window.RA_SEARCH.done = run(new URLSearchParams(window.location.search));
    });
    window.RA_SEARCH.done = run(new URLSearchParams(window.location.search));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
