/* The day board refreshes itself every minute without losing the reader's place: it fetches the same
   page, swaps the board's content and puts the scroll positions back. Clicking a clash in the side list
   highlights its blocks. No framework, no build step. */
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board) { return; }
  var seconds = parseInt(board.getAttribute("data-refresh-seconds"), 10) || 60;

  function scroller() { return document.getElementById("timeline-scroll"); }

  function highlight(number) {
    var items = document.querySelectorAll(".block.highlight");
    for (var i = 0; i < items.length; i++) { items[i].classList.remove("highlight"); }
    // The blocks that show this clash (a session every delegation attends clashes in one lane only).
    var blocks = document.querySelectorAll(".block[data-clashes~='" + number + "']");
    var first = null;
    for (var b = 0; b < blocks.length; b++) {
      blocks[b].classList.add("highlight");
      first = first || blocks[b];
    }
    if (first) { first.scrollIntoView({block: "nearest", inline: "center"}); }
  }

  document.addEventListener("click", function (event) {
    var note = event.target.closest ? event.target.closest("[data-clash]") : null;
    if (note) { highlight(note.getAttribute("data-clash")); }
  });

  function refresh() {
    var box = scroller();
    var place = {left: box ? box.scrollLeft : 0, top: box ? box.scrollTop : 0, x: window.scrollX, y: window.scrollY};
    return fetch(window.location.href, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) {
        if (!response.ok || response.redirected) { throw new Error("status " + response.status); }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("board-content");
        if (!fresh) { throw new Error("not the board"); }
        document.getElementById("board-content").replaceWith(document.importNode(fresh, true));
        var again = scroller();
        if (again) { again.scrollLeft = place.left; again.scrollTop = place.top; }
        window.scrollTo(place.x, place.y);
        board.setAttribute("data-refreshes", String((parseInt(board.getAttribute("data-refreshes"), 10) || 0) + 1));
      })
      .catch(function () {
        var note = document.getElementById("refresh-failed");
        if (note) { note.hidden = false; }
      });
  }

  // Open on the "now" line (or the first block) the first time, not on 06:00.
  var box = scroller();
  var now = document.getElementById("now-line");
  var target = now || document.querySelector(".timeline .block");
  if (box && target) {
    var offset = target.getBoundingClientRect().left - box.getBoundingClientRect().left + box.scrollLeft;
    box.scrollLeft = Math.max(0, offset - box.clientWidth / 3);
  }

  window.officeBoard = {refresh: refresh, highlight: highlight};
  window.setInterval(refresh, seconds * 1000);
}());
