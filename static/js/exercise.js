/*
 * Exercise panel: CodeMirror editor, submit (button or Ctrl+Enter), per-check report, refused-YAML problems
 * pinned to editor lines, sandbox status polling, solution diff, previous submissions, live view (tables + map)
 * and progress marks in the outline. Loaded from /static only (CSP: no inline scripts). Without JavaScript the
 * panel is a plain form that posts the textarea and gets a server-rendered report.
 */
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';

  // ---------- small helpers ----------
  function $(root, sel) { return root.querySelector(sel); }
  function $all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'html') e.innerHTML = attrs[k];
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // The server renders every word and every piece of HTML of a report or a status (templates/exercise/panel.html);
  // this script only asks for a fragment and places it.
  function fragmentOf(html, selector) {
    return new DOMParser().parseFromString(html, 'text/html').querySelector(selector);
  }
  function place(target, rendered) {
    Array.prototype.slice.call(rendered.attributes).forEach(function (a) {
      if (a.name !== 'id') target.setAttribute(a.name, a.value);
    });
    target.replaceChildren.apply(target, Array.prototype.map.call(rendered.childNodes,
      function (n) { return document.importNode(n, true); }));
  }

  // CSRF (SecurityConfig: csrf.spa()): fetch sends the raw XSRF-TOKEN cookie value as X-XSRF-TOKEN; the masked
  // _csrf value of our forms is only the fallback (plain form posts carry it as a field).
  function csrf(panel) {
    var headers = {};
    var m = /(?:^|; )XSRF-TOKEN=([^;]+)/.exec(document.cookie);
    if (m) { headers['X-XSRF-TOKEN'] = decodeURIComponent(m[1]); return headers; }
    var input = $(panel, 'input[name="_csrf"]');
    var form = $(panel, 'form.submit-form');
    if (input && input.value) headers[(form && form.getAttribute('data-csrf-header')) || 'X-XSRF-TOKEN'] = input.value;
    return headers;
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    });
  }

  // ---------- line diff (LCS) ----------
  function lineDiff(a, b) {
    a = a.replace(/\s+$/, '').split('\n'); b = b.replace(/\s+$/, '').split('\n');
    var n = a.length, m = b.length, i, j;
    var t = [];
    for (i = 0; i <= n; i++) { t.push(new Array(m + 1).fill(0)); }
    for (i = n - 1; i >= 0; i--) for (j = m - 1; j >= 0; j--)
      t[i][j] = a[i] === b[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
    var out = []; i = 0; j = 0;
    while (i < n && j < m) {
      if (a[i] === b[j]) { out.push({ op: ' ', line: a[i] }); i++; j++; }
      else if (t[i + 1][j] >= t[i][j + 1]) out.push({ op: '-', line: a[i++] });
      else out.push({ op: '+', line: b[j++] });
    }
    while (i < n) out.push({ op: '-', line: a[i++] });
    while (j < m) out.push({ op: '+', line: b[j++] });
    return out;
  }

  // ---------- progress marks (outline, home, cards) ----------
  function refreshProgress() {
    var marked = $all(document, '[data-exercise-id]');
    var counters = $all(document, '[data-lesson-progress]');
    if (!marked.length && !counters.length) return Promise.resolve();
    return getJson('/api/exercises').then(function (list) {
      var solved = {}, perLesson = {};
      list.forEach(function (x) {
        solved[x.id] = !!x.solved;
        var p = perLesson[x.lesson] || (perLesson[x.lesson] = { solved: 0, total: 0 });
        p.total++; if (x.solved) p.solved++;
      });
      marked.forEach(function (e) {
        var id = e.getAttribute('data-exercise-id');
        if (!(id in solved)) return;
        e.classList.toggle('is-solved', solved[id]);
        var mark = $(e, '.solved-mark');
        if (!mark) { mark = el('span', { 'class': 'solved-mark' }); e.appendChild(mark); }
        mark.textContent = solved[id] ? ' \u2713 solved' : '';
      });
      counters.forEach(function (e) {
        var p = perLesson[e.getAttribute('data-lesson-progress')];
        if (p) e.textContent = p.solved + ' of ' + p.total + ' solved';
      });
    }).catch(function () { /* progress marks are a nicety; the page works without them */ });
  }

  // ---------- the panel ----------
  function initPanel(panel) {
    if (panel.getAttribute('data-ready') === 'true') return;
    panel.setAttribute('data-ready', 'true');
    var id = panel.getAttribute('data-exercise');
    var api = '/api/exercises/' + encodeURIComponent(id);
    var form = $(panel, 'form.submit-form');
    var textarea = $(form, 'textarea');
    var report = $(panel, '.report');
    var submitButton = $(form, 'button.submit');
    var lastSubmitted = null;
    var editor = null;
    var marks = [];

    // On the exercise's own page its title is the h1, so the panel's h3 headings (report, solution, live view) are
    // second-level there; in a lesson's card they stay third-level under the card's h2.
    var subheadingLevel = panel.getAttribute('data-subheading-level');
    if (subheadingLevel && 'MutationObserver' in window) {
      var level = function () {
        $all(panel, 'h3:not([aria-level])').forEach(function (h) { h.setAttribute('aria-level', subheadingLevel); });
      };
      level();
      new MutationObserver(level).observe(panel, { childList: true, subtree: true });
    }

    if (window.CodeMirror) {
      editor = window.CodeMirror.fromTextArea(textarea, {
        mode: 'yaml', lineNumbers: true, indentUnit: 2, tabSize: 2, viewportMargin: Infinity,
        gutters: ['CodeMirror-linenumbers', 'problem-gutter'],
        screenReaderLabel: 'YAML editor',
        extraKeys: {
          'Ctrl-Enter': function () { submit(); },
          'Cmd-Enter': function () { submit(); },
          Tab: function (cm) { cm.replaceSelection('  '); },
          Esc: function () { submitButton.focus(); }
        }
      });
      editor.setSize(null, 'auto'); // grows with the YAML: the whole manifest stays visible
      editor.getWrapperElement().setAttribute('data-editor', 'codemirror');
      panel.editor = editor;
    } else {
      textarea.addEventListener('keydown', function (e) {
        if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); submit(); }
      });
    }
    function text() { return editor ? editor.getValue() : textarea.value; }
    function setText(t) { if (editor) { editor.setValue(t); editor.focus(); } else { textarea.value = t; textarea.focus(); } }

    function clearMarks() {
      if (!editor) return;
      marks.forEach(function (l) {
        editor.removeLineClass(l, 'background', 'cm-problem-line');
      });
      editor.clearGutter('problem-gutter');
      marks = [];
    }
    function markLine(line, message) {
      if (!editor || !line) return;
      var l = Math.min(Math.max(line - 1, 0), editor.lineCount() - 1);
      editor.addLineClass(l, 'background', 'cm-problem-line');
      var marker = el('span', { 'class': 'problem-marker', title: message, 'aria-hidden': 'true', text: '!' });
      editor.setGutterMarker(l, 'problem-gutter', marker);
      marks.push(l);
    }
    function goToLine(line) {
      if (editor) { editor.focus(); editor.setCursor({ line: line - 1, ch: 0 }); editor.scrollIntoView(null, 80); }
      else textarea.focus();
    }

    // --- sandbox status ---
    var status = $(panel, '.sandbox-status');
    var pollTimer = null;
    function placeStatus(html) {
      var rendered = fragmentOf(html, '.sandbox-status');
      if (!rendered) return false;
      place(status, rendered);
      clearTimeout(pollTimer);
      var state = status.getAttribute('data-state');
      if (state === 'QUEUED' || state === 'PREPARING' || status.querySelector('progress')) pollTimer = setTimeout(pollStatus, 2000);
      return true;
    }
    function pollStatus() {
      if (!status || !document.body.contains(panel)) return;
      fetch('/exercises/' + encodeURIComponent(id) + '/sandbox', fragmentRequest('GET'))
        .then(function (r) { return r.ok ? r.text().then(placeStatus) : null; })
        .catch(function () {});
    }
    function fragmentRequest(method, body) {
      var headers = csrf(panel);
      headers['X-Requested-With'] = 'fetch';
      headers.Accept = 'text/html';
      if (body) headers['Content-Type'] = 'application/x-www-form-urlencoded';
      return { method: method, headers: headers, credentials: 'same-origin', body: body };
    }
    if (status) {
      var st = status.getAttribute('data-state');
      if (st === 'QUEUED' || st === 'PREPARING' || !st || $(status, '.sandbox-progress')) pollStatus();
    }

    // --- submit ---
    function submit() {
      if (panel.classList.contains('is-grading')) return;
      var yaml = text();
      lastSubmitted = yaml;
      panel.classList.add('is-grading');
      submitButton.disabled = true;
      report.setAttribute('aria-busy', 'true');
      report.replaceChildren(el('p', { 'class': 'grading', text: 'Applying your YAML to the sandbox and running the checks\u2026' }));
      clearMarks();
      var started = performance.now();
      fetch(form.action, fragmentRequest('POST', new URLSearchParams({ yaml: yaml }).toString()))
        .then(function (r) {
          return r.text().then(function (html) {
            var rendered = fragmentOf(html, '.report');
            if (!rendered) throw new Error('The guide answered ' + r.status + '.');
            var refusedStatus = fragmentOf(html, '.sandbox-status');
            if (refusedStatus) place(status, refusedStatus);
            return rendered;
          });
        })
        .then(function (rendered) {
          var ms = Math.round(performance.now() - started);
          place(report, rendered);
          markProblems();
          report.setAttribute('data-submit-ms', String(ms));
          var passed = report.getAttribute('data-passed') === 'true';
          addHistory(yaml, passed);
          if (!passed) $(panel, '.show-solution').hidden = false;
          refreshLive();
          refreshProgress();
          pollStatus(); // the first submission starts the sandbox
        })
        .catch(function (e) {
          report.replaceChildren(el('p', { 'class': 'report-error', role: 'alert', text: 'Your submission could not be graded: ' + e.message + ' Try again, or reset the sandbox.' }));
          report.setAttribute('data-passed', 'error');
        })
        .then(function () {
          panel.classList.remove('is-grading');
          submitButton.disabled = false;
          report.removeAttribute('aria-busy');
        });
    }
    form.addEventListener('submit', function (e) { e.preventDefault(); submit(); });

    // The report lists refused YAML's problems with their lines; mark those lines in the editor, and let "Line n"
    // move the cursor there (without script it is a link to the editor).
    function markProblems() {
      $all(report, '.problems li[data-line]').forEach(function (li) {
        var line = +li.getAttribute('data-line');
        markLine(line, li.textContent);
        var link = $(li, 'a.problem-line');
        if (link) link.addEventListener('click', function (e) { e.preventDefault(); goToLine(line); });
      });
    }
    markProblems();

    // --- previous submissions ---
    var history = $(panel, '.history');
    function addHistory(yaml, passed) {
      if (!history) return;
      var ol = $(history, 'ol') || history.appendChild(el('ol'));
      var li = el('li', null, [
        el('time', { text: new Date().toLocaleTimeString() }), ' ',
        el('span', { 'class': passed ? 'pass' : 'fail', text: passed ? 'passed' : 'failed' }), ' ',
        el('pre', { 'class': 'submission-yaml', hidden: 'hidden', text: yaml })
      ]);
      var b = el('button', { type: 'button', 'class': 'load-submission', text: 'Load into editor' });
      li.insertBefore(b, li.lastChild);
      ol.insertBefore(li, ol.firstChild);
      var count = $(history, '.count'); if (count) count.textContent = String($all(ol, 'li').length);
      history.hidden = false;
    }
    if (history) history.addEventListener('click', function (e) {
      var b = e.target.closest('button.load-submission');
      if (!b) return;
      setText($(b.closest('li'), '.submission-yaml').textContent);
    });

    // --- solution with diff ---
    var showSolution = $(panel, '.show-solution');
    var solutionView = $(panel, '.solution-view');
    var solutionSource = $(panel, '.solution-source');
    if (showSolution && solutionView && solutionSource) {
      showSolution.hidden = false;
      showSolution.addEventListener('click', function () {
        if (!solutionView.hidden) { solutionView.hidden = true; showSolution.setAttribute('aria-expanded', 'false'); return; }
        var solution = solutionSource.textContent;
        var mine = lastSubmitted != null ? lastSubmitted : text();
        var pre = el('pre', { 'class': 'diff' });
        lineDiff(mine, solution).forEach(function (d) {
          var cls = d.op === '+' ? 'add' : d.op === '-' ? 'del' : 'same';
          var line = el('span', { 'class': 'diff-line ' + cls });
          line.appendChild(el('span', { 'class': 'diff-op', 'aria-hidden': 'true', text: d.op + ' ' }));
          if (d.op !== ' ') line.appendChild(el('span', { 'class': 'visually-hidden', text: d.op === '+' ? 'solution has: ' : 'you have: ' }));
          line.appendChild(document.createTextNode(d.line + '\n'));
          pre.appendChild(line);
        });
        var use = el('button', { type: 'button', 'class': 'use-solution', text: 'Copy the solution into the editor' });
        use.addEventListener('click', function () { setText(solution); });
        solutionView.replaceChildren(
          el('h3', { text: 'Solution, compared with ' + (lastSubmitted != null ? 'your last submission' : 'the editor') }),
          el('p', { 'class': 'legend', text: 'Lines marked + are in the solution only; lines marked \u2212 are in yours only.' }),
          pre, use);
        solutionView.hidden = false;
        showSolution.setAttribute('aria-expanded', 'true');
      });
    }

    // --- start / reset sandbox in place (the forms still work without JavaScript: they reload the page) ---
    function sandboxForm(selector, done) {
      var f = $(panel, selector);
      if (!f) return;
      f.addEventListener('submit', function (e) {
        e.preventDefault();
        var button = $(f, 'button');
        button.disabled = true;
        fetch(f.action, fragmentRequest('POST', new URLSearchParams(new FormData(f)).toString()))
          .then(function (r) {
            // refused too (429: a budget is spent, the line is full): the status fragment says so in words
            return r.text().then(function (html) {
              if (!placeStatus(html)) throw new Error('HTTP ' + r.status);
              if (r.ok) done();
            });
          })
          .catch(function (err) {
            status.replaceChildren(el('strong', { text: 'The sandbox could not be started (' + err.message + ').' }),
              el('span', { text: ' Reload the page and try again.' }));
          })
          .then(function () { button.disabled = false; });
      });
    }
    sandboxForm('form.start-form', function () {});
    sandboxForm('form.reset-form', function () {
      panel.setAttribute('data-reset-at', String(Date.now()));
      report.replaceChildren();
      report.removeAttribute('data-passed');
      if (live) { live.hidden = true; }
    });

    // --- clear progress: confirm ---
    $all(panel, 'form.clear-progress').forEach(function (f) {
      f.addEventListener('submit', function (e) {
        if (!window.confirm('Clear your progress on every exercise? This cannot be undone.')) e.preventDefault();
      });
    });

    // --- live view ---
    var live = $(panel, '.live');
    function refreshLive() {
      if (!live) return Promise.resolve();
      return getJson(api + '/live').then(function (v) { renderLive(live, v); }).catch(function () {});
    }
    if (live && live.getAttribute('data-load') === 'true') refreshLive();
    panel.refreshLive = refreshLive;
  }

  // ---------- live view rendering ----------
  function table(caption, columns, rows) {
    var t = el('table', { 'class': 'kubectl' });
    t.appendChild(el('caption', { text: caption }));
    var head = el('tr');
    columns.forEach(function (c) { head.appendChild(el('th', { scope: 'col', text: c })); });
    t.appendChild(el('thead', null, [head]));
    var body = el('tbody');
    if (!rows.length) body.appendChild(el('tr', null, [el('td', { colspan: String(columns.length), text: 'No resources found.' })]));
    rows.forEach(function (r) {
      var tr = el('tr');
      r.forEach(function (cell) { tr.appendChild(el('td', { text: cell == null ? '' : String(cell) })); });
      body.appendChild(tr);
    });
    t.appendChild(body);
    return el('div', { 'class': 'table-scroll' }, [t]);
  }

  function renderLive(live, v) {
    live.hidden = false;
    var body = $(live, '.live-body') || live.appendChild(el('div', { 'class': 'live-body' }));
    if (v.error) { body.replaceChildren(el('p', { text: v.error })); return; }
    var nodes = v.services.length || v.pods.length ? [drawMap(v)] : [];
    nodes.push(table('Services', ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'SELECTOR'],
      v.services.map(function (s) { return [s.name, s.type, s.clusterIp, s.externalIp, s.ports, s.selector]; })));
    nodes.push(table('EndpointSlices', ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS'],
      v.endpointSlices.map(function (s) { return [s.name, s.addressType, s.ports, s.endpoints]; })));
    nodes.push(table('Pods', ['NAME', 'READY', 'STATUS', 'IP', 'NODE', 'LABELS'],
      v.pods.map(function (p) { return [p.name, p.ready, p.status, p.ip, p.node, p.labels]; })));
    if (v.claims && v.claims.length) nodes.push(table('PersistentVolumeClaims', ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS'],
      v.claims.map(function (c) { return [c.name, c.status, c.volume, c.capacity, c.accessModes, c.storageClass]; })));
    body.replaceChildren.apply(body, nodes);
  }

  function drawMap(v) {
    var services = v.services.filter(function (s) { return s.name !== 'kubernetes'; });
    var pods = v.pods;
    var rowH = 62, boxH = 50, sx = 8, sw = 250, px = 420, pw = 250;
    var rows = Math.max(services.length, pods.length, 1);
    var height = rows * rowH + 16, width = px + pw + 8;
    var root = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, 'class': 'live-map', role: 'img', width: '100%' });
    var described = [];
    var podY = {};
    pods.forEach(function (p, i) {
      var y = 8 + i * rowH;
      podY[p.name] = y + boxH / 2;
      var g = svg('g', { 'class': 'pod ' + (p.allReady ? 'ready' : 'unready') });
      g.appendChild(svg('rect', { x: px, y: y, width: pw, height: boxH, rx: 6 }));
      g.appendChild(svg('text', { x: px + 10, y: y + 20, 'class': 'name' }, clip(p.name, 30)));
      g.appendChild(svg('text', { x: px + 10, y: y + 39, 'class': 'detail' }, (p.ip || '') + '  ' + (p.allReady ? 'ready' : p.status + ', not ready')));
      root.appendChild(g);
    });
    services.forEach(function (s, i) {
      var y = 8 + i * rowH;
      var slices = v.endpointSlices.filter(function (e) { return e.service === s.name; });
      var endpoints = [];
      slices.forEach(function (e) { endpoints = endpoints.concat(e.endpointList.map(function (x) { return { ep: x, ports: e.ports }; })); });
      var ready = endpoints.filter(function (x) { return x.ep.ready; }).length;
      endpoints.forEach(function (x) {
        var ty = x.ep.pod && podY[x.ep.pod];
        if (ty === undefined) return;
        root.insertBefore(svg('line', { x1: sx + sw, y1: y + boxH / 2, x2: px, y2: ty,
          'class': 'route ' + (x.ep.ready ? 'ready' : 'unready') }), root.firstChild);
      });
      var g = svg('g', { 'class': 'service' + (s.type !== 'ExternalName' && endpoints.length === 0 ? ' no-endpoints' : '') });
      g.appendChild(svg('rect', { x: sx, y: y, width: sw, height: boxH, rx: 6 }));
      g.appendChild(svg('text', { x: sx + 10, y: y + 20, 'class': 'name' }, clip(s.name, 22) + '  (' + s.type + ')'));
      var ports = (s.portList || []).map(function (p) {
        return p.port + (p.nodePort ? ':' + p.nodePort : '') + '\u2192' + (p.targetPort || p.port);
      }).join(', ');
      var detail = s.type === 'ExternalName' ? '\u2192 ' + s.externalName
        : (ports || 'no ports') + (endpoints.length ? '  ' + ready + ' ready' : '  no endpoints');
      g.appendChild(svg('text', { x: sx + 10, y: y + 39, 'class': 'detail' }, clip(detail, 36)));
      root.appendChild(g);
      described.push(describeRoutes(s, endpoints, ready));
    });
    var label = (described.length ? described.join('; ') : 'No Services') + '. ' + pods.length + ' Pod' + (pods.length === 1 ? '' : 's') + ', ' +
      pods.filter(function (p) { return p.allReady; }).length + ' ready' +
      (pods.length ? ': ' + pods.map(function (p) { return p.name + (p.allReady ? ' (ready)' : ' (not ready)'); }).join(', ') : '') + '.';
    root.setAttribute('aria-label', 'Map of your sandbox: ' + label);
    var legend = el('p', { 'class': 'map-legend', text: 'Solid line: ready endpoint. Dashed grey line: endpoint not ready. A Service with no lines routes nowhere.' });
    return el('figure', { 'class': 'map' }, [root, el('figcaption', { text: label }), legend]);
  }
  // The map's text alternative for one Service: which Pods it routes to, ready or not (what the lines show).
  function describeRoutes(s, endpoints, ready) {
    if (s.type === 'ExternalName') return s.name + ' is an alias for ' + s.externalName;
    if (!endpoints.length) return s.name + ' routes to no Pod';
    var targets = endpoints.map(function (x) {
      return (x.ep.pod || x.ep.address || 'an endpoint') + (x.ep.ready ? ' (ready)' : ' (not ready)');
    });
    return s.name + ' routes to ' + ready + ' ready' + (endpoints.length > ready ? ' and ' + (endpoints.length - ready) + ' unready' : '')
      + ' endpoint' + (endpoints.length === 1 ? '' : 's') + ': ' + targets.join(', ');
  }
  function clip(s, n) { s = String(s || ''); return s.length > n ? s.slice(0, n - 1) + '\u2026' : s; }

  // ---------- exercise cards inside lessons: load the panel when opened ----------
  function initCard(card) {
    card.addEventListener('toggle', function () {
      if (!card.open || card.getAttribute('data-loaded')) return;
      card.setAttribute('data-loaded', 'loading');
      var slot = $(card, '.exercise-card-body');
      fetch(card.getAttribute('data-panel-url'), { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.text(); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, 'text/html');
          var panel = doc.querySelector('.exercise-panel');
          if (!panel) throw new Error('no panel');
          slot.replaceChildren(document.importNode(panel, true));
          card.setAttribute('data-loaded', 'true');
          initPanel($(slot, '.exercise-panel'));
        })
        .catch(function () { card.removeAttribute('data-loaded'); });
    });
  }

  function init() {
    $all(document, '.exercise-panel').forEach(initPanel);
    $all(document, 'details.exercise-card[data-panel-url]').forEach(initCard);
    refreshProgress();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();

  window.KubeGuideExercise = { lineDiff: lineDiff, refreshProgress: refreshProgress };
})();
