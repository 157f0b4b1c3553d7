/* The school embed, one line:
 *   <script src="https://CHAT-HOST/webhooks/web/widget.js" data-school="ies-ejemplo" defer></script>
 * or, without data attributes: AyudaWidget.init({school: "ies-ejemplo", lang: "fr"}).
 * It adds a launcher button; the chat itself runs in an iframe of ours, so the school's
 * page and its scripts never see what is typed. Quick exit (the panel's button, or Shift
 * pressed three times) blanks the panel and sends the whole tab to a neutral site. */
(function () {
  "use strict";
  if (window.AyudaWidget) return;
  var script = document.currentScript;
  var LABEL = {es: "Ayuda", fr: "Aide"};
  var TITLE = {es: "Chat de ayuda", fr: "Chat d'aide"};
  var EXIT = {press: {es: "Mayús: pulsa {n} veces más para salir.", fr: "Maj : appuie encore {n} fois pour partir."},
              expired: {es: "Salida rápida cancelada.", fr: "Sortie rapide annulée."}};
  var state = null;

  function make(doc, tag, cls, text) {
    var node = doc.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }
  function init(opts) {
    if (state) return state.api;
    opts = opts || {};
    var base = opts.base || (script && script.src.replace(/widget\.js(\?.*)?$/, ""));
    var origin = new URL(base, location.href).origin;
    var lang = LABEL[opts.lang] ? opts.lang : null;
    var host = make(document, "div");
    host.id = "ayuda-widget";
    var root = host.attachShadow ? host.attachShadow({mode: "open"}) : host;
    var css = make(document, "link");
    css.rel = "stylesheet";
    css.href = base + "widget.css";
    var launcher = make(document, "button", "launcher", opts.label || (lang ? LABEL[lang] : LABEL.es + " · " + LABEL.fr));
    launcher.type = "button";
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "ayuda-panel");
    var panel = make(document, "div", "panel");
    panel.id = "ayuda-panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", lang ? TITLE[lang] : TITLE.es + " · " + TITLE.fr);
    panel.hidden = true;
    root.appendChild(css);
    root.appendChild(launcher);
    root.appendChild(panel);
    document.body.appendChild(host);
    var frame = null, armed = false;

    function src() {
      var q = ["via=widget"];
      ["school", "lang", "country", "mode"].forEach(function (k) {
        if (opts[k]) q.push(k + "=" + encodeURIComponent(opts[k]));
      });
      return base + "chat?" + q.join("&");
    }
    function open() {
      if (!frame) {
        frame = make(document, "iframe");
        frame.src = src();
        frame.title = panel.getAttribute("aria-label");
        frame.setAttribute("referrerpolicy", "no-referrer");
        frame.addEventListener("load", focusFrame);
        panel.appendChild(frame);
      }
      panel.hidden = false;
      armed = true;
      launcher.setAttribute("aria-expanded", "true");
      host.setAttribute("data-open", "true");
      focusFrame();
    }
    function focusFrame() {
      if (panel.hidden || !frame) return;
      frame.focus();
      if (frame.contentWindow) frame.contentWindow.postMessage({type: "ayuda:focus"}, origin);
    }
    function close() {
      panel.hidden = true;
      launcher.setAttribute("aria-expanded", "false");
      host.removeAttribute("data-open");
      launcher.focus();
    }
    function exit(url) {
      if (!/^https?:\/\//.test(url || "")) url = "https://www.google.com/";
      var blank = make(document, "div", "blank");
      root.appendChild(blank);
      if (frame) frame.remove();
      panel.hidden = true;
      launcher.hidden = true;
      document.title = "";
      location.replace(url);
    }
    launcher.addEventListener("click", function () { if (panel.hidden) open(); else close(); });
    window.addEventListener("message", function (e) {
      if (!frame || e.origin !== origin || e.source !== frame.contentWindow || !e.data) return;
      if (e.data.type === "ayuda:ready" && /^https?:\/\//.test(e.data.exitUrl || "")) opts.exitUrl = e.data.exitUrl;
      if (e.data.type === "ayuda:close") close();
      if (e.data.type === "ayuda:exit") exit(e.data.url);
    });
    // Shift pressed three times on the school's page too, once the chat has been opened; counted
    // as the chat page counts them (chat.js, after GOV.UK's "Exit this page"), and announced.
    var status = make(document, "p", "sr-only");
    status.setAttribute("aria-live", "assertive");
    root.appendChild(status);
    var shifts = 0, timer = null, lastKeyWasModified = false;
    function say(key, n) {
      var langs = lang ? [lang] : ["es", "fr"];
      status.textContent = langs.map(function (l) { return EXIT[key][l].replace("{n}", String(n)); }).join(" / ");
    }
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !panel.hidden) close();
    }, true);
    document.addEventListener("keyup", function (e) {
      if (e.key === "Shift" && !lastKeyWasModified && armed) {
        shifts += 1;
        clearTimeout(timer);
        if (shifts >= 3) { exit(opts.exitUrl); return; }
        say("press", 3 - shifts);
        timer = setTimeout(function () { shifts = 0; say("expired", 0); }, 5000);
      } else if (e.key !== "Shift" && shifts) {
        shifts = 0;
        clearTimeout(timer);
        status.textContent = "";
      }
      lastKeyWasModified = e.shiftKey;
    }, true);
    state = {api: {open: open, close: close}};
    return state.api;
  }

  window.AyudaWidget = {init: init};
  if (script && script.hasAttribute("data-school")) {
    var d = script.dataset;
    var go = function () { init({school: d.school, lang: d.lang, country: d.country, mode: d.mode, label: d.label}); };
    if (document.body) go(); else document.addEventListener("DOMContentLoaded", go);
  }
})();
