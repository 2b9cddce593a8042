// Meeting pages: copy an item's link (with its citation), open folded parts where there is
// room, and say so when a link names an item the meeting does not have.
(function () {
  "use strict";
  function itemUrl(anchor) {
    return window.location.href.split("#")[0] + "#" + anchor;
  }
  function announce(text) {
    var status = document.querySelector(".ra-copy-status");
    if (status) { status.textContent = text; }
  }
  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function fallbackCopy(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "absolute";
    field.style.left = "-9999px";
    document.body.appendChild(field);
    field.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(field);
    return ok;
  }
  // The link as plain text, and as a rich link named by the citation for mail clients.
  function copyLink(url, cite) {
    if (!(navigator.clipboard && window.isSecureContext)) {
      return fallbackCopy(url) ? Promise.resolve() : Promise.reject(new Error("no clipboard"));
    }
    if (cite && window.ClipboardItem) {
      var html = '<a href="' + escapeHtml(url) + '">' + escapeHtml(cite) + "</a>";
      var item = new window.ClipboardItem({
        "text/plain": new Blob([url], {type: "text/plain"}),
        "text/html": new Blob([html], {type: "text/html"})
      });
      return navigator.clipboard.write([item]).catch(function () { return navigator.clipboard.writeText(url); });
    }
    return navigator.clipboard.writeText(url);
  }
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) { return navigator.clipboard.writeText(text); }
    return fallbackCopy(text) ? Promise.resolve() : Promise.reject(new Error("no clipboard"));
  }
  // After copying, the citation is offered as text to copy or select.
  function offerCitation(button, url, cite) {
    var head = button.closest(".ra-item-head");
    if (!head || !cite) { return; }
    var box = head.parentNode.querySelector(".ra-cite");
    if (!box) {
      box = document.createElement("div");
      box.className = "ra-cite";
      box.innerHTML = '<p class="ra-cite-text"></p><button type="button" class="ra-copy-cite">Kopiér citat</button>';
      head.parentNode.insertBefore(box, head.nextSibling);
    }
    box.querySelector(".ra-cite-text").textContent = cite + ". " + url;
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    // An agenda link in the menu (a drawer on a phone) closes the menu on the way to the item.
    if (target.closest && target.closest(".ra-drawer-agenda a")) {
      var drawer = document.getElementById("__drawer");
      if (drawer && drawer.checked) {
        drawer.checked = false;
        drawer.dispatchEvent(new Event("change"));
      }
      return;
    }
    var citeButton = target.closest ? target.closest(".ra-copy-cite") : null;
    if (citeButton) {
      copyText(citeButton.parentNode.querySelector(".ra-cite-text").textContent).then(function () {
        citeButton.textContent = "Citat kopieret";
        announce("Citatet er kopieret");
        window.setTimeout(function () { citeButton.textContent = "Kopiér citat"; }, 2500);
      }, function () {});
      return;
    }
    var button = target.closest ? target.closest(".ra-copy") : null;
    if (!button) { return; }
    var anchor = button.getAttribute("data-anchor");
    var cite = button.getAttribute("data-cite") || "";
    var url = itemUrl(anchor);
    copyLink(url, cite).then(function () {
      button.textContent = "Link kopieret";
      button.setAttribute("data-copied", url);
      announce("Link til " + anchor.replace("-", " ") + " er kopieret");
      offerCitation(button, url, cite);
      window.setTimeout(function () { button.textContent = "Kopiér link"; }, 2500);
    }, function () {
      window.prompt("Kopiér linket:", url);
    });
  });

  // Folded on a phone, open where there is room.
  function openWide() {
    if (!window.matchMedia("(min-width: 60em)").matches) { return; }
    document.querySelectorAll("details[data-ra-open-wide]").forEach(function (d) { d.open = true; });
  }
  // A link to item 44 of a meeting without it: say so, and show the agenda.
  function checkTarget() {
    var notice = document.querySelector(".ra-missing-item");
    var hash = decodeURIComponent(window.location.hash.slice(1));
    if (hash === "om-referatet") {
      var about = document.getElementById(hash);
      if (about) { about.open = true; }
    }
    if (!notice) { return; }
    // An item's anchor is "<prefix><number>" (generator/urls.py, item_anchor).
    var prefix = notice.getAttribute("data-anchor-prefix");
    var number = prefix && hash.indexOf(prefix) === 0 ? hash.slice(prefix.length) : "";
    if (number && !document.getElementById(hash)) {
      notice.textContent = "Mødet har intet punkt " + number + ". Se dagsordenen herunder.";
      notice.hidden = false;
      notice.scrollIntoView();
    } else {
      notice.hidden = true;
    }
  }
  // On paper, each item carries its full address.
  function printUrls() {
    document.querySelectorAll(".ra-print-url").forEach(function (p) {
      p.textContent = itemUrl(p.getAttribute("data-anchor"));
    });
  }
  function ready() { openWide(); checkTarget(); printUrls(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
  window.addEventListener("hashchange", checkTarget);
  // Folded parts are printed open, then folded again.
  var folded = [];
  window.addEventListener("beforeprint", function () {
    folded = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; });
    folded.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    folded.forEach(function (d) { d.open = false; });
    folded = [];
  });
})();

// "/" focuses the search box (in the header; on the search page its own), unless the reader is typing somewhere.
document.addEventListener("keydown", function (event) {
  "use strict";
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) { return; }
  var target = event.target;
  if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
  var box = document.getElementById("ra-header-q") || document.getElementById("ra-q");
  if (box) { event.preventDefault(); box.focus(); }
});

// An agreement's story: a button turns the order round (oldest first is the default, and
// what the page shows without JavaScript).
(function () {
  "use strict";
  function reverseChildren(parent) {
    var children = Array.prototype.slice.call(parent.children);
    children.reverse().forEach(function (child) { parent.appendChild(child); });
  }
  document.querySelectorAll("button[data-reverse]").forEach(function (button) {
    var story = document.getElementById(button.getAttribute("data-reverse"));
    if (!story) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      reverseChildren(story);
      story.querySelectorAll("ol.ra-history").forEach(reverseChildren);
      var newest = story.getAttribute("data-order") !== "newest";
      story.setAttribute("data-order", newest ? "newest" : "oldest");
      button.setAttribute("aria-pressed", newest ? "true" : "false");
      button.textContent = newest ? "Vis ældste først" : "Vis nyeste først";
    });
  });
})();
