/* Kubernetes Mastery Guide: page behaviour. Loaded with `defer`; no inline scripts anywhere (see the CSP). */
(function () {
  'use strict';

  /* Syntax highlighting (highlight.js from the WebJar). Code without a language stays plain. */
  function highlight() {
    if (!window.hljs) { return; }
    document.querySelectorAll('pre code[class*="language-"]').forEach(function (block) {
      window.hljs.highlightElement(block);
    });
  }

  /* A "Copy" button on every code block. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.className = 'visually-hidden';
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error('copy refused')); }
    });
  }

  function addCopyButtons() {
    document.querySelectorAll('.lesson-body pre > code, .copyable pre > code').forEach(function (code) {
      var pre = code.parentElement;
      if (pre.parentElement && pre.parentElement.classList.contains('code-block')) { return; }
      var wrapper = document.createElement('div');
      wrapper.className = 'code-block';
      var lang = (code.className.match(/language-([\w-]+)/) || [])[1];
      if (lang) { wrapper.setAttribute('data-lang', lang); }
      pre.parentNode.insertBefore(wrapper, pre);
      wrapper.appendChild(pre);

      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy-button';
      button.textContent = 'Copy';
      button.setAttribute('aria-label', 'Copy this code to the clipboard');
      var status = document.createElement('span');
      status.className = 'visually-hidden';
      status.setAttribute('role', 'status');
      button.addEventListener('click', function () {
        copyText(code.innerText).then(function () {
          button.textContent = 'Copied';
          button.classList.add('copied');
          status.textContent = 'Code copied to the clipboard';
        }, function () {
          button.textContent = 'Press Ctrl+C';
          var range = document.createRange();
          range.selectNodeContents(code);
          var sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
        }).then(function () {
          setTimeout(function () {
            button.textContent = 'Copy';
            button.classList.remove('copied');
            status.textContent = '';
          }, 2000);
        });
      });
      wrapper.appendChild(button);
      wrapper.appendChild(status);
    });
  }

  /*
   * A code block, table or report that scrolls sideways takes the keyboard focus, so that it can be scrolled with the
   * arrow keys (WCAG 2.1.1). Only those that do scroll, at the current width: re-checked when the window is resized
   * and when the page changes (an exercise report or the live view appears).
   */
  var SCROLLABLE = 'pre, .table-wrap, .table-scroll';
  function focusableWhenScrolling() {
    document.querySelectorAll(SCROLLABLE).forEach(function (box) {
      if (box.closest('.CodeMirror') || box.hidden) { return; }
      var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (scrolls && !box.hasAttribute('tabindex')) {
        box.setAttribute('tabindex', '0');
        box.setAttribute('data-scroll-focus', '');
      } else if (!scrolls && box.hasAttribute('data-scroll-focus')) {
        box.removeAttribute('tabindex');
        box.removeAttribute('data-scroll-focus');
      }
    });
  }
  function watchScrollables() {
    var pending = null;
    function later() {
      if (pending) { return; }
      pending = window.requestAnimationFrame(function () { pending = null; focusableWhenScrolling(); });
    }
    focusableWhenScrolling();
    window.addEventListener('resize', later);
    window.addEventListener('load', later);
    var main = document.getElementById('main');
    if (main && 'MutationObserver' in window) {
      new MutationObserver(later).observe(main, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden', 'open'] });
    }
  }

  /* On a phone the course outline folds away behind the "Course" button. Without JS it simply stays visible. */
  function navToggle() {
    var button = document.querySelector('.nav-toggle');
    var sidebar = document.getElementById('sidebar');
    if (!button || !sidebar) { return; }
    button.hidden = false;
    document.body.classList.add('js-nav');
    button.addEventListener('click', function () {
      var open = document.body.classList.toggle('nav-open');
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
    sidebar.addEventListener('click', function (event) {
      if (event.target.closest('a')) {
        document.body.classList.remove('nav-open');
        button.setAttribute('aria-expanded', 'false');
      }
    });
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && document.body.classList.contains('nav-open')) {
        document.body.classList.remove('nav-open');
        button.setAttribute('aria-expanded', 'false');
        button.focus();
      }
    });
  }

  /* The table of contents marks the section being read. */
  function scrollSpy() {
    var links = document.querySelectorAll('.toc a[href^="#"]');
    if (!links.length || !('IntersectionObserver' in window)) { return; }
    var byId = {};
    links.forEach(function (a) { byId[decodeURIComponent(a.getAttribute('href').slice(1))] = a; });
    var headings = Array.prototype.filter.call(
      document.querySelectorAll('.lesson-body h2[id], .lesson-body h3[id]'),
      function (h) { return byId[h.id]; });
    var visible = {};
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) { visible[e.target.id] = e.isIntersecting; });
      var current = null;
      for (var i = 0; i < headings.length; i++) {
        if (visible[headings[i].id]) { current = headings[i].id; break; }
      }
      if (!current) { return; }
      links.forEach(function (a) { a.classList.remove('active'); a.removeAttribute('aria-current'); });
      byId[current].classList.add('active');
      byId[current].setAttribute('aria-current', 'location');
    }, { rootMargin: '0px 0px -60% 0px' });
    headings.forEach(function (h) { observer.observe(h); });
  }

  /* The account page's "Clear my progress" asks first, as the exercise panel's does (exercise.js). */
  function confirmClearOnAccountPage() {
    document.querySelectorAll('.account-page form.clear-progress').forEach(function (form) {
      form.addEventListener('submit', function (e) {
        if (!window.confirm('Clear your progress on every exercise? This cannot be undone.')) { e.preventDefault(); }
      });
    });
  }

  function start() {
    highlight();
    addCopyButtons();
    navToggle();
    scrollSpy();
    watchScrollables();
    confirmClearOnAccountPage();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
