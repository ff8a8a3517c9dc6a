// vidwiki reader: the player seeks on timestamp clicks, timestamps show their words on hover,
// `#t=SECONDS` opens a page at a moment, and a video's transcript can be filtered in page.
(function () {
  "use strict";
  var player = document.getElementById("player");

  function youtubeCommand(func, args) {
    var origin = new URL(player.src).origin;
    player.contentWindow.postMessage(JSON.stringify({ event: "command", func: func, args: args || [], id: "player" }), origin);
  }

  function seek(seconds) {
    if (!player) return false;
    if (player.dataset.kind === "youtube") {
      youtubeCommand("seekTo", [seconds, true]);
      youtubeCommand("playVideo", []);
    } else {
      player.currentTime = seconds;
      var playing = player.play();
      if (playing && playing.catch) playing.catch(function () {});
    }
    return true;
  }

  // Once the player has been used, it docks in a corner while its slot is scrolled away,
  // so the video stays in sight while reading further down.
  var used = false;
  var box = player && player.closest(".player");
  var slot = player && player.closest(".player-slot");
  if (slot && window.IntersectionObserver) {
    new IntersectionObserver(function (entries) {
      box.classList.toggle("docked", used && !entries[0].isIntersecting);
    }, { threshold: 0.25 }).observe(slot);
  }
  function dockIfAway() {
    used = true;
    if (!slot) return;
    var r = slot.getBoundingClientRect();
    var away = r.bottom < r.height * 0.25 || r.top > window.innerHeight - r.height * 0.25;
    box.classList.toggle("docked", away);
  }

  function markPlaying(link) {
    var old = document.querySelectorAll("a.playing");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("playing");
    if (link) link.classList.add("playing");
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.yt-timestamp");
    if (!link || !player || link.dataset.s === undefined) return;
    event.preventDefault();
    seek(Number(link.dataset.s));
    dockIfAway();
    markPlaying(link);
    if (history.replaceState) history.replaceState(null, "", "#t=" + link.dataset.s);
  });

  // Popover: the transcript words spoken at a timestamp (server-rendered into its title).
  var popover = null;
  function showWords(link) {
    var words = link.dataset.words || link.getAttribute("title") || "";
    if (link.hasAttribute("title")) { link.dataset.words = words; link.removeAttribute("title"); }
    if (!words) return;
    if (!popover) { popover = document.createElement("div"); popover.className = "popover"; popover.setAttribute("role", "tooltip"); document.body.appendChild(popover); }
    popover.textContent = "";
    var when = document.createElement("span"); when.className = "when"; when.textContent = "at " + (link.dataset.t || link.textContent.replace(/[\[\]▶ ]/g, ""));
    popover.appendChild(when);
    popover.appendChild(document.createTextNode(words));
    popover.hidden = false;
    var box = link.getBoundingClientRect();
    var left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - popover.offsetWidth - 8));
    popover.style.left = left + "px";
    popover.style.top = (window.scrollY + box.bottom + 6) + "px";
  }
  document.addEventListener("mouseover", function (event) {
    var link = event.target.closest && event.target.closest("a.yt-timestamp, a.moment");
    if (link) showWords(link);
  });
  document.addEventListener("mouseout", function (event) {
    var link = event.target.closest && event.target.closest("a.yt-timestamp, a.moment");
    if (link && popover) popover.hidden = true;
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("a.yt-timestamp, a.moment")) showWords(event.target);
  });

  // Deep links: #t=83 seeks the player and highlights the line or timestamp at that second.
  function startAt() {
    var m = /^#t=(\d+)$/.exec(location.hash);
    if (!m) return;
    var seconds = Number(m[1]);
    // The timestamp at that second, or the last one before it.
    var link = null;
    var stamps = document.querySelectorAll("a.yt-timestamp");
    for (var i = 0; i < stamps.length; i++) {
      var s = Number(stamps[i].dataset.s);
      if (s <= seconds && (!link || s > Number(link.dataset.s))) link = stamps[i];
    }
    if (link) {
      markPlaying(link);
      var line = link.closest("li");
      if (line && line.id) line.classList.add("current");
      link.scrollIntoView({ block: "center" });
    }
    if (!player) return;
    if (player.dataset.kind === "youtube") {
      // The embed may have loaded before this deferred script ran: then seek now, else on load.
      var src = player.src;
      var loaded = performance.getEntriesByType("resource").some(function (e) {
        return e.initiatorType === "iframe" && e.name === src;
      });
      if (loaded) seek(seconds);
      player.addEventListener("load", function () { seek(seconds); }, { once: true });
    } else if (player.readyState >= 1) {
      seek(seconds);
    } else {
      player.addEventListener("loadedmetadata", function () { seek(seconds); }, { once: true });
    }
  }
  startAt();

  // In-page search of a video's transcript.
  var filter = document.getElementById("transcript-filter");
  if (filter) {
    var lines = document.querySelectorAll(".transcript li");
    var count = document.getElementById("filter-count");
    // Words match across punctuation and case: "well so" finds "Well, so".
    var norm = function (s) { return " " + s.toLowerCase().replace(/[^\p{L}\p{N}']+/gu, " ").trim() + " "; };
    var texts = [];
    for (var k = 0; k < lines.length; k++) texts.push(norm(lines[k].querySelector(".line").textContent));
    filter.addEventListener("input", function () {
      var q = norm(filter.value).trim();
      var shown = 0;
      for (var i = 0; i < lines.length; i++) {
        var hit = !q || texts[i].indexOf(q) >= 0;
        lines[i].classList.toggle("hidden", !hit);
        if (hit) shown++;
      }
      count.textContent = q ? shown + " of " + lines.length + " lines" : "";
    });
  }
})();
