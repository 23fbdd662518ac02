// Onshi Watch — the small DOM helpers every part of the window shares (app.js, notices.js,
// feed.js): nodes filled with textContent only, never HTML (notice files are untrusted),
// links that never navigate the webview, and the one way to call the backend.
// A plain script loaded before the others: it adds `window.OnshiDom` and nothing else.
'use strict';

window.OnshiDom = (function () {
  const $ = (id) => document.getElementById(id);

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // Written only when it changes, so a live region does not announce the same words again.
  function setText(id, text) {
    const node = $(id);
    const value = text === undefined || text === null ? '' : String(text);
    if (node.textContent !== value) node.textContent = value;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function errorText(err) {
    if (typeof err === 'string') return err;
    if (err && typeof err.message === 'string') return err.message;
    try { return JSON.stringify(err); } catch (_) { return String(err); }
  }

  // The backend's commands. Opened outside the app (no window.__TAURI__) a call is
  // refused with the page's own words, `noBackend()`, instead of throwing.
  function backend(noBackend) {
    const tauri = window.__TAURI__;
    return function invoke(cmd, args) {
      if (!tauri || !tauri.core) return Promise.reject(new Error(noBackend()));
      return tauri.core.invoke(cmd, args || {});
    };
  }

  const openUrl = backend(() => 'window.__TAURI__ is missing');

  function isHttps(url) {
    return typeof url === 'string' && /^https:\/\//i.test(url);
  }

  // A link that never navigates the webview: the backend opens the system browser.
  // Anything but https:// is shown as plain text.
  function link(label, url) {
    const text = label || url || '';
    if (!isHttps(url)) return el('span', 'src-label', text);
    const a = el('a', 'src-link', text);
    a.href = url;
    a.title = url;
    a.rel = 'noopener noreferrer';
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      openUrl('open_url', { url }).catch((err) => console.error('open_url', errorText(err)));
    });
    a.addEventListener('auxclick', (ev) => ev.preventDefault());
    a.addEventListener('dragstart', (ev) => ev.preventDefault());
    return a;
  }

  return Object.freeze({ $, el, setText, clear, errorText, backend, link });
})();
