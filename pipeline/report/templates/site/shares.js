/* arxiv-trends report: share charts drawn from counts (a family page, the explorer).

   A share is k / n: k papers mentioning a term of n papers counted that month, with its 95%
   Wilson interval computed exactly as sql/schema/008_wilson.sql does. Smoothed by s months,
   a month's share is the sum of k over the months from s before to s after it (those the
   chart has) over the sum of n: never an average of percentages. Only the highlighted terms
   get a band. The view (terms, zone, category, smoothing, highlights) lives in the URL's
   hash, so that a link shows what its sender saw: #terms=tensorflow,pytorch&zone=body&smooth=2
   Text from the data is only ever set with textContent, never as HTML. */
(function () {
  "use strict";

  var COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
  var DASHES = ["solid", "dash", "dot", "dashdot"];
  var SMOOTHING = [0, 1, 2, 3];
  var PROVISIONAL_NOTE = " (provisional: too few papers counted yet)";
  var CSV_COLUMNS = ["term", "label", "month", "zone", "category", "smooth_months", "n_mentioning",
    "n_papers", "share_pct", "share_low_pct", "share_high_pct", "is_provisional"];

  /* The 95% Wilson score interval of k of n in percent, as the SQL macros wilson_low_pct and
     wilson_high_pct (same constants, same order of operations); [null, null] unless n > 0. */
  function wilson(k, n) {
    if (!(n > 0)) { return [null, null]; }
    var spread = 1.959963984540054 * Math.sqrt(k / n * (1 - k / n) / n + 0.960364705173531 / n / n);
    var scale = 1 + 3.841458820694124 / n;
    return [100.0 * Math.max(0.0, (k / n + 1.920729410347062 / n - spread) / scale),
      100.0 * Math.min(1.0, (k / n + 1.920729410347062 / n + spread) / scale)];
  }

  /* Per month from `first` on: k and n summed over the months s before to s after it
     (from `first` on: a term's months before its release are not its data). A month whose
     k is unknown (null: below a category's kept n-grams) makes its window's k unknown. */
  function summed(k, n, first, s) {
    var out = [];
    for (var i = first; i < n.length; i++) {
      var sumK = 0, sumN = 0, from = Math.max(first, i - s), to = Math.min(n.length - 1, i + s);
      for (var j = from; j <= to; j++) {
        if (sumK !== null) { sumK = k[j] === null ? null : sumK + k[j]; }
        sumN += n[j];
      }
      out.push({index: i, k: sumK, n: sumN, from: from, to: to});
    }
    return out;
  }

  function readHash() {
    var state = {};
    window.location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) { state[pair.slice(0, at)] = pair.slice(at + 1); }
    });
    return state;
  }

  function decodeList(text) {
    return text ? text.split(",").map(function (item) {
      try { return decodeURIComponent(item.replace(/\+/g, " ")); } catch (error) { return ""; }
    }).filter(function (item) { return item; }) : [];
  }

  function encodeList(items) {
    return items.map(function (item) { return encodeURIComponent(item).replace(/%20/g, "+"); }).join(",");
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function withAlpha(colour, alpha) {
    var rgb = [1, 3, 5].map(function (at) { return parseInt(colour.slice(at, at + 2), 16); });
    return "rgba(" + rgb.join(", ") + ", " + alpha + ")";
  }

  function csvField(value) {
    var text = value === null || value === undefined ? "" : String(value);
    return /[",\n\r]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
  }

  /* A share chart: `div` gets the lines, `payload` is the counts (pipeline/report/series.py),
     `options.pickTerms` says whether the reader picks the terms from a list (a family page)
     or types them (the explorer: options.terms() and options.onAnswer). */
  function ShareChart(div, spec, payload, options) {
    this.div = div;
    this.layout = spec.layout;
    this.title = (spec.layout.title || {}).text || "";
    this.payload = payload;
    this.options = options;
    this.pooled = payload.views.all;
    this.view = this.pooled;
    this.categories = {};
    (payload.categories || []).forEach(function (category) {
      this.categories[category] = categoryFile(category, payload.category_prefix);
    }, this);
    this.terms = payload.terms || [];
    this.labels = {};
    this.order = {};
    var chart = this;
    this.terms.forEach(function (term, index) { chart.labels[term[0]] = term[1]; chart.order[term[0]] = index; });
    this.state = this.defaults();
    this.readState();
  }

  /* A category's counts in the edition's folder, as pipeline/report/series.category_file
     names them (the explorer's n-grams: prefix "explorer-cat-"). */
  function categoryFile(category, prefix) {
    return (prefix || "cat-") + category + ".js";
  }

  /* The category and membership selects (ids <chart>-cat, <chart>-member) in a label. */
  function categorySelects(id, pooledLabel, categories, memberships) {
    var label = element("label", "Category "), cat = element("select"), member = element("select");
    cat.id = id + "-cat";
    member.id = id + "-member";
    [["all", pooledLabel]].concat(categories.map(function (c) { return [c, c]; })).forEach(function (pair) {
      var option = element("option", pair[1]);
      option.value = pair[0];
      cat.appendChild(option);
    });
    memberships.forEach(function (pair) {
      var option = element("option", pair[1]);
      option.value = pair[0];
      member.appendChild(option);
    });
    label.appendChild(cat);
    return {label: label, cat: cat, member: member};
  }

  /* A category's counts: its file's script, loaded once (it files them under its name). */
  function loadCategory(file, category) {
    var loaded = (window.ARXIV_TRENDS_CATEGORIES || {})[file];
    if (loaded) { return Promise.resolve(loaded); }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = file;
      script.onload = function () {
        var data = (window.ARXIV_TRENDS_CATEGORIES || {})[file];
        if (data) { resolve(data); } else { reject(new Error("No counts for " + category + " in " + file + ".")); }
      };
      script.onerror = function () { reject(new Error("Could not load " + file + ": showing all categories.")); };
      document.head.appendChild(script);
    });
  }

  /* A category's view on the chart's months (the same edition's: the same months). */
  function alignView(data, member, months) {
    var view = data.views[member];
    if (data.months.join() === months.join()) { return view; }
    var at = {};
    data.months.forEach(function (month, index) { at[month] = index; });
    function align(values) {
      return values && months.map(function (month) { return at[month] === undefined ? 0 : values[at[month]]; });
    }
    var k = {};
    Object.keys(view.k).forEach(function (zone) {
      k[zone] = {};
      Object.keys(view.k[zone]).forEach(function (term) { k[zone][term] = align(view.k[zone][term]); });
    });
    return {label: view.label, n: align(view.n), papers: align(view.papers), floor: align(view.floor), k: k};
  }

  /* The front page's papers-per-month chart by category: its two traces (papers of the
     categories, those counted) redrawn from a category's counts; the choice in the hash. */
  function CategoryCounts(div, spec, picker) {
    var chart = this;
    this.div = div;
    this.picker = picker;
    this.title = spec.layout.title.text;
    this.pooled = {label: picker.pooled_label, papers: spec.data[0].y, n: spec.data[1].y};
    this.categories = {};
    picker.categories.forEach(function (category) { chart.categories[category] = categoryFile(category); });
    this.months = spec.data[0].x.map(function (month) { return String(month).slice(0, 7); });
  }

  CategoryCounts.prototype.readState = function () {
    var hash = readHash(), cat = decodeList(hash.cat || "")[0];
    this.state = {cat: cat && this.categories[cat] ? cat : "all",
      member: hash.member === "any" ? "any" : "primary"};
  };

  CategoryCounts.prototype.draw = function () {
    var chart = this, state = this.state;
    if (state.cat === "all" && !this.view) {  // as drawn: nothing to redraw
      this.view = this.pooled;
      this.member.disabled = true;
      return Promise.resolve();
    }
    var loaded = state.cat === "all" ? Promise.resolve(this.pooled)
      : loadCategory(this.categories[state.cat], state.cat).then(function (data) {
        chart.lists = data.front && data.front[state.member];
        return alignView(data, state.member, chart.months);
      });
    return loaded.then(function (view) {
      chart.view = view;
      chart.showLists(state.cat === "all" ? null : chart.lists, view.label);
      chart.cat.value = state.cat;
      chart.member.value = state.member;
      chart.member.disabled = state.cat === "all";
      return Plotly.update(chart.div, {y: [view.papers, view.n]}, {"title.text": chart.title +
        (state.cat === "all" ? "" : "<br><span style='font-size:12px'>" + view.label + "</span>")}, [0, 1]);
    });
  };

  function moverItem(name, number, isSignificant) {
    var item = element("li", undefined, isSignificant ? "" : "weak");
    item.appendChild(element("span", name, "term"));
    item.appendChild(document.createTextNode(" "));
    item.appendChild(element("span", number, "num"));
    if (!isSignificant) {
      item.appendChild(document.createTextNode(" "));
      item.appendChild(element("span", "not significant", "tag"));
    }
    return item;
  }

  /* The front page's hot list and gainers: a category's (`lists`, from its file), or the
     pooled ones the page was written with (`lists` null); their headings say which. */
  CategoryCounts.prototype.showLists = function (lists, label) {
    var hot = document.getElementById("front-hot"), gainers = document.getElementById("front-gainers");
    if (!this.pooledLists) {
      this.pooledLists = {hot: hot && hot.cloneNode(true), gainers: gainers && gainers.cloneNode(true)};
    }
    var pooled = this.pooledLists;
    function fill(list, saved, rows, item) {
      if (!list) { return; }
      while (list.firstChild) { list.removeChild(list.firstChild); }
      if (!lists) {
        Array.prototype.slice.call(saved.childNodes).forEach(function (node) { list.appendChild(node.cloneNode(true)); });
      } else if (rows === null) {
        list.appendChild(element("li", "Not counted by category in this store: arxiv-trends recount counts it.", "weak"));
      } else if (!rows.length) {
        list.appendChild(element("li", "None rose in this category.", "weak"));
      } else {
        rows.forEach(function (row) { list.appendChild(item(row)); });
      }
    }
    fill(hot, pooled.hot, lists && lists.hot, function (row) {
      return moverItem(row.term, row.ratio_text, row.is_significant);
    });
    fill(gainers, pooled.gainers, lists && lists.gainers, function (row) {
      return moverItem(row.label, row.change_text, row.is_significant);
    });
    document.querySelectorAll("[data-cell-tag]").forEach(function (tag) {
      tag.textContent = lists ? label : "all categories pooled";
    });
  };

  CategoryCounts.prototype.rows = function () {
    var view = this.view || this.pooled, state = this.state;
    return this.months.map(function (month, i) {
      return [month, state.cat, state.cat === "all" ? "all" : state.member, view.papers[i], view.n[i]];
    });
  };

  CategoryCounts.prototype.start = function () {
    var chart = this, row = element("div", undefined, "control-row");
    var selects = categorySelects(this.div.id, this.pooled.label, Object.keys(this.categories),
      this.picker.memberships);
    this.cat = selects.cat;
    this.member = selects.member;
    function change() {
      chart.state = {cat: chart.cat.value, member: chart.member.value};
      window.history.replaceState(null, "", "#cat=" + encodeList([chart.state.cat]) +
        (chart.state.cat === "all" ? "" : "&member=" + chart.state.member));
      return chart.draw();
    }
    this.cat.addEventListener("change", change);
    this.member.addEventListener("change", change);
    var csv = element("button", "Download CSV", "download-csv");
    csv.type = "button";
    csv.addEventListener("click", function () {
      var s = chart.state;
      saveCsv((chart.div.dataset.csvName || "chart") + (s.cat === "all" ? "" : "-" + s.cat + "-" + s.member) + ".csv",
        ["month", "category", "membership", "n_papers", "n_with_text"], chart.rows());
    });
    row.appendChild(selects.label);
    row.appendChild(this.member);
    row.appendChild(csv);
    appendCopyLink(row);
    this.div.parentNode.insertBefore(row, this.div);
    this.readState();
    window.addEventListener("hashchange", function () { chart.readState(); chart.draw(); });
    return this.draw();
  };

  ShareChart.prototype.defaults = function () {
    var shown = this.options.shown || this.payload.shown || [];
    return {terms: shown.slice(), zone: "any", cat: "all", member: "primary", smooth: 0,
      hl: shown.slice(0, 1)};
  };

  ShareChart.prototype.known = function (term) {
    return Object.prototype.hasOwnProperty.call(this.pooled.k.any, term);
  };

  /* The state in the URL's hash, over the defaults; what the hash names that this chart
     does not have is left out (and said, for the explorer). */
  ShareChart.prototype.readState = function () {
    var hash = readHash(), state = this.defaults(), chart = this;
    if (hash.terms !== undefined) { state.terms = decodeList(hash.terms); }
    if (hash.hl !== undefined) { state.hl = decodeList(hash.hl); }
    if (hash.zone && this.payload.zones.some(function (zone) { return zone[0] === hash.zone; })) {
      state.zone = hash.zone;
    }
    if (hash.cat && this.categories[decodeList(hash.cat)[0]]) { state.cat = decodeList(hash.cat)[0]; }
    if (hash.member === "any" || hash.member === "primary") { state.member = hash.member; }
    var smooth = parseInt(hash.smooth, 10);
    if (SMOOTHING.indexOf(smooth) >= 0) { state.smooth = smooth; }
    this.asked = state.terms.slice();
    if (this.options.pickTerms) {
      state.terms = state.terms.filter(function (term) { return chart.known(term); });
    }
    state.hl = state.hl.filter(function (term) { return state.terms.indexOf(term) >= 0; });
    this.state = state;
    return hash.terms !== undefined;
  };

  ShareChart.prototype.writeState = function () {
    var s = this.state;
    var text = "terms=" + encodeList(s.terms) + (this.payload.zones.length ? "&zone=" + s.zone : "") +
      (Object.keys(this.categories).length ? "&cat=" + encodeList([s.cat]) +
        (s.cat === "all" ? "" : "&member=" + s.member) : "") +
      "&smooth=" + s.smooth + "&hl=" + encodeList(s.hl);
    window.history.replaceState(null, "", "#" + text);
  };

  ShareChart.prototype.label = function (term) {
    return this.labels[term] || term;
  };

  /* The position-th drawn term's colour and dash: eight colours, then dashed. */
  ShareChart.prototype.style = function (term, position) {
    var index = position;
    return {colour: COLOURS[index % COLOURS.length], dash: DASHES[Math.floor(index / COLOURS.length) % DASHES.length]};
  };

  ShareChart.prototype.firstIndex = function (term) {
    var index = this.order[term];
    return index === undefined ? 0 : this.terms[index][2];
  };

  /* Each drawn term's points: month, k, n, share, interval, provisional (window holds one). */
  ShareChart.prototype.points = function (term) {
    var months = this.payload.months, provisional = this.payload.provisional || [];
    if (!this.known(term)) { return []; }
    var k = this.view.k[this.state.zone][term] || this.view.n.map(function () { return 0; });
    return summed(k, this.view.n, this.firstIndex(term), this.state.smooth).map(function (sum) {
      var interval = sum.k === null ? [null, null] : wilson(sum.k, sum.n);
      var isProvisional = provisional.some(function (i) { return i >= sum.from && i <= sum.to; });
      return {month: months[sum.index], k: sum.k, n: sum.n,
        share: sum.n > 0 && sum.k !== null ? 100.0 * sum.k / sum.n : null,
        low: interval[0], high: interval[1], isProvisional: isProvisional};
    });
  };

  ShareChart.prototype.traces = function () {
    var chart = this, traces = [];
    this.drawn().forEach(function (term, position) {
      var points = chart.points(term), style = chart.style(term, position);
      var label = chart.label(term), isHighlighted = chart.state.hl.indexOf(term) >= 0;
      var months = points.map(function (p) { return p.month; });
      if (isHighlighted) {
        traces.push({x: months.concat(months.slice().reverse()), y: points.map(function (p) { return p.high; })
          .concat(points.map(function (p) { return p.low; }).reverse()), fill: "toself", fillcolor: withAlpha(style.colour, 0.15),
          line: {width: 0}, hoverinfo: "skip", showlegend: false, legendgroup: term, meta: {term: term, role: "band"}});
      }
      traces.push({x: months, y: points.map(function (p) { return p.share; }), name: label, legendgroup: term,
        mode: "lines+markers", meta: {term: term, role: "line"},
        line: {color: style.colour, dash: style.dash, width: isHighlighted ? 3 : 1.5},
        marker: {size: isHighlighted ? 6 : 4, symbol: points.map(function (p) { return p.isProvisional ? "circle-open" : "circle"; })},
        customdata: points.map(function (p) {
          return [term, p.month, p.k, p.n, p.isProvisional ? PROVISIONAL_NOTE : "", p.low, p.high];
        }),
        hovertemplate: label.replace(/&/g, "&amp;").replace(/</g, "&lt;") + " %{customdata[1]}: %{y:.1f}% (%{customdata[2]} of " +
          "%{customdata[3]} papers; 95% interval %{customdata[5]:.1f}–%{customdata[6]:.1f}%)%{customdata[4]}" +
          "<extra>" + (chart.options.drill ? "click for the papers" : "") + "</extra>"});
    });
    return traces;
  };

  /* Whether a drawn term has a month of unknown count in this view (a gap in its line). */
  ShareChart.prototype.hasGaps = function () {
    var chart = this;
    return this.drawn().some(function (term) {
      return chart.points(term).some(function (p) { return p.k === null && p.n > 0; });
    });
  };

  ShareChart.prototype.drawn = function () {
    var chart = this;
    return this.state.terms.filter(function (term) { return chart.known(term); });
  };

  ShareChart.prototype.chartTitle = function () {
    var extra = this.state.cat === "all" ? [] : [this.view.label];
    if (this.hasGaps()) { extra.push("gaps: below the n-grams the category kept that month"); }
    if (this.payload.zones.length) {
      extra.push(this.state.zone === "body" ? "body only" : "anywhere in the text");
    }
    if (this.state.smooth) {
      extra.push("smoothed: ±" + this.state.smooth + " month" + (this.state.smooth > 1 ? "s" : "") +
        " (summed counts)");
    }
    return this.title + (extra.length ? "<br><span style='font-size:12px'>" + extra.join(" · ") + "</span>" : "");
  };

  /* The view the state asks for: every category pooled, or one category's counts, loaded
     from its script (cat-<category>.js) the first time; a category that cannot be loaded
     falls back to the pooled view and says so. */
  ShareChart.prototype.loadView = function () {
    var chart = this, state = this.state;
    if (state.cat === "all") { this.view = this.pooled; return Promise.resolve(); }
    return loadCategory(this.categories[state.cat], state.cat).then(function (data) {
      chart.view = alignView(data, state.member, chart.payload.months);
    }, function (error) {
      state.cat = "all";
      chart.view = chart.pooled;
      if (chart.controls) { chart.controls.status.textContent = error.message; }
    });
  };

  ShareChart.prototype.draw = function () {
    var chart = this;
    return this.loadView().then(function () { return chart.react(); });
  };

  ShareChart.prototype.react = function () {
    var layout = Object.assign({}, this.layout, {title: Object.assign({}, this.layout.title, {text: this.chartTitle()})});
    this.div.dataset.toggle = this.state.zone === "body" ? "1" : "0";
    this.div.dataset.smooth = String(this.state.smooth);
    this.div.dataset.answered = String(this.drawn().length);
    this.syncControls();
    return Plotly.react(this.div, this.traces(), layout);
  };

  ShareChart.prototype.change = function (update) {
    Object.assign(this.state, update);
    var terms = this.state.terms;
    this.state.hl = this.state.hl.filter(function (term) { return terms.indexOf(term) >= 0; });
    this.writeState();
    return this.draw();
  };

  ShareChart.prototype.toggleHighlight = function (term) {
    var hl = this.state.hl.slice(), at = hl.indexOf(term);
    if (at >= 0) { hl.splice(at, 1); } else { hl.push(term); }
    return this.change({hl: hl});
  };

  ShareChart.prototype.rows = function () {
    var chart = this, rows = [];
    this.drawn().forEach(function (term) {
      chart.points(term).forEach(function (p) {
        rows.push([term, chart.label(term), p.month, chart.state.zone === "body" ? "body" : "anywhere",
          chart.view.label, chart.state.smooth, p.k, p.n, p.share, p.low, p.high, p.isProvisional]);
      });
    });
    return rows;
  };

  /* Copy the page's address (its view in the hash) and say so in `status`. */
  function copyPageLink(status) {
    var url = window.location.href;
    function done(text) { status.textContent = text; }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () { done("Link copied."); }, function () {
        done("Copy this link: " + url);
      });
    } else {
      done("Copy this link: " + url);
    }
  }

  /* A "Copy link" button and the status beside it, appended to `row`. */
  function appendCopyLink(row) {
    var copy = element("button", "Copy link", "copy-link"), status = element("span", "", "note");
    copy.type = "button";
    status.setAttribute("aria-live", "polite");
    copy.addEventListener("click", function () { copyPageLink(status); });
    row.appendChild(copy);
    row.appendChild(status);
  }

  /* Save a table (a header row, then rows) as a CSV file named `name`. */
  function saveCsv(name, columns, rows) {
    var text = [columns].concat(rows).map(function (row) {
      return row.map(csvField).join(",");
    }).join("\r\n") + "\r\n";
    var link = element("a");
    link.href = URL.createObjectURL(new Blob([text], {type: "text/csv;charset=utf-8"}));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  ShareChart.prototype.download = function () {
    var s = this.state;
    saveCsv((this.div.dataset.csvName || "chart") + (s.cat === "all" ? "" : "-" + s.cat + "-" + s.member) +
      (s.zone === "body" ? "-body" : "") + (s.smooth ? "-smoothed-" + s.smooth : "") + ".csv",
    CSV_COLUMNS, this.rows());
  };

  ShareChart.prototype.copyLink = function (status) {
    this.writeState();
    copyPageLink(status);
  };

  function button(text, pressed) {
    var node = element("button", text);
    node.type = "button";
    if (pressed !== undefined) { node.setAttribute("aria-pressed", pressed ? "true" : "false"); }
    return node;
  }

  /* The controls above the chart: zone, smoothing, the terms (drawn, banded), link, CSV. */
  ShareChart.prototype.buildControls = function () {
    var chart = this, box = element("div", undefined, "chart-controls");
    if (this.payload.zones.length) {
      var zones = element("div", undefined, "toggles");
      zones.setAttribute("role", "group");
      zones.setAttribute("aria-label", "where in the text");
      this.payload.zones.forEach(function (zone) {
        var node = button(zone[1], false);
        node.dataset.zone = zone[0];
        node.addEventListener("click", function () { chart.change({zone: zone[0]}); });
        zones.appendChild(node);
      });
      box.appendChild(zones);
    }
    var row = element("div", undefined, "control-row");
    var categories = Object.keys(this.categories);
    if (categories.length) {
      var selects = categorySelects(this.div.id, this.pooled.label, categories, this.payload.memberships || []);
      var cat = selects.cat, member = selects.member;
      cat.addEventListener("change", function () { chart.change({cat: cat.value}); });
      member.addEventListener("change", function () { chart.change({member: member.value}); });
      row.appendChild(selects.label);
      row.appendChild(member);
    }
    var smoothLabel = element("label", "Smoothing ");
    var smooth = element("select");
    smooth.id = this.div.id + "-smooth";
    SMOOTHING.forEach(function (s) {
      var option = element("option", s ? "±" + s + " month" + (s > 1 ? "s" : "") : "none");
      option.value = String(s);
      smooth.appendChild(option);
    });
    smooth.addEventListener("change", function () { chart.change({smooth: parseInt(smooth.value, 10)}); });
    smoothLabel.appendChild(smooth);
    row.appendChild(smoothLabel);
    var copy = button("Copy link"), csv = button("Download CSV"), status = element("span", "", "note");
    copy.className = "copy-link";
    csv.className = "download-csv";
    status.setAttribute("aria-live", "polite");
    copy.addEventListener("click", function () { chart.copyLink(status); });
    csv.addEventListener("click", function () { chart.download(); });
    row.appendChild(copy);
    row.appendChild(csv);
    row.appendChild(status);
    box.appendChild(row);
    this.picker = element("fieldset", undefined, "term-picker");
    this.picker.appendChild(element("legend", this.options.pickTerms
      ? "Terms drawn, and those with their 95% band" : "95% band for"));
    box.appendChild(this.picker);
    this.controls = {box: box, smooth: smooth, status: status, cat: cat, member: member};
    this.div.parentNode.insertBefore(box, this.div);
  };

  ShareChart.prototype.pickerItem = function (term) {
    var chart = this, item = element("span", undefined, "pick");
    var draw = element("input"), band = element("input");
    draw.type = band.type = "checkbox";
    draw.dataset.term = band.dataset.term = term;
    draw.className = "draw";
    band.className = "band";
    draw.checked = this.state.terms.indexOf(term) >= 0;
    band.checked = this.state.hl.indexOf(term) >= 0;
    band.disabled = !draw.checked;
    draw.addEventListener("change", function () {
      var terms = chart.terms.map(function (t) { return t[0]; }).filter(function (t) {
        return t === term ? draw.checked : chart.state.terms.indexOf(t) >= 0;
      });
      chart.change({terms: terms});
    });
    band.addEventListener("change", function () { chart.toggleHighlight(term); });
    var name = element("label");
    if (this.options.pickTerms) { name.appendChild(draw); }
    name.appendChild(document.createTextNode(" " + this.label(term) + " "));
    item.appendChild(name);
    var bandLabel = element("label", undefined, "band-label");
    bandLabel.appendChild(band);
    bandLabel.appendChild(document.createTextNode(" band"));
    item.appendChild(bandLabel);
    return item;
  };

  ShareChart.prototype.syncControls = function () {
    if (!this.controls) { return; }
    var state = this.state;
    this.controls.box.querySelectorAll("button[data-zone]").forEach(function (node) {
      node.setAttribute("aria-pressed", node.dataset.zone === state.zone ? "true" : "false");
    });
    this.controls.smooth.value = String(state.smooth);
    if (this.controls.cat) {
      this.controls.cat.value = state.cat;
      this.controls.member.value = state.member;
      this.controls.member.disabled = state.cat === "all";
    }
    var picker = this.picker, chart = this;
    picker.querySelectorAll("span.pick").forEach(function (node) { node.remove(); });
    var listed = this.options.pickTerms ? this.terms.map(function (t) { return t[0]; }) : this.drawn();
    listed.forEach(function (term) { picker.appendChild(chart.pickerItem(term)); });
  };

  /* Draw the chart (first time), wire the legend (a click highlights a term: its band) and
     the hash (a link pasted into the same page, or back and forward). */
  ShareChart.prototype.start = function () {
    var chart = this;
    this.buildControls();
    if (this.options.onStart) { this.options.onStart(this); }
    return this.draw().then(function () {
      chart.div.on("plotly_legendclick", function (event) {
        var meta = event.data[event.curveNumber].meta;
        if (meta) { chart.toggleHighlight(meta.term); }
        return false;
      });
      chart.div.on("plotly_legenddoubleclick", function () { return false; });
      window.addEventListener("hashchange", function () {
        chart.readState();
        if (chart.options.onHash) { chart.options.onHash(chart); }
        chart.draw();
      });
    });
  };


  /* Smoothing for a chart drawn from its plotly spec whose points carry their counts
     (spec.smooth: where a point's customdata holds k and n, and its interval's ends if it
     shows them): each line's share becomes the sum of k over the sum of n of the months s
     before to s after it (those the line has), a band drawn just before a line (its 95%
     interval) the Wilson interval of the sums, and the point's counts the sums. The choice
     is the page's `smooth` in the URL's hash, shared by every such chart of the page. */
  function SmoothPoints(div, spec) {
    this.div = div;
    this.spec = spec.smooth;
    this.title = spec.layout.title.text;
    this.data = spec.data;  // copied the first time it is smoothed
  }

  SmoothPoints.prototype.readState = function () {
    var smooth = parseInt(readHash().smooth, 10);
    this.smooth = SMOOTHING.indexOf(smooth) >= 0 ? smooth : 0;
  };

  SmoothPoints.prototype.traces = function () {
    var where = this.spec, s = this.smooth;
    this.original = this.original || JSON.parse(JSON.stringify(this.data));
    var traces = JSON.parse(JSON.stringify(this.original));
    traces.forEach(function (trace, index) {
      if (!trace.customdata || !s) { return; }
      var k = trace.customdata.map(function (point) { return point[where.k]; });
      var n = trace.customdata.map(function (point) { return point[where.n]; });
      var sums = summed(k, n, 0, s), band = traces[index - 1];
      trace.y = sums.map(function (sum) { return sum.n > 0 ? 100.0 * sum.k / sum.n : null; });
      var intervals = sums.map(function (sum) { return wilson(sum.k, sum.n); });
      trace.customdata = trace.customdata.map(function (point, i) {
        var copy = point.slice();
        copy[where.k] = sums[i].k;
        copy[where.n] = sums[i].n;
        if (where.low !== undefined) { copy[where.low] = intervals[i][0]; copy[where.high] = intervals[i][1]; }
        return copy;
      });
      if (band && band.fill === "toself" && !band.customdata && band.x.length === 2 * trace.x.length) {
        band.y = intervals.map(function (pair) { return pair[1]; })
          .concat(intervals.map(function (pair) { return pair[0]; }).reverse());
      }
    });
    return traces;
  };

  SmoothPoints.prototype.draw = function () {
    this.select.value = String(this.smooth);
    this.div.dataset.smooth = String(this.smooth);
    var title = this.title + (this.smooth ? "<br><span style='font-size:12px'>smoothed: ±" + this.smooth +
      " month" + (this.smooth > 1 ? "s" : "") + " (summed counts)</span>" : "");
    return Plotly.react(this.div, this.traces(), Object.assign({}, this.div.layout, {
      title: Object.assign({}, this.div.layout.title, {text: title})}));
  };

  /* The smoothing select, at the start of the chart's control row (made if it has none):
     before the chart is drawn, so that the page's layout does not move under it. */
  SmoothPoints.prototype.addControl = function () {
    var label = element("label", "Smoothing "), select = element("select");
    select.id = this.div.id + "-smooth";
    SMOOTHING.forEach(function (s) {
      var option = element("option", s ? "±" + s + " month" + (s > 1 ? "s" : "") : "none");
      option.value = String(s);
      select.appendChild(option);
    });
    select.addEventListener("change", function () {
      var hash = readHash();
      hash.smooth = select.value;
      window.history.replaceState(null, "", "#" + Object.keys(hash).map(function (key) {
        return key + "=" + hash[key];
      }).join("&"));
      window.dispatchEvent(new HashChangeEvent("hashchange"));  // every chart of the page
    });
    label.appendChild(select);
    this.select = select;
    var row = this.div.previousElementSibling;
    if (!row || !row.classList.contains("control-row")) {
      row = element("div", undefined, "control-row");
      this.div.parentNode.insertBefore(row, this.div);
    }
    row.insertBefore(label, row.firstChild);
    appendCopyLink(row);
  };

  /* Follow the page's `smooth` (the hash), drawing the chart smoothed if it asks for it. */
  SmoothPoints.prototype.start = function () {
    var chart = this;
    window.addEventListener("hashchange", function () { chart.readState(); chart.draw(); });
    this.readState();
    return this.smooth ? this.draw() : Promise.resolve();
  };

  window.ArxivTrendsShares = {ShareChart: ShareChart, CategoryCounts: CategoryCounts,
    SmoothPoints: SmoothPoints, wilson: wilson, summed: summed, saveCsv: saveCsv};
}());
