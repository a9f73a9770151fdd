/* arxiv-trends report: draw the charts, list the papers behind a clicked point, and answer
   the term explorer. Text from papers is only ever set with textContent, never as HTML. */
(function () {
  "use strict";

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  /* The same month's edition in the other text source, linked when the site has it
     (editions.js, rewritten with the site's index each time an edition is written). */
  function linkOtherEdition() {
    var source = document.getElementById("text-source");
    var editions = window.ARXIV_TRENDS_EDITIONS || [];
    if (!source || editions.indexOf(source.dataset.other) < 0) { return; }
    var link = element("a", source.dataset.otherLabel);
    link.href = source.dataset.otherHref;
    link.id = "other-edition";
    source.appendChild(document.createTextNode(" · also in "));
    source.appendChild(link);
  }

  /* A word for a shell command line: as it is, or single-quoted. */
  function shellWord(text) {
    return /^[\w.\-]+$/.test(text) ? text : "'" + text.replace(/'/g, "'\\''") + "'";
  }

  /* The papers behind a point (a term's, or an institution's with drill.option
     "--institution"), at most drill.per_point, and the command that lists the rest. */
  function showPapers(target, drill, term, month, isBodyOnly) {
    var point = drill.points[term + "|" + month];
    target.replaceChildren();
    var label = (drill.labels || {})[term] || term;
    var where = isBodyOnly ? " in the body" : "";
    var count = point ? (isBodyOnly ? point.n_body : point.n) : 0;
    if (!count) {
      var first = (drill.first_months || {})[term] || drill.first_month;
      target.appendChild(element("p", "No paper of " + month + " " + (drill.verb || "mentions") + " " + label + where +
        (month < first ? " (this page lists papers from " + first + " on)." : "."), "note"));
      return;
    }
    target.appendChild(element("h3", label + ", " + month + where + ": " + count + " paper" + (count === 1 ? "" : "s")));
    appendPapers(target, drill, term, month, isBodyOnly);
  }

  function appendPapers(target, drill, term, month, isBodyOnly) {
    var point = drill.points[term + "|" + month];
    var count = isBodyOnly ? point.n_body : point.n;
    var papers = point.papers.filter(function (paper) { return paper[2] || !isBodyOnly; })
      .slice(0, drill.per_point);
    var list = element("ol");
    papers.forEach(function (paper) {
      var item = element("li");
      var link = element("a", paper[1] || paper[0]);
      link.href = "https://arxiv.org/abs/" + encodeURIComponent(paper[0]).replace(/%2F/g, "/");
      item.appendChild(link);
      item.appendChild(element("span", " " + paper[0] + (paper[2] ? "" : " · outside the body only") +
        (paper[3] ? " · " + paper[3] : ""), "tag"));
      list.appendChild(item);
    });
    target.appendChild(list);
    if (count > papers.length) {
      target.appendChild(element("p", "… and " + (count - papers.length) + " more: arxiv-trends papers --month " +
        month + " " + (drill.option || "--term") + " " + shellWord(term) + (isBodyOnly ? " --body-only" : ""), "note"));
    }
  }

  /* An institution's papers over several months (a table's row), newest month first. */
  function showPeriod(target, drill, term, months) {
    var found = months.filter(function (month) { return drill.points[term + "|" + month]; });
    var count = found.reduce(function (sum, month) { return sum + drill.points[term + "|" + month].n; }, 0);
    target.replaceChildren();
    target.appendChild(element("h3", term + ", " + months[0] + " to " + months[months.length - 1] + ": " +
      count + " paper" + (count === 1 ? "" : "s")));
    found.reverse().forEach(function (month) {
      var n = drill.points[term + "|" + month].n;
      target.appendChild(element("h4", month + ": " + n + " paper" + (n === 1 ? "" : "s")));
      appendPapers(target, drill, term, month, false);
    });
  }

  /* Buttons in a table that list an institution's papers of their months (data-months). */
  function setUpDrillButtons() {
    document.querySelectorAll("[data-drill-buttons]").forEach(function (box) {
      var drill = readJson(box.dataset.drillButtons);
      var target = document.getElementById(box.dataset.drillTarget);
      box.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-institution]");
        if (!button || !drill) { return; }
        var months = button.dataset.months.split(" ");
        if (months.length === 1) {
          showPapers(target, drill, button.dataset.institution, months[0], false);
        } else {
          showPeriod(target, drill, button.dataset.institution, months);
        }
        target.scrollIntoView({block: "nearest"});
      });
    });
  }

  /* An abstract edition's Institutions page: link the full-text edition of its month, or
     else the newest full-text one the site holds. */
  function linkFullTextEdition() {
    var note = document.getElementById("fulltext-edition");
    var editions = window.ARXIV_TRENDS_EDITIONS || [];
    if (!note) { return; }
    var same = editions.indexOf(note.dataset.edition) >= 0;
    var name = same ? note.dataset.edition
      : editions.filter(function (edition) { return !/-abstracts$/.test(edition); })[0];
    if (!name) { return; }
    var link = element("a", same ? note.dataset.sameLabel : "the newest full-text edition here, " + name);
    link.href = "../" + name + "/" + note.dataset.page;
    link.id = "fulltext-institutions";
    note.replaceChildren(document.createTextNode("They are in "), link, document.createTextNode("."));
  }

  /* A "Download CSV" button above a chart whose spec says how its points make rows
     (spec.csv: columns, where each is in a point, shares to compute). */
  function addCsvButton(div, csv) {
    if (!csv) { return; }
    var row = element("div", undefined, "control-row");
    var button = element("button", "Download CSV", "download-csv");
    button.type = "button";
    button.addEventListener("click", function () {
      var shares = csv.shares || [], wilson = window.ArxivTrendsShares.wilson;
      var columns = csv.columns.concat.apply(csv.columns, shares.map(function (share) {
        return [share[2] + "_pct", share[2] + "_low_pct", share[2] + "_high_pct"];
      }));
      var rows = [];
      div.data.filter(function (trace) { return trace.customdata; }).forEach(function (trace) {
        trace.customdata.forEach(function (point, i) {
          var values = csv.picks.map(function (pick) {
            return pick === "x" ? String(trace.x[i]).slice(0, 7) : pick === "name" ? trace.name : point[Number(pick.slice(2))];
          });
          rows.push(values.concat.apply(values, shares.map(function (share) {
            var k = values[csv.columns.indexOf(share[0])], n = values[csv.columns.indexOf(share[1])];
            return [n > 0 ? 100.0 * k / n : null].concat(wilson(k, n));
          })));
        });
      });
      var smooth = Number(div.dataset.smooth || 0);
      window.ArxivTrendsShares.saveCsv((div.dataset.csvName || div.id) + (smooth ? "-smoothed-" + smooth : "") +
        ".csv", columns, rows);
    });
    row.appendChild(button);
    div.parentNode.insertBefore(row, div);
  }

  /* A chart drawn from its plotly spec, or, with data-series, a share chart drawn from the
     counts it names (shares.js); then its points list their papers when clicked. */
  function draw(div) {
    var spec = readJson(div.dataset.spec);
    var drawn;
    if (div.dataset.series) {
      var payload = div.dataset.series === "explorer" ? window.ARXIV_TRENDS_EXPLORER : readJson(div.dataset.series);
      var options = div.dataset.series === "explorer" ? explorerOptions(payload) : {pickTerms: true};
      options.drill = Boolean(div.dataset.drill);
      div.shareChart = new window.ArxivTrendsShares.ShareChart(div, spec, payload, options);
      drawn = div.shareChart.start();
    } else if (div.dataset.categories) {
      drawn = Plotly.newPlot(div, spec.data, spec.layout, {responsive: true, displaylogo: false}).then(function () {
        div.categoryCounts = new window.ArxivTrendsShares.CategoryCounts(div, spec, readJson(div.dataset.categories));
        return div.categoryCounts.start();
      });
    } else {
      addCsvButton(div, spec.csv);
      var smoothing = spec.smooth ? new window.ArxivTrendsShares.SmoothPoints(div, spec) : null;
      if (smoothing) { smoothing.addControl(); }
      drawn = Plotly.newPlot(div, spec.data, spec.layout, {responsive: true, displaylogo: false}).then(function () {
        return smoothing ? smoothing.start() : null;
      });
    }
    return drawn.then(function () {
      div.dataset.drawn = "1";
      if (window.arxivTrendsFirstChartMs === undefined) {
        window.arxivTrendsFirstChartMs = performance.now();
      }
      if (div.dataset.drill) {
        var drill = readJson(div.dataset.drill);
        var target = document.getElementById(div.dataset.drillTarget);
        div.on("plotly_click", function (event) {
          var data = event.points[0].customdata;
          if (data) { showPapers(target, drill, data[0], data[1], div.dataset.toggle === "1"); }
        });
      }
    });
  }

  function normalise(text) {
    return text.toLowerCase().replace(/[^0-9a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f.\-]+/g, " ").trim();
  }

  /* The explorer: the words typed (or the link's) are the terms drawn; those the page does
     not carry are said, with the command that asks the database. */
  function explorerOptions(payload) {
    var input = document.getElementById("explorer-input");
    var message = document.getElementById("explorer-message");
    var options = document.getElementById("explorer-terms");
    Object.keys(payload.views.all.k.any).slice(0, 2000).forEach(function (ngram) {
      var option = document.createElement("option");
      option.value = ngram;
      options.appendChild(option);
    });
    function asked() {
      return input.value.split(",").map(normalise).filter(function (t) { return t; });
    }
    function say(chart) {
      var missing = chart.asked.filter(function (t) { return !chart.known(t); });
      var n = chart.drawn().length;
      message.textContent = (n ? "Showing " + n + " series. " : "") +
        (missing.length ? "Not among the words shipped with this page: " + missing.join(", ") +
          " (try arxiv-trends query)." : "");
    }
    var form = document.getElementById("explorer-form");
    return {
      pickTerms: false, shown: asked(),
      onStart: function (chart) {
        input.value = chart.asked.join(", ");
        say(chart);
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          chart.asked = asked();
          var known = chart.asked.filter(function (t) { return chart.known(t); });
          var hl = chart.state.hl.filter(function (t) { return known.indexOf(t) >= 0; });
          chart.change({terms: chart.asked, hl: hl.length ? hl : known.slice(0, 1)});
          say(chart);
        });
      },
      onHash: function (chart) { input.value = chart.asked.join(", "); say(chart); }
    };
  }

  linkOtherEdition();
  linkFullTextEdition();
  setUpDrillButtons();
  var charts = Array.prototype.slice.call(document.querySelectorAll("div.chart[data-spec]"));
  Promise.all(charts.map(draw)).then(function () {
    document.body.dataset.ready = "1";
  }).catch(function (error) {
    console.error("arxiv-trends: a chart failed", error);
  });
}());
