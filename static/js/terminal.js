/* The kubectl terminal under each exercise (xterm.js, served by the guide as a WebJar). Line editing, history,
   completion requests and colours are here; the guide runs each line (TerminalSocketHandler) with no shell, under
   the allow-list, with the learner's own credentials. Panels arrive later too (lesson cards load them with fetch):
   a MutationObserver picks them up. */
(function () {
  'use strict';

  var PROMPT_COLOUR = '\x1b[1;32m', RESET = '\x1b[0m', YELLOW = '\x1b[33m', RED = '\x1b[31m', DIM = '\x1b[2m';

  function xsrf() {
    var m = /(?:^|; )XSRF-TOKEN=([^;]+)/.exec(document.cookie);
    return m ? decodeURIComponent(m[1]) : '';
  }

  function initTerminal(section) {
    if (section.getAttribute('data-ready') || typeof window.Terminal !== 'function') return;
    section.setAttribute('data-ready', 'true');
    var id = section.getAttribute('data-exercise');
    var host = section.querySelector('.terminal');
    host.hidden = false;
    var term = new window.Terminal({ convertEol: true, cursorBlink: true, scrollback: 2000, rows: 16,
      fontSize: 14, screenReaderMode: true, theme: { background: '#1e1e1e', foreground: '#e6e6e6' } });
    var fit = window.FitAddon ? new window.FitAddon.FitAddon() : null;
    if (fit) term.loadAddon(fit);
    term.open(host);
    // xterm's screen-reader rows are list items: give them their list, with a name (axe: aria-required-parent)
    var tree = host.querySelector('.xterm-accessibility-tree');
    if (tree) { tree.setAttribute('role', 'list'); tree.setAttribute('aria-label', 'Terminal output'); }
    if (fit) { try { fit.fit(); } catch (e) { /* not visible yet */ } }
    window.addEventListener('resize', function () { if (fit) { try { fit.fit(); } catch (e) { } } });

    var namespace = null, buffer = '', cursor = 0, history = [], historyAt = 0, running = false;
    var collecting = null; // {line, text}: collecting pasted YAML for '-f -'
    var socket = null, queue = [], helloDelay = 1000;

    function prompt() { return PROMPT_COLOUR + (namespace || 'sandbox') + ' $ ' + RESET; }
    function promptLength() { return (namespace || 'sandbox').length + 3; }
    function redraw() {
      term.write('\r\x1b[K' + (collecting ? '' : prompt()) + buffer);
      var back = buffer.length - cursor;
      if (back > 0) term.write('\x1b[' + back + 'D');
    }
    var atLineStart = true; // the last output ended a line: the prompt needs no extra line break
    function newPrompt() { buffer = ''; cursor = 0; term.write(atLineStart ? '\r' : '\r\n'); atLineStart = false; redraw(); }
    function output(text) { if (text) { term.write(text); atLineStart = /\n$/.test(text); } }

    function send(msg) {
      if (socket && socket.readyState === 1) socket.send(JSON.stringify(msg)); else queue.push(msg);
    }
    function connect() {
      var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/exercises/' +
        encodeURIComponent(id) + '/terminal?csrf=' + encodeURIComponent(xsrf());
      socket = new WebSocket(url);
      socket.onopen = function () {
        socket.send(JSON.stringify({ type: 'hello' }));
        queue.splice(0).forEach(function (m) { socket.send(JSON.stringify(m)); });
      };
      socket.onmessage = function (e) { receive(JSON.parse(e.data)); };
      socket.onclose = function () {
        if (running) { running = false; term.write('\r\n' + RED + '[connection closed]' + RESET); newPrompt(); }
        socket = null;
        setTimeout(function () { if (!socket) connect(); }, 2000);
      };
    }

    function receive(m) {
      if (m.type === 'ready') {
        namespace = m.namespace && m.namespace !== 'null' ? m.namespace : null;
        if (!running) redraw();
        // no sandbox ready yet (it is being prepared): ask again, so that the prompt shows it once it is
        if (!namespace) {
          helloDelay = Math.min(helloDelay * 2, 8000);
          setTimeout(function () { if (!namespace) send({ type: 'hello' }); }, helloDelay);
        }
      } else if (m.type === 'out') {
        output(m.data);
      } else if (m.type === 'err') {
        output((/^Warning:/.test(m.data) ? YELLOW : RED) + m.data.replace(/\n$/, '') + RESET + (/\n$/.test(m.data) ? '\n' : ''));
      } else if (m.type === 'refused') {
        running = false;
        output(YELLOW + m.message + RESET);
        newPrompt();
      } else if (m.type === 'exit') {
        running = false;
        section.setAttribute('data-last-exit', String(m.code));
        if (!namespace) send({ type: 'hello' });
        newPrompt();
      } else if (m.type === 'completions') {
        complete(m.line, m.items || []);
      }
    }

    function complete(line, items) {
      if (line !== buffer.slice(0, cursor) || !items.length) return;
      var word = /(\S*)$/.exec(line)[1];
      var common = items.reduce(function (a, b) {
        var i = 0; while (i < a.length && i < b.length && a[i] === b[i]) i++; return a.slice(0, i);
      });
      if (items.length === 1) common = items[0] + ' ';
      if (common.length > word.length) {
        var add = common.slice(word.length);
        buffer = buffer.slice(0, cursor) + add + buffer.slice(cursor);
        cursor += add.length;
        redraw();
      } else if (items.length > 1) {
        term.write('\r\n' + items.join('  '));
        newPromptKeep();
      }
    }
    function newPromptKeep() { term.write('\r\n'); redraw(); }

    function run(line, stdin) {
      running = true;
      term.write('\r\n');
      atLineStart = true;
      send({ type: 'run', line: line, stdin: stdin });
    }

    function submit() {
      var line = buffer;
      if (collecting) {
        if (line.trim() === 'EOF') { finishCollecting(); return; }
        collecting.text += line + '\n';
        buffer = ''; cursor = 0; term.write('\r\n');
        return;
      }
      if (line.trim() && history[history.length - 1] !== line) history.push(line);
      historyAt = history.length;
      if (!line.trim()) { newPrompt(); return; }
      if (line.trim() === 'clear') { term.clear(); buffer = ''; cursor = 0; term.write('\x1b[2K\r'); redraw(); return; }
      if (/(^|\s)(-f|--filename)(=|\s+)?-(\s|$)|(^|\s)-f-(\s|$)/.test(line)) {
        collecting = { line: line, text: '' };
        buffer = ''; cursor = 0;
        term.write('\r\n' + DIM + 'Paste the YAML, then press Ctrl+D (or type EOF on a line of its own).' + RESET + '\r\n');
        return;
      }
      buffer = ''; cursor = 0;
      run(line, null);
    }
    function finishCollecting() {
      var c = collecting; collecting = null;
      if (buffer.trim() && buffer.trim() !== 'EOF') c.text += buffer + '\n';
      buffer = ''; cursor = 0;
      run(c.line, c.text);
    }

    function insert(text) {
      buffer = buffer.slice(0, cursor) + text + buffer.slice(cursor);
      cursor += text.length;
      redraw();
    }

    term.onData(function (data) {
      if (running) {
        if (data === '\x03') { send({ type: 'cancel' }); term.write('^C'); }
        return;
      }
      if (data.length > 1 && /[\r\n]/.test(data) && data.charAt(0) !== '\x1b') { // a paste of several lines
        var lines = data.replace(/\r\n?/g, '\n').split('\n');
        lines.forEach(function (l, i) {
          if (i < lines.length - 1) { insert(l); submit(); } else if (l) { insert(l); }
        });
        return;
      }
      switch (data) {
        case '\r': submit(); return;
        case '\x7f': case '\b':
          if (cursor > 0) { buffer = buffer.slice(0, cursor - 1) + buffer.slice(cursor); cursor--; redraw(); }
          return;
        case '\x03':
          if (collecting) { collecting = null; }
          term.write('^C'); newPrompt(); return;
        case '\x04': if (collecting) finishCollecting(); return;
        case '\x0c': term.clear(); redraw(); return;
        case '\t': send({ type: 'complete', line: buffer.slice(0, cursor) }); return;
        case '\x1b[A':
          if (historyAt > 0) { historyAt--; buffer = history[historyAt]; cursor = buffer.length; redraw(); }
          return;
        case '\x1b[B':
          if (historyAt < history.length) { historyAt++; buffer = history[historyAt] || ''; cursor = buffer.length; redraw(); }
          return;
        case '\x1b[C': if (cursor < buffer.length) { cursor++; term.write(data); } return;
        case '\x1b[D': if (cursor > 0) { cursor--; term.write(data); } return;
        case '\x1b[H': case '\x01': cursor = 0; redraw(); return;
        case '\x1b[F': case '\x05': cursor = buffer.length; redraw(); return;
        default:
          if (data.charAt(0) === '\x1b') return; // other keys
          insert(data.replace(/[\x00-\x1f\x7f]/g, ''));
      }
    });
    // Ctrl+C copies when text is selected (else it cancels); Ctrl+V pastes through the browser.
    term.attachCustomKeyEventHandler(function (e) {
      if (e.type === 'keydown' && (e.ctrlKey || e.metaKey) && e.key === 'c' && term.hasSelection()) {
        if (navigator.clipboard) navigator.clipboard.writeText(term.getSelection());
        return false;
      }
      return true;
    });

    term.write(DIM + 'kubectl in your sandbox. Tab completes, \u2191/\u2193 history, Ctrl+C cancels, "clear" clears.'
      + RESET + '\r\n');
    redraw();
    connect();
  }

  function initCheck(form) {
    if (form.getAttribute('data-ready')) return;
    form.setAttribute('data-ready', 'true');
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var panel = form.closest('.exercise-panel');
      var button = form.querySelector('button');
      button.disabled = true;
      fetch(form.action, { method: 'POST', credentials: 'same-origin',
        headers: { 'X-Requested-With': 'fetch', 'X-XSRF-TOKEN': xsrf() } })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          var old = panel.querySelector('.report');
          var holder = document.createElement('div');
          holder.innerHTML = html;
          var report = holder.querySelector('.report');
          if (old && report) {
            old.parentNode.replaceChild(report, old);
            var title = report.querySelector('.report-title');
            if (title) title.focus();
            if (report.getAttribute('data-passed') === 'true') {
              document.querySelectorAll('.solved-status[data-exercise-id="' + panel.getAttribute('data-exercise') + '"]')
                .forEach(function (s) { s.classList.add('is-solved'); var m = s.querySelector('.solved-mark'); if (m) m.textContent = ' \u2713 solved'; });
            }
          }
        })
        .catch(function () { })
        .then(function () { button.disabled = false; });
    });
  }

  function scan(root) {
    Array.prototype.forEach.call(root.querySelectorAll('.terminal-panel'), initTerminal);
    Array.prototype.forEach.call(root.querySelectorAll('form.check-form'), initCheck);
  }

  function start() {
    scan(document);
    new MutationObserver(function (mutations) {
      var panelAdded = mutations.some(function (m) {
        return Array.prototype.some.call(m.addedNodes, function (n) {
          return n.nodeType === 1 && !n.closest('.terminal') && (n.matches('.exercise-panel, .terminal-panel, .report') ||
            n.querySelector('.terminal-panel, form.check-form'));
        });
      });
      if (panelAdded) scan(document);
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
