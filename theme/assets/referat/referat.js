// Copy-link buttons on meeting pages: copy the permanent URL of an agenda item.
(function () {
  "use strict";
  function itemUrl(anchor) {
    return window.location.href.split("#")[0] + "#" + anchor;
  }
  function announce(text) {
    var status = document.querySelector(".ra-copy-status");
    if (status) { status.textContent = text; }
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
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".ra-copy") : null;
    if (!button) { return; }
    var url = itemUrl(button.getAttribute("data-anchor"));
    var done = function () {
      button.textContent = "Link kopieret";
      button.setAttribute("data-copied", url);
      announce("Link til " + button.getAttribute("data-anchor").replace("-", " ") + " er kopieret");
      window.setTimeout(function () { button.textContent = "Kopiér link"; }, 2500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, function () { if (fallbackCopy(url)) { done(); } });
    } else if (fallbackCopy(url)) {
      done();
    } else {
      window.prompt("Kopiér linket:", url);
    }
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
