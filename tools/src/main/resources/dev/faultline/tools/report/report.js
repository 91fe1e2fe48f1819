// Draws report.html from the JSON in #report-data. Every string from the data reaches the page
// through textContent or ECharts' own escaping (encodeHTML in tooltips), never as markup: evidence
// lines are raw log text. When every chart has rendered, <body data-ready="true"> tells a headless
// browser (ReportBrowserITCase) the page is complete; each chart says how many points it drew.
(function () {
  'use strict';
  var body = document.body;
  var errors = 0;
  window.addEventListener('error', function () {
    errors++;
    body.setAttribute('data-errors', String(errors));
  });

  var data = JSON.parse(document.getElementById('report-data').textContent);
  var series = data.series;
  var resolution = data.resolution;
  var COLORS = {
    success: '#8fbc8f', canceled: '#c0c0c0', unknownOutcome: '#dcdcdc',
    initialization: '#5470c6', clone: '#91cc75', tool_installation: '#fac858',
    dependency_installation: '#ee6666', build_command: '#73c0de', deploy_command: '#3ba272',
    timeout: '#fc8452', health_check: '#9a60b4', internal: '#ea7ccc', unknown: '#7f7f7f',
    platform: '#d62728', user: '#1f77b4', faultUnknown: '#7f7f7f'
  };

  var pending = 0;
  var started = false;
  var drawn = 0;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function fmt(n) { return Number(n).toLocaleString('en-US'); }

  function when(iso) {
    return iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '—';
  }

  function bucketLabel(ms) {
    var s = new Date(ms).toISOString();
    return resolution === 'hour' ? s.slice(0, 10) + ' ' + s.slice(11, 16) : s.slice(0, 10);
  }

  function duration(seconds) {
    if (seconds < 60) return seconds + ' s';
    var m = Math.round(seconds / 60);
    if (m < 120) return m + ' min';
    return (m / 60).toFixed(1) + ' h';
  }

  function emptyNote(container, text) {
    container.replaceWith(el('p', text, 'empty'));
  }

  function finishedOne() {
    pending--;
    if (started && pending === 0) done();
  }

  function done() {
    body.setAttribute('data-charts', String(drawn));
    body.setAttribute('data-ready', 'true');
  }

  // Draws one chart; points is how many data points it shows (0: a note instead of an empty chart).
  function chart(div, option, points, emptyText) {
    if (!points) {
      emptyNote(div, emptyText);
      return;
    }
    var c = echarts.init(div, null, { renderer: 'canvas' });
    pending++;
    drawn++;
    var once = false;
    c.on('finished', function () {
      if (once) return;
      once = true;
      div.setAttribute('data-rendered', 'true');
      div.setAttribute('data-points', String(points));
      finishedOne();
    });
    c.setOption(Object.assign({ animation: false }, option));
    window.addEventListener('resize', function () { c.resize(); });
  }

  function sum(list) {
    var n = 0;
    for (var i = 0; i < list.length; i++) n += list[i] || 0;
    return n;
  }

  function subtitle() {
    var t = data.totals;
    var text = data.verdictsFile + (data.alertsFile ? ' and ' + data.alertsFile : '') +
      (t.first ? ': builds that ended from ' + when(t.first) + ' to ' + when(t.last) : '') +
      '. Made ' + when(data.generatedAt) + '.';
    document.getElementById('subtitle').textContent = text;
    var spans = document.querySelectorAll('.resolution');
    for (var i = 0; i < spans.length; i++) spans[i].textContent = resolution;
  }

  function notices() {
    var n = document.getElementById('notices');
    var t = data.totals;
    if (t.badLines > 0) {
      n.appendChild(el('p', fmt(t.badLines) + ' line(s) of ' + data.verdictsFile +
        ' could not be read as verdicts and are left out (first at line ' +
        t.badLineNumbers.join(', ') + ').', 'notice'));
    }
    if (data.alerts && data.alerts.badLines > 0) {
      n.appendChild(el('p', fmt(data.alerts.badLines) + ' line(s) of ' + data.alertsFile +
        ' could not be read as alerts (first at line ' + data.alerts.badLineNumbers.join(', ') + ').', 'notice'));
    }
    if (t.builds === 0) {
      n.appendChild(el('p', 'No verdicts could be read from ' + data.verdictsFile + '.', 'notice'));
    }
    if (t.untimed > 0) {
      n.appendChild(el('p', fmt(t.untimed) + ' verdict(s) have no timestamps: counted in the totals and tables, ' +
        'not on the time charts.', 'notice'));
    }
  }

  function totals() {
    var t = data.totals;
    var box = document.getElementById('totals');
    function card(label, value) {
      var c = el('div', null, 'card');
      c.appendChild(el('div', value, 'value'));
      c.appendChild(el('div', label, 'label'));
      box.appendChild(c);
    }
    card('builds', fmt(t.builds));
    card('failures', fmt(t.failures));
    card('failure rate', t.builds ? (100 * t.failures / t.builds).toFixed(1) + ' %' : '—');
    card('platform faults', fmt(t.faults.platform));
    card('user faults', fmt(t.faults.user));
    card('alert incidents', data.alerts ? fmt(data.alerts.incidents.length + data.alerts.dropped) : 'no alerts file');
  }

  function zoom(n) {
    return n > 60 ? [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 4 }] : [];
  }

  function buildsChart() {
    var labels = series.time.map(bucketLabel);
    var bars = [
      { name: 'success', data: series.outcomes.success, color: COLORS.success },
      { name: 'canceled', data: series.outcomes.canceled, color: COLORS.canceled },
      { name: 'outcome unknown', data: series.outcomes.unknown, color: COLORS.unknownOutcome }
    ];
    Object.keys(series.categories).forEach(function (c) {
      if (sum(series.categories[c]) > 0) {
        bars.push({ name: 'failed: ' + c, data: series.categories[c], color: COLORS[c] });
      }
    });
    var s = bars.map(function (b) {
      return { name: b.name, type: 'bar', stack: 'builds', data: b.data, itemStyle: { color: b.color },
        barCategoryGap: '10%', large: true };
    });
    s.push({ name: 'failure rate %', type: 'line', yAxisIndex: 1, data: series.failureRate,
      // Small symbols always: with sparse builds most buckets are empty (null), and a line of
      // isolated points would otherwise draw nothing.
      itemStyle: { color: '#cf222e' }, showSymbol: true, symbolSize: labels.length < 80 ? 5 : 3, connectNulls: false });
    chart(document.getElementById('chart-builds'), {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 56, right: 56, top: 48, bottom: labels.length > 60 ? 64 : 40 },
      xAxis: { type: 'category', data: labels },
      yAxis: [{ type: 'value', name: 'builds' }, { type: 'value', name: 'failed %', min: 0, max: 100 }],
      dataZoom: zoom(labels.length),
      series: s
    }, sum(series.builds) > 0 ? labels.length : 0, 'No timed verdicts to chart.');
  }

  function faultsChart() {
    var labels = series.time.map(bucketLabel);
    var colors = { platform: COLORS.platform, user: COLORS.user, unknown: COLORS.faultUnknown };
    var s = Object.keys(series.faults).map(function (f) {
      return { name: f, type: 'line', stack: 'faults', areaStyle: { opacity: 0.35 }, data: series.faults[f],
        itemStyle: { color: colors[f] }, showSymbol: labels.length < 80 };
    });
    var failures = 0;
    Object.keys(series.faults).forEach(function (f) { failures += sum(series.faults[f]); });
    chart(document.getElementById('chart-faults'), {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 56, right: 24, top: 40, bottom: labels.length > 60 ? 64 : 40 },
      xAxis: { type: 'category', data: labels, boundaryGap: false },
      yAxis: { type: 'value', name: 'failures' },
      dataZoom: zoom(labels.length),
      series: s
    }, failures > 0 ? labels.length : 0, 'No failures in these verdicts.');
  }

  function table(headers, numeric) {
    var t = el('table');
    var tr = el('tr');
    headers.forEach(function (h, i) { tr.appendChild(el('th', h, numeric[i] ? 'num' : null)); });
    var head = el('thead');
    head.appendChild(tr);
    t.appendChild(head);
    t.appendChild(el('tbody'));
    return t;
  }

  function signatures() {
    var box = document.getElementById('signatures');
    if (!data.signatures.length) {
      box.appendChild(el('p', 'No verdict carries a signature.', 'empty'));
      return;
    }
    var t = table(['signature', 'category', 'fault', 'verdicts', 'first seen', 'last seen', 'trend'],
      [false, false, false, true, false, false, false]);
    var tbody = t.tBodies[0];
    var sparks = [];
    data.signatures.forEach(function (s) {
      var tr = el('tr');
      tr.appendChild(el('td')).appendChild(el('code', s.signature));
      tr.appendChild(el('td', s.category || '—'));
      tr.appendChild(el('td', s.fault || '—'));
      tr.appendChild(el('td', fmt(s.count), 'num'));
      tr.appendChild(el('td', when(s.first)));
      tr.appendChild(el('td', when(s.last)));
      var cell = tr.appendChild(el('td'));
      var spark = cell.appendChild(el('div', null, 'chart spark'));
      sparks.push([spark, s]);
      tbody.appendChild(tr);
    });
    box.appendChild(t);
    if (data.signaturesDistinct > data.signatures.length) {
      box.appendChild(el('p', 'Showing the top ' + data.signatures.length + ' of ' +
        fmt(data.signaturesDistinct) + ' signatures.', 'help'));
    }
    var labels = series.time.map(bucketLabel);
    sparks.forEach(function (p) {
      chart(p[0], {
        grid: { left: 2, right: 2, top: 4, bottom: 4 },
        tooltip: { trigger: 'axis', confine: true },
        xAxis: { type: 'category', data: labels, show: false, boundaryGap: false },
        yAxis: { type: 'value', show: false, min: 0 },
        series: [{ name: p[1].signature, type: 'line', data: p[1].trend, showSymbol: false,
          lineStyle: { width: 1.5 }, areaStyle: { opacity: 0.2 } }]
      }, p[1].trend.length, 'untimed');
    });
  }

  function unknownGroups() {
    var box = document.getElementById('unknown');
    if (!data.unknownGroups.length) {
      box.appendChild(el('p', 'No unknown failures with evidence.', 'empty'));
    } else {
      var t = table(['failures', 'masked line, evidence of the first example', 'first seen', 'last seen', 'example builds'],
        [true, false, false, false, false]);
      var tbody = t.tBodies[0];
      data.unknownGroups.forEach(function (g) {
        var tr = el('tr');
        tr.appendChild(el('td', fmt(g.count), 'num'));
        var line = tr.appendChild(el('td'));
        line.appendChild(el('code', g.line));
        line.appendChild(el('pre', (g.evidence || []).join('\n')));
        tr.appendChild(el('td', when(g.first)));
        tr.appendChild(el('td', when(g.last)));
        var ex = tr.appendChild(el('td'));
        g.examples.forEach(function (id) { ex.appendChild(el('div')).appendChild(el('code', id)); });
        tbody.appendChild(tr);
      });
      box.appendChild(t);
    }
    var more = [];
    if (data.unknownGroupsDistinct > data.unknownGroups.length) {
      more.push('showing the top ' + data.unknownGroups.length + ' of ' + fmt(data.unknownGroupsDistinct) + ' groups');
    }
    if (data.unknownUngrouped > 0) more.push(fmt(data.unknownUngrouped) + ' failures past the group limit');
    if (data.unknownWithoutEvidence > 0) more.push(fmt(data.unknownWithoutEvidence) + ' unknown failures without evidence');
    if (more.length) box.appendChild(el('p', more.join('; ') + '.', 'help'));
  }

  function alerts() {
    var chartDiv = document.getElementById('chart-alerts');
    var box = document.getElementById('alerts');
    if (!data.alerts) {
      emptyNote(chartDiv, 'No alerts file was given.');
      return;
    }
    var incidents = data.alerts.incidents;
    var keys = [];
    var row = {};
    incidents.forEach(function (i) {
      if (!(i.dedupKey in row)) { row[i.dedupKey] = keys.length; keys.push(i.dedupKey); }
    });
    chartDiv.style.height = Math.max(160, Math.min(keys.length * 26 + 80, 1600)) + 'px';
    var items = incidents.map(function (i) {
      return { value: [row[i.dedupKey], Date.parse(i.start), Date.parse(i.end)],
        itemStyle: { color: i.urgency === 'high' ? '#cf222e' : '#d4a72c' }, incident: i };
    });
    function renderItem(params, api) {
      var y = api.value(0);
      var a = api.coord([api.value(1), y]);
      var b = api.coord([api.value(2), y]);
      var h = api.size([0, 1])[1] * 0.6;
      var shape = echarts.graphic.clipRectByRect(
        { x: a[0], y: a[1] - h / 2, width: Math.max(b[0] - a[0], 3), height: h },
        { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height });
      return shape && { type: 'rect', shape: shape, style: api.style() };
    }
    var enc = echarts.format.encodeHTML;
    chart(chartDiv, {
      tooltip: {
        confine: true,
        formatter: function (p) {
          var i = p.data.incident;
          return '<b>' + enc(i.summary || i.dedupKey) + '</b><br>' + enc(when(i.start)) + ' → ' +
            enc(i.open ? 'still firing at the end of the data' : when(i.end)) + ' (' + enc(duration(i.seconds)) +
            ')<br>' + enc(i.kind + ', ' + i.severity + ', urgency ' + i.urgency + ', peak ' + i.peakFailures + ' failures');
        }
      },
      grid: { left: 260, right: 24, top: 16, bottom: 56 },
      xAxis: { type: 'time' },
      yAxis: { type: 'category', data: keys, inverse: true,
        axisLabel: { width: 250, overflow: 'truncate', fontSize: 11 } },
      dataZoom: [{ type: 'inside', filterMode: 'weakFilter' }, { type: 'slider', height: 18, bottom: 4, filterMode: 'weakFilter' }],
      series: [{ type: 'custom', renderItem: renderItem, encode: { x: [1, 2], y: 0 }, data: items }]
    }, items.length, 'No alert would have fired.');

    if (!incidents.length) return;
    var t = table(['started', 'ended', 'for', 'who', 'severity', 'kind', 'summary', 'peak failures'],
      [false, false, true, false, false, false, false, true]);
    var tbody = t.tBodies[0];
    var shown = Math.min(incidents.length, 200);
    for (var k = 0; k < shown; k++) {
      var i = incidents[k];
      var tr = el('tr');
      tr.appendChild(el('td', when(i.start)));
      tr.appendChild(el('td', i.open ? 'still firing' : when(i.end)));
      tr.appendChild(el('td', duration(i.seconds), 'num'));
      tr.appendChild(el('td', i.urgency === 'high' ? 'pages' : 'triage', i.urgency === 'high' ? 'pages' : 'triage'));
      tr.appendChild(el('td', i.severity));
      tr.appendChild(el('td', i.kind));
      tr.appendChild(el('td', i.summary));
      tr.appendChild(el('td', fmt(i.peakFailures), 'num'));
      tbody.appendChild(tr);
    }
    box.appendChild(t);
    var total = incidents.length + data.alerts.dropped;
    if (total > shown) {
      box.appendChild(el('p', 'Listing the first ' + shown + ' of ' + fmt(total) + ' incidents (all in ' +
        data.alertsFile + ').', 'help'));
    }
  }

  subtitle();
  notices();
  totals();
  buildsChart();
  faultsChart();
  signatures();
  unknownGroups();
  alerts();
  started = true;
  if (pending === 0) done();
})();
