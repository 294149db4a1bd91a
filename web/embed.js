/* embed.js — puts the self-test on a campaign's own page:
 *   <script src="https://<host>/embed.js" data-campaign="<id>" data-lang="nl" async></script>
 * optional: data-return-url="https://<campaign site>/follow-up" (an allowed origin only).
 * The test runs in an iframe of its own origin, sizes itself to its content
 * through postMessage (origins checked on both sides) and needs no cookies.
 * If the campaign's site may not frame it, a short explanation and a link
 * take its place. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var appOrigin = new URL(script.src, location.href).origin;
  var campaign = script.getAttribute('data-campaign') || '';
  var lang = script.getAttribute('data-lang') === 'en' ? 'en' : 'nl';
  var returnUrl = script.getAttribute('data-return-url') || '';
  var url = new URL('/embed/' + encodeURIComponent(campaign || '-'), appOrigin);
  url.searchParams.set('lang', lang);
  url.searchParams.set('origin', location.origin);
  if (returnUrl) url.searchParams.set('return', returnUrl);

  var box = document.createElement('div');
  box.className = 'zelftest-embed';
  var frame = document.createElement('iframe');
  frame.src = url.href;
  frame.title = lang === 'en' ? 'Cybersecurity self-test for businesses' : 'Zelftest cyberveiligheid voor ondernemers';
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.style.width = '100%';
  frame.style.border = '0';
  frame.style.display = 'block';
  frame.style.height = '640px';
  box.appendChild(frame);
  script.parentNode.insertBefore(box, script);

  var ready = false;
  window.addEventListener('message', function (ev) {
    if (ev.origin !== appOrigin || ev.source !== frame.contentWindow) return;
    var d = ev.data;
    if (!d || typeof d !== 'object' || typeof d.type !== 'string') return;
    if (d.type === 'zelftest:ready') ready = true;
    if (d.type === 'zelftest:height' && typeof d.height === 'number' && isFinite(d.height)) {
      ready = true;
      frame.style.height = Math.max(320, Math.min(Math.ceil(d.height), 30000)) + 'px';
    }
  });

  // Refused by the test's Content-Security-Policy (this site is not one of the
  // campaign's), or not reachable: say so instead of showing an empty frame.
  setTimeout(function () {
    if (ready) return;
    var p = document.createElement('p');
    p.className = 'zelftest-embed-refused';
    p.setAttribute('role', 'status');
    p.textContent =
      lang === 'en'
        ? 'The self-test cannot be shown on this page. '
        : 'De zelftest kan op deze pagina niet worden getoond. ';
    var a = document.createElement('a');
    a.href = new URL('/?lang=' + lang, appOrigin).href;
    a.target = '_blank';
    a.rel = 'noopener';
    a.textContent = lang === 'en' ? 'Open the self-test in a new window.' : 'Open de zelftest in een nieuw venster.';
    p.appendChild(a);
    box.replaceChildren(p);
  }, 8000);
})();
