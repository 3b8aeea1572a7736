/*
 * quorumscope's embed loader (docs/EMBED.md), for documentation generators that allow no raw
 * <iframe>. Load it once per page, from the quorumscope site it embeds (the build puts it in
 * embed/, beside the page's own directory):
 *
 *   <script src="https://example.org/quorumscope/embed/embed.js" defer></script>
 *
 * and put a <div> wherever a simulation should be:
 *
 *   <div data-quorumscope="default" data-panels="cluster,log" data-height="420"></div>
 *
 * Each such <div> gets an <iframe> of the quorumscope page in the directory above the script's
 * (taken from the script's src), as wide as the div and data-height tall, titled for screen
 * readers.
 *
 *   data-quorumscope  a built-in scenario's id (default, siblings, stale-read, ...), or a share
 *                     link's fragment, from its # on (#p=...&z=... or #z=...)
 *   data-panels       cluster | cluster,log | all            (default cluster,log)
 *   data-autoplay     1 or 0: time runs as the frame opens    (default 0)
 *   data-speed        simulated ms per ms, 0.005 to 10        (default: the scenario's)
 *   data-start        the simulated time to open at, in ms    (default 0)
 *   data-height       the frame's height in CSS px, 200-4000  (default: what the panels need,
 *                     880 for cluster, 1100 for cluster,log, 1300 for all)
 *   data-title        the frame's title for screen readers    (default: quorumscope and the id)
 *
 * The values go to the page as its embed parameters: the page checks them and says in the
 * frame what was wrong with one. Plain ES5, no dependencies; a div is filled once.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var page = new URL('../', script ? script.src : location.href).href;
  var params = ['panels', 'autoplay', 'speed', 'start', 'height'];

  function mount(div) {
    if (div.querySelector('iframe')) return;
    var scenario = div.getAttribute('data-quorumscope') || 'default';
    var query = 'embed';
    params.forEach(function (name) {
      var value = div.getAttribute('data-' + name);
      if (value !== null) query += '&' + name + '=' + encodeURIComponent(value);
    });
    var fragment = scenario.charAt(0) === '#' ? scenario : '#p=' + encodeURIComponent(scenario);
    // As the page's own default (src/embed.rs, Panels::height): tall enough for the panels.
    var tall = { cluster: 880, 'cluster,log': 1100, all: 1300 };
    var height = parseInt(div.getAttribute('data-height'), 10) ||
      tall[div.getAttribute('data-panels') || 'cluster,log'] || 1100;
    var frame = document.createElement('iframe');
    frame.src = page + '?' + query + fragment;
    frame.title = div.getAttribute('data-title') || 'quorumscope simulation: ' + scenario;
    frame.width = '100%';
    frame.height = String(Math.min(4000, Math.max(200, height)));
    frame.setAttribute('loading', 'lazy');
    frame.style.cssText = 'border: 0; max-width: 100%; display: block';
    div.appendChild(frame);
  }

  function mountAll() {
    Array.prototype.forEach.call(document.querySelectorAll('div[data-quorumscope]'), mount);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', mountAll);
  } else {
    mountAll();
  }
})();
