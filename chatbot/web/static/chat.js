/* The chat panel: the page at /webhooks/web/ and /webhooks/web/chat (the widget's iframe).
 * Everything a user or the bot writes is put on the page as text (textContent, text
 * nodes), never as HTML. The conversation lives in memory; sessionStorage only if the
 * school opted in (keep_history_in_tab). No cookies, no localStorage.
 * Config comes from the page's JSON data block, written by chatbot/web/widget.py. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("ayuda-config").textContent);
  var S = cfg.strings;
  var lang = cfg.language;
  var $ = function (id) { return document.getElementById(id); };
  var log = $("log"), input = $("text"), typing = $("typing"), announcer = $("announcer"), chatBox = $("chat");
  var STORE_KEY = "ayuda-chat";
  var RETRY_DELAYS = [2000, 5000, 10000];
  var SLOW_MS = 6000, TIMEOUT_MS = 30000;
  var history = [];  // what sessionStorage keeps when the school opted in: [kind, text] pairs
  var queue = Promise.resolve();
  var downNote = null;
  var exiting = false;
  // The conversation's country: the page's (school or ?country=), else none until the chat learns it.
  var country = cfg.country && cfg.countries[cfg.country] ? cfg.country : null;

  function t(key) { return S[lang][key]; }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }
  function newSender() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }
  function storage() {
    if (!cfg.keepHistory) return null;
    try { return window.sessionStorage; } catch (e) { return null; }
  }
  function save() {
    var s = storage();
    if (s) try { s.setItem(STORE_KEY, JSON.stringify({sender: sender, lang: lang, history: history.slice(-200)})); } catch (e) { /* full: keep in memory */ }
  }
  var saved = null;
  try { saved = storage() && JSON.parse(storage().getItem(STORE_KEY) || "null"); } catch (e) { saved = null; }
  var sender = (saved && saved.sender) || newSender();
  if (saved && saved.lang && S[saved.lang]) lang = saved.lang;

  if (cfg.accent) document.documentElement.style.setProperty("--accent", cfg.accent);

  /* ---------- language ---------- */
  function translate() {
    document.documentElement.lang = lang;
    Array.prototype.forEach.call(document.querySelectorAll("[data-t]"), function (n) { n.textContent = t(n.getAttribute("data-t")); });
    Array.prototype.forEach.call(document.querySelectorAll("[data-t-label]"), function (n) { n.setAttribute("aria-label", t(n.getAttribute("data-t-label"))); });
    Array.prototype.forEach.call(document.querySelectorAll("[data-t-placeholder]"), function (n) { n.setAttribute("placeholder", t(n.getAttribute("data-t-placeholder"))); });
    Array.prototype.forEach.call(document.querySelectorAll(".lang"), function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-lang") === lang)); });
    renderDanger();
  }
  // The band's numbers: the country's lines, or each emergency number with where it works.
  function currentLines() { return country ? cfg.countries[country].helplines : cfg.anywhere; }
  function renderDanger() {
    var list = $("danger-list");
    list.textContent = "";
    $("danger-title").textContent = country ? t("dangerIn").replace("{country}", cfg.countries[country].name[lang]) : t("dangerAnywhere");
    $("change-country").textContent = t(country ? "changeCountry" : "chooseCountry");
    currentLines().forEach(function (h) {
      var a = el("a", "line");
      a.href = h.link;
      a.appendChild(el("span", "num", h.number));
      if (h.name[lang]) a.appendChild(el("span", "who", h.name[lang]));
      var li = el("li");
      li.appendChild(a);
      list.appendChild(li);
    });
    var c = cfg.counsellor, old = $("counsellor");
    if (!c) return;
    var p = el("p", "counsellor");
    p.id = "counsellor";
    p.appendChild(el("span", null, t("school") + " "));
    p.appendChild(el("strong", "who", c.name[lang]));
    if (c.where) {
      p.appendChild(document.createTextNode(" "));
      p.appendChild(el("span", "where", c.where[lang]));
    }
    c.links.forEach(function (l) {
      p.appendChild(document.createTextNode(" "));
      p.appendChild(link(l.link, l.value, l.value, "line"));
    });
    old.parentNode.replaceChild(p, old);
  }
  function switchLanguage(to) {
    if (to === lang || !S[to]) return;
    lang = to;
    translate();
    save();
    // The bot's own switch (the same payloads as its language buttons).
    send(to === "fr" ? "Français" : "Español", null);
  }

  /* ---------- rendering (text only) ---------- */
  // A link the page may follow: tel:, mailto: and https: only; web pages open in a new tab.
  function link(href, text, label, cls) {
    var a = el("a", cls || "action", text);
    if (/^tel:[0-9+*#]+$/.test(href)) {
      a.href = href;
    } else if (/^mailto:[^\s]+$/.test(href)) {
      a.href = href;
    } else if (/^https:\/\/[^\s]+$/.test(href)) {
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.appendChild(el("span", "sr-only", " " + t("newTab")));
    } else {
      return el("span", null, text);
    }
    if (label) a.setAttribute("data-label", label);
    return a;
  }
  // Text with its https:// addresses made into safe links; everything else stays text.
  function richText(node, text) {
    var re = /https:\/\/[^\s<>"'()]+[^\s<>"'().,;:!?]/g, last = 0, m;
    while ((m = re.exec(text))) {
      node.appendChild(document.createTextNode(text.slice(last, m.index)));
      node.appendChild(link(m[0], m[0], null, "inline"));
      last = m.index + m[0].length;
    }
    node.appendChild(document.createTextNode(text.slice(last)));
  }
  // Only the conversation scrolls: scrollIntoView would also scroll the page and push the band
  // with the emergency numbers out of view on a small screen.
  function scrollDown() {
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    if (chatBox.scrollTo) chatBox.scrollTo({top: chatBox.scrollHeight, behavior: reduce ? "auto" : "smooth"});
    else chatBox.scrollTop = chatBox.scrollHeight;
    if (document.scrollingElement) document.scrollingElement.scrollTop = 0;
  }
  function addMessage(kind, text, restoring) {
    var li = el("li", "msg " + kind);
    li.appendChild(el("span", "sr-only", t(kind === "user" ? "you" : "bot") + " "));
    var body = el("span", "text");
    richText(body, text);
    li.appendChild(body);
    log.appendChild(li);
    if (!restoring) {
      history.push([kind, text]);
      save();
    }
    return li;
  }
  function announce(texts) {
    // One polite announcement per bot message, never the whole history.
    announcer.textContent = "";
    texts.forEach(function (text) { announcer.appendChild(el("p", null, text)); });
  }
  function addContact(contact, after) {
    if (!contact || typeof contact !== "object") return;
    var label = String(contact.label || "");
    var holder = el("div", "actions");
    if (typeof contact.link === "string" && contact.link) {  // a law has no link, only its full text
      var href = contact.link;
      if (contact.kind === "email" && href.indexOf("@") > 0 && href.indexOf(":") < 0) href = "mailto:" + href;
      var verb = /^tel:/.test(href) ? t("call") : /^mailto:/.test(href) ? t("write") : t("open");
      holder.appendChild(link(href, verb + " " + label, label));
    }
    if (typeof contact.more === "string" && contact.more) {
      // The card's full text on demand: what it does, every channel, what to know (text only).
      var more = el("details", "more");
      var summary = el("summary", null, t("more"));
      summary.appendChild(el("span", "sr-only", ": " + label));  // several cards: a screen reader hears whose
      more.appendChild(summary);
      var body = el("p", "more-text");
      richText(body, contact.more);
      more.appendChild(body);
      holder.appendChild(more);
    }
    if (holder.firstChild) (after || log.lastElementChild || log).appendChild(holder);
  }
  function addButtons(buttons) {
    var item = el("li", "replies");
    var group = el("div", "reply-group");
    item.appendChild(group);
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", t("options"));
    buttons.forEach(function (b) {
      if (!b || typeof b.title !== "string" || typeof b.payload !== "string") return;
      var btn = el("button", "reply", b.title);
      btn.type = "button";
      btn.addEventListener("click", function () {
        removeReplies();
        input.focus();  // the buttons are gone: focus goes where the user writes next
        if (b.payload === "Français" || b.payload === "Español") {
          var to = b.payload === "Français" ? "fr" : "es";
          lang = to;
          translate();
        }
        send(b.payload, b.title);
      });
      group.appendChild(btn);
    });
    log.appendChild(item);
  }
  function removeReplies() {
    Array.prototype.forEach.call(log.querySelectorAll(".replies"), function (g) { g.remove(); });
  }
  function render(replies) {
    var said = [];
    var lastBot = null;
    var buttons = null;
    (Array.isArray(replies) ? replies : []).forEach(function (r) {
      if (!r || typeof r !== "object") return;
      if (typeof r.text === "string" && r.text) {
        lastBot = addMessage("bot", r.text);
        said.push(r.text);
      }
      if (r.custom && r.custom.contact) addContact(r.custom.contact, lastBot);
      if (r.custom && Array.isArray(r.custom.contacts)) r.custom.contacts.forEach(function (c) { addContact(c, lastBot); });
      if (r.custom && typeof r.custom.country === "string" && cfg.countries[r.custom.country] && r.custom.country !== country) {
        country = r.custom.country;  // the conversation's country changed: the band follows it
        renderDanger();
      }
      if (Array.isArray(r.buttons) && r.buttons.length) buttons = r.buttons;
    });
    if (buttons) addButtons(buttons);
    announce(said);
    scrollDown();
  }

  /* ---------- talking to the server: slow, down, retry ---------- */
  function showTyping(on) { typing.hidden = !on; if (on) scrollDown(); }
  function post(message) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, TIMEOUT_MS);
    var metadata = {language: lang, mode: cfg.mode};
    if (cfg.country) metadata.country = cfg.country;  // only a country the page was given, never a guess
    if (cfg.school) metadata.school = cfg.school;
    return fetch("message", {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({sender: sender, message: message, metadata: metadata}),
      credentials: "omit",
      cache: "no-store",
      signal: controller ? controller.signal : undefined
    }).then(function (res) {
      clearTimeout(timer);
      if (res.ok) return res.json();
      // A refusal with words for the user (too many messages, an image): show them, don't retry.
      return res.json().then(function (body) {
        if (res.status < 500 && body && Array.isArray(body.replies)) return body.replies;
        if (res.status < 500 && body && typeof body.text === "string") return [{text: body.text}];
        throw new Error("status " + res.status);
      });
    }, function (error) { clearTimeout(timer); throw error; });
  }
  function showDown(message, final) {
    if (!downNote) {
      downNote = el("li", "msg bot down");
      downNote.setAttribute("data-state", "down");
      log.appendChild(downNote);
    }
    downNote.textContent = "";
    downNote.appendChild(el("span", "text", t(final ? "gaveUp" : "down")));
    var lines = el("div", "actions");
    currentLines().forEach(function (h) {
      lines.appendChild(link(h.link, t("call") + " " + h.number + (h.name[lang] ? " · " + h.name[lang] : ""), h.number));
    });
    downNote.appendChild(lines);
    if (final) {
      var retry = el("button", "retry", t("retry"));
      retry.type = "button";
      retry.addEventListener("click", function () {
        input.focus();
        send(message, null);
      });
      downNote.appendChild(retry);
    }
    announce([t(final ? "gaveUp" : "down")]);
    scrollDown();
  }
  function deliver(message) {
    var attempt = 0;
    function tryOnce() {
      showTyping(true);
      var slow = setTimeout(function () { announce([t("slow")]); typing.setAttribute("data-slow", "true"); }, SLOW_MS);
      return post(message).then(function (replies) {
        clearTimeout(slow);
        typing.removeAttribute("data-slow");
        showTyping(false);
        if (downNote) {
          downNote.remove();
          downNote = null;
          addMessage("bot note", t("back"), true);
        }
        render(replies);
      }, function () {
        clearTimeout(slow);
        showTyping(false);
        if (exiting) return;
        if (attempt < RETRY_DELAYS.length) {
          showDown(message, false);
          return new Promise(function (resolve) { setTimeout(resolve, RETRY_DELAYS[attempt++]); }).then(tryOnce);
        }
        showDown(message, true);
      });
    }
    return tryOnce();
  }
  function send(message, shown) {
    if (shown) addMessage("user", shown);
    queue = queue.then(function () { return deliver(message); });
    return queue;
  }

  /* ---------- quick exit (GOV.UK "Exit this page") ---------- */
  function quickExit(event) {
    if (event) event.preventDefault();
    exiting = true;
    var url = cfg.exitUrl;
    // Blank at once, before anything else can paint.
    document.documentElement.className += " exiting";
    document.body.textContent = "";
    document.title = "";
    history = [];
    try { if (window.sessionStorage) window.sessionStorage.removeItem(STORE_KEY); } catch (e) { /* none */ }
    if (window.parent !== window) {
      try { window.parent.postMessage({type: "ayuda:exit", url: url}, "*"); } catch (e) { /* no parent */ }
    }
    try {
      window.top.location.replace(url);  // the whole tab, not only the iframe
    } catch (e) {
      window.location.replace(url);  // a sandboxed frame: at least leave the chat
    }
  }
  // As GOV.UK's "Exit this page": counted on keyup; a Shift released right after a key typed with
  // it (a capital) does not count, and any other key starts the count again. Each press is
  // announced, so a screen reader user knows how many are left.
  var shifts = 0, shiftTimer = null, lastKeyWasModified = false, exitStatus = $("exit-status");
  function sayExit(text) { exitStatus.textContent = text; }
  document.addEventListener("keyup", function (e) {
    if (exiting) return;
    if (e.key === "Shift" && !lastKeyWasModified) {
      shifts += 1;
      clearTimeout(shiftTimer);
      if (shifts >= 3) { quickExit(); return; }
      sayExit(t("exitPress").replace("{n}", String(3 - shifts)));
      shiftTimer = setTimeout(function () { shifts = 0; sayExit(t("exitExpired")); }, 5000);
    } else if (e.key !== "Shift" && shifts) {
      shifts = 0;
      clearTimeout(shiftTimer);
      sayExit("");
    }
    lastKeyWasModified = e.shiftKey;
  }, true);
  var exitLink = $("exit");
  exitLink.addEventListener("click", quickExit);
  exitLink.addEventListener("keydown", function (e) { if (e.key === " ") quickExit(e); });

  /* ---------- embedded in the widget's panel ---------- */
  var viaWidget = cfg.embedded && window.parent !== window;
  if (viaWidget) {
    var close = $("close");
    close.hidden = false;
    close.addEventListener("click", function () { window.parent.postMessage({type: "ayuda:close"}, "*"); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape") window.parent.postMessage({type: "ayuda:close"}, "*");
    });
    window.addEventListener("message", function (e) {
      if (e.source === window.parent && e.data && e.data.type === "ayuda:focus") input.focus();
    });
    // The widget on the school's page needs the exit address for its own Shift x3.
    window.parent.postMessage({type: "ayuda:ready", exitUrl: cfg.exitUrl}, "*");
  }

  /* ---------- wiring ---------- */
  Array.prototype.forEach.call(document.querySelectorAll(".lang"), function (b) {
    b.addEventListener("click", function () { switchLanguage(b.getAttribute("data-lang")); });
  });
  // Where am I? One tap asks the assistant to change the country of every contact that follows.
  $("change-country").addEventListener("click", function () {
    removeReplies();
    input.focus();
    send("/change_country", $("change-country").textContent);
  });
  $("composer").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim().slice(0, cfg.maxChars);
    if (!text) return;
    input.value = "";
    removeReplies();
    send(text, text);
  });

  translate();
  if (saved && saved.history && saved.history.length) {
    saved.history.forEach(function (m) { addMessage(m[0], m[1], true); });
    history = saved.history;
  } else {
    send(cfg.mode === "learn" ? "/learn" : "/greet", null);
  }
})();
