/* zelftest.js — the self-test for business owners: start, one step per
 * basic principle, a step about the business, the result with chart and
 * advice, and the offer of a student-run scan.  Every answer is saved at
 * once, so a reload or the resume link continues where the owner was.
 * Also runs embedded in a campaign's page (/embed/{campaign}). */
'use strict';
(() => {
  const { h, s, t, api } = ZT;
  ZT.dictionary({
    nl: {
      doctitle: 'Zelftest cyberveiligheid voor ondernemers', subtitle: 'Digital Trust Center',
      footer: 'Anoniem: we slaan je naam, e-mailadres of IP-adres niet op.',
      'start.title': 'Hoe veilig is jouw bedrijf online?',
      'start.lead': 'Doe de zelftest in ongeveer 5 minuten. Je krijgt meteen een uitslag en tips die je zelf kunt uitvoeren.',
      'start.points': 'De test gaat over de 5 basisprincipes van veilig digitaal ondernemen.|Je beantwoordt 20 korte vragen. Er zijn geen foute antwoorden: kies wat echt klopt.|De test is anoniem. Je hoeft geen naam of e-mailadres in te vullen.',
      'start.button': 'Start de zelftest', 'start.resume': 'Al begonnen? Ga verder met je code',
      'start.code': 'Je code', 'start.code.hint': 'De code staat aan het eind van je link, na #s=', 'start.code.button': 'Ga verder',
      'start.code.bad': 'Deze code klopt niet. Een code heeft 22 tekens.', 'start.expired': 'Je vorige test is verlopen of bestaat niet meer. Begin gerust opnieuw.',
      'step.progress': 'Stap {n} van {total}', 'step.announce': 'Stap {n} van {total}: {title}',
      'step.profile': 'Over je bedrijf', 'step.profile.intro': 'Deze vragen bepalen hoe groot de gevolgen van een aanval voor jouw bedrijf zijn. Zo krijg je advies dat bij je past.',
      back: 'Vorige', next: 'Volgende', finish: 'Bekijk mijn uitslag',
      'help.show': 'Uitleg', 'error.pick': 'Kies een antwoord bij deze vraag.', 'error.summary': 'Nog niet alles is ingevuld. Kijk bij de vragen met een melding.',
      'error.save': 'Je antwoord is niet opgeslagen. Controleer je verbinding en kies het antwoord opnieuw.',
      'postcode.label': 'Postcode', 'postcode.hint': 'Alleen de 4 cijfers zijn genoeg, bijvoorbeeld 9712.', 'postcode.skip': 'Ik vul liever geen postcode in',
      'postcode.bad': 'Vul een postcode in zoals 1234 of 1234 AB, of kies dat je liever geen postcode invult.',
      'resume.title': 'Later verder?', 'resume.text': 'Met deze link ga je later verder waar je was. De link werkt 24 uur na je laatste antwoord.',
      'resume.copy': 'Kopieer de link', 'resume.copied': 'De link is gekopieerd.', 'resume.label': 'Link om later verder te gaan',
      'result.title': 'Jouw uitslag', 'result.date': 'Uitslag van {date} · vragenlijst {version}',
      'level.high': 'Hoog risico', 'level.medium': 'Gemiddeld risico', 'level.low': 'Laag risico',
      'level.high.text': 'Je bedrijf loopt nu een groot risico. Eén klik op een verkeerde link of één verloren laptop kan je bedrijf dagen stilleggen. Begin vandaag nog met de eerste stappen hieronder.',
      'level.medium.text': 'Je hebt al een aantal dingen goed geregeld, maar er zijn nog gaten waar criminelen doorheen kunnen. Pak de punten hieronder deze maand aan.',
      'level.low.text': 'Goed bezig! Je basis is op orde. Blijf het bijhouden, want aanvallers worden steeds slimmer.',
      'urgency': 'Urgentie: {n} van 100', 'urgency.explain': 'Hoe hoger het getal, hoe sneller je iets moet doen. We kijken naar je antwoorden en naar hoe afhankelijk je bedrijf van IT is.',
      'critical.title': 'Dit moet je als eerste regelen', 'critical.answer': 'Je antwoord: {answer}',
      'chart.title': 'Score per basisprincipe', 'chart.desc': 'Score van 0 tot 100 per basisprincipe. Hoger is veiliger.', 'chart.item': '{title}: {score} van 100, {level}',
      'advice.title': 'Advies per basisprincipe', 'advice.score': 'Score {score} van 100',
      print: 'Afdrukken of opslaan als pdf', restart: 'Opnieuw beginnen', 'restart.confirm': 'Wil je echt opnieuw beginnen? Je antwoorden van deze test zie je dan niet meer.',
      'return.link': 'Terug naar {name}',
      'offer.title.high': 'Laat je bedrijf scannen door studenten', 'offer.title.other': 'Wil je het zeker weten? Vraag een scan aan',
      'offer.text': 'Studenten ICT van het mbo of hbo komen bij je langs en onderzoeken je bedrijf grondig. Je krijgt een rapport met advies. Dit is vaak gratis of kost een kleine bijdrage.',
      'offer.network': 'Bij jou in de buurt helpt: {name}', 'offer.distance': 'op ongeveer {km} km', 'offer.near': 'vlakbij', 'offer.contact': 'Contact: {email} · {phone}',
      'offer.toggle': 'Vraag een scan aan', 'slots.title': 'Kies een moment', 'slots.none': 'Er zijn nu geen vrije momenten. Het netwerk neemt contact met je op om een moment af te spreken.',
      'slots.later': 'Nog geen moment kiezen: neem contact met me op', 'slots.item': '{date}, {minutes} minuten, {place} ({n} plek(ken) vrij)', 'slots.onsite': 'bij je bedrijf',
      'form.title': 'Je gegevens', 'form.intro': 'Het netwerk gebruikt deze gegevens alleen om contact met je op te nemen over de scan.',
      'form.company': 'Naam van je bedrijf', 'form.contact_name': 'Je naam', 'form.email': 'E-mailadres', 'form.phone': 'Telefoonnummer (mag leeg blijven)',
      'form.postcode': 'Postcode van je bedrijf', 'form.postcode.hint': 'Bijvoorbeeld 1234 AB', 'form.share': 'Deel mijn antwoorden en uitslag met het netwerk, zodat de studenten zich kunnen voorbereiden',
      'form.consent.title': 'Toestemming', 'form.consent': 'Ik geef toestemming zoals hierboven beschreven', 'form.submit': 'Scan aanvragen',
      'form.errors': 'Controleer de velden met een melding.', 'form.slotfull': 'Dit moment is net vol. Kies een ander moment.',
      'confirm.title': 'Je aanvraag is verstuurd', 'confirm.lead': '{network} heeft je aanvraag ontvangen.',
      'confirm.next': 'Wat gebeurt er nu?', 'confirm.steps': 'Het netwerk neemt contact met je op om de scan af te spreken.|Studenten bereiden de scan voor en komen langs of spreken online af.|Je krijgt een rapport met advies voor jouw bedrijf.',
      'confirm.slot': 'Gekozen moment: {slot}', 'confirm.noslot': 'Je hebt nog geen moment gekozen. Het netwerk belt of mailt je.',
      'confirm.withdraw': 'Toch niet? Met deze link trek je je aanvraag in en worden je gegevens gewist:', 'confirm.keep': 'Bewaar deze pagina of druk hem af.',
      'confirm.back': 'Terug naar je uitslag',
      'error.network': 'Geen verbinding. Probeer het zo opnieuw.', 'error.busy': 'Het is even druk. Probeer het over een paar seconden opnieuw.',
      'error.generic': 'Er ging iets mis: {msg}', loading: 'Bezig met laden…',
    },
    en: {
      doctitle: 'Cybersecurity self-test for businesses', subtitle: 'Digital Trust Center',
      footer: 'Anonymous: we do not store your name, e-mail address or IP address.',
      'start.title': 'How safe is your business online?',
      'start.lead': 'Take the self-test in about 5 minutes. You get a result at once, with tips you can act on yourself.',
      'start.points': 'The test covers the 5 basic principles of safe digital business.|You answer 20 short questions. There are no wrong answers: choose what is really true.|The test is anonymous. You do not need to give a name or e-mail address.',
      'start.button': 'Start the self-test', 'start.resume': 'Already started? Continue with your code',
      'start.code': 'Your code', 'start.code.hint': 'The code is at the end of your link, after #s=', 'start.code.button': 'Continue',
      'start.code.bad': 'This code is not right. A code has 22 characters.', 'start.expired': 'Your previous test has expired or no longer exists. Feel free to start again.',
      'step.progress': 'Step {n} of {total}', 'step.announce': 'Step {n} of {total}: {title}',
      'step.profile': 'About your business', 'step.profile.intro': 'These questions show how hard an attack would hit your business, so that the advice fits you.',
      back: 'Previous', next: 'Next', finish: 'See my result',
      'help.show': 'Explanation', 'error.pick': 'Choose an answer to this question.', 'error.summary': 'Not everything is filled in yet. Look at the questions with a message.',
      'error.save': 'Your answer was not saved. Check your connection and choose the answer again.',
      'postcode.label': 'Postcode', 'postcode.hint': 'The 4 digits are enough, for example 9712.', 'postcode.skip': 'I would rather not give my postcode',
      'postcode.bad': 'Enter a postcode like 1234 or 1234 AB, or choose not to give one.',
      'resume.title': 'Continue later?', 'resume.text': 'With this link you continue later where you were. The link works for 24 hours after your last answer.',
      'resume.copy': 'Copy the link', 'resume.copied': 'The link has been copied.', 'resume.label': 'Link to continue later',
      'result.title': 'Your result', 'result.date': 'Result of {date} · questionnaire {version}',
      'level.high': 'High risk', 'level.medium': 'Medium risk', 'level.low': 'Low risk',
      'level.high.text': 'Your business is at high risk right now. One click on a wrong link or one lost laptop can stop your business for days. Start today with the first steps below.',
      'level.medium.text': 'You have arranged several things well, but there are still gaps criminals can get through. Deal with the points below this month.',
      'level.low.text': 'Well done! Your basics are in order. Keep it up, because attackers keep getting smarter.',
      'urgency': 'Urgency: {n} of 100', 'urgency.explain': 'The higher the number, the sooner you should act. We look at your answers and at how much your business depends on IT.',
      'critical.title': 'Sort these out first', 'critical.answer': 'Your answer: {answer}',
      'chart.title': 'Score per basic principle', 'chart.desc': 'Score from 0 to 100 per basic principle. Higher is safer.', 'chart.item': '{title}: {score} of 100, {level}',
      'advice.title': 'Advice per basic principle', 'advice.score': 'Score {score} of 100',
      print: 'Print or save as PDF', restart: 'Start again', 'restart.confirm': 'Do you really want to start again? You will no longer see the answers of this test.',
      'return.link': 'Back to {name}',
      'offer.title.high': 'Have your business scanned by students', 'offer.title.other': 'Want to be sure? Ask for a scan',
      'offer.text': 'IT students from a vocational college or university of applied sciences visit you and examine your business thoroughly. You get a report with advice. This is often free or costs a small contribution.',
      'offer.network': 'Near you, help comes from: {name}', 'offer.distance': 'about {km} km away', 'offer.near': 'close by', 'offer.contact': 'Contact: {email} · {phone}',
      'offer.toggle': 'Ask for a scan', 'slots.title': 'Choose a time', 'slots.none': 'There are no free times right now. The network will contact you to agree on one.',
      'slots.later': 'Do not choose a time yet: contact me', 'slots.item': '{date}, {minutes} minutes, {place} ({n} place(s) free)', 'slots.onsite': 'at your business',
      'form.title': 'Your details', 'form.intro': 'The network uses these details only to contact you about the scan.',
      'form.company': 'Name of your business', 'form.contact_name': 'Your name', 'form.email': 'E-mail address', 'form.phone': 'Phone number (may stay empty)',
      'form.postcode': 'Postcode of your business', 'form.postcode.hint': 'For example 1234 AB', 'form.share': 'Share my answers and result with the network, so the students can prepare',
      'form.consent.title': 'Consent', 'form.consent': 'I give my consent as described above', 'form.submit': 'Ask for the scan',
      'form.errors': 'Check the fields with a message.', 'form.slotfull': 'This time has just filled up. Choose another time.',
      'confirm.title': 'Your request has been sent', 'confirm.lead': '{network} has received your request.',
      'confirm.next': 'What happens next?', 'confirm.steps': 'The network contacts you to arrange the scan.|Students prepare the scan and visit you or meet online.|You get a report with advice for your business.',
      'confirm.slot': 'Chosen time: {slot}', 'confirm.noslot': 'You have not chosen a time yet. The network will call or e-mail you.',
      'confirm.withdraw': 'Changed your mind? With this link you withdraw your request and your details are erased:', 'confirm.keep': 'Keep this page or print it.',
      'confirm.back': 'Back to your result',
      'error.network': 'No connection. Try again in a moment.', 'error.busy': 'It is busy right now. Try again in a few seconds.',
      'error.generic': 'Something went wrong: {msg}', loading: 'Loading…',
    },
  });

  const main = document.getElementById('main');
  const TOKEN_KEY = 'zelftest.session';
  const STEPS = 6;

  // ---------- embedded in a campaign's page ----------
  const embedMatch = /^\/embed\/([a-z0-9_-]{1,64})\/?$/.exec(location.pathname);
  const params = new URLSearchParams(location.search);
  const embed = { campaign: embedMatch ? embedMatch[1] : null, parent: null, returnUrl: null, name: '' };
  if (params.get('lang') === 'en' || params.get('lang') === 'nl') ZT.setLang(params.get('lang'));

  async function setupEmbed() {
    if (!embed.campaign || window.parent === window) return;
    try {
      const c = await api('GET', `/api/v1/campaigns/${embed.campaign}`);
      embed.name = c.name;
      const origin = params.get('origin');
      // talk to the parent only when it is one of the campaign's own origins
      if (origin && c.origins.includes(origin)) embed.parent = origin;
      const ret = params.get('return');
      if (ret) {
        try {
          const u = new URL(ret);
          if (c.origins.includes(u.origin)) embed.returnUrl = u.href;
        } catch { /* not a URL: ignored */ }
      }
      if (!c.active) embed.campaign = null;
    } catch {
      embed.campaign = null; // unknown campaign: the plain test, nothing counted
    }
    if (embed.parent) {
      const post = (msg) => window.parent.postMessage(msg, embed.parent);
      post({ type: 'zelftest:ready' });
      const send = () => post({ type: 'zelftest:height', height: document.documentElement.scrollHeight });
      new ResizeObserver(send).observe(document.body);
      send();
    }
  }

  // ---------- state ----------
  const st = { q: null, token: null, answers: {}, step: 0, result: null, confirmation: null, pending: new Set() };

  const principleSteps = () => st.q.principles;
  const stepQuestions = (i) => (i <= 5 ? st.q.principles[i - 1].questions : st.q.profile);
  const allQuestions = () => [...st.q.principles.flatMap((p) => p.questions), ...st.q.profile];
  const answered = (q) => Object.prototype.hasOwnProperty.call(st.answers, q.id);

  function remember(token) {
    st.token = token;
    ZT.store.set('localStorage', TOKEN_KEY, token);
    const url = new URL(location.href);
    url.hash = token ? `s=${token}` : '';
    history.replaceState(null, '', url);
  }

  function forget() {
    st.token = null;
    st.answers = {};
    st.result = null;
    st.confirmation = null;
    ZT.store.set('localStorage', TOKEN_KEY, null);
    history.replaceState(null, '', location.pathname + location.search);
  }

  const resumeLink = () => `${location.origin}${location.pathname}${location.search}#s=${st.token}`;

  async function loadQuestionnaire() {
    st.q = await api('GET', `/api/v1/questionnaire?lang=${ZT.lang}`);
  }

  function chrome() {
    ZT.chrome(t('doctitle'), async () => {
      await loadQuestionnaire();
      if (st.result) st.result = await api('GET', `/api/v1/sessions/${st.token}/result?lang=${ZT.lang}`);
      render();
    });
  }

  // Focus moves to the new view's heading on every change, but not when the
  // page first loads (that would also pull the focus into an embedding page).
  let firstView = true;
  function view(title, ...content) {
    chrome();
    const h1 = ZT.show(main, h('h1', { id: 'view-title', tabindex: '-1' }, title), ...content);
    if (!firstView) {
      ZT.focusHeading(h1);
      window.scrollTo(0, 0);
    }
    firstView = false;
    return h1;
  }

  function errorText(e) {
    if (e.status === 0) return t('error.network');
    if (e.status === 503) return t('error.busy');
    return t('error.generic', { msg: e.message });
  }

  // ---------- start ----------
  function startView(message) {
    const code = h('input', { id: 'code', name: 'code', type: 'text', autocomplete: 'off', spellcheck: 'false', inputmode: 'text', 'aria-describedby': 'code-hint' });
    const codeErr = h('p', { id: 'code-error', class: 'error-text', hidden: true });
    const resume = h('details', { class: 'card resume-start' }, h('summary', {}, t('start.resume')),
      h('form', { novalidate: true, onsubmit: async (ev) => {
        ev.preventDefault();
        const v = code.value.trim().replace(/^.*#s=/, '');
        if (!/^[A-Za-z0-9_-]{22}$/.test(v)) {
          codeErr.textContent = t('start.code.bad');
          codeErr.hidden = false;
          code.setAttribute('aria-invalid', 'true');
          code.setAttribute('aria-describedby', 'code-hint code-error');
          code.focus();
          return;
        }
        await resumeWith(v);
      } },
      h('div', { class: 'field' }, h('label', { for: 'code' }, t('start.code')), h('span', { id: 'code-hint', class: 'hint' }, t('start.code.hint')), codeErr, code),
      h('button', { type: 'submit', class: 'secondary' }, t('start.code.button'))));
    view(t('start.title'),
      message ? h('div', { class: 'notice', role: 'status' }, message) : null,
      h('p', { class: 'lead' }, t('start.lead')),
      h('ul', { class: 'checks' }, t('start.points').split('|').map((x) => h('li', {}, x))),
      h('p', {}, h('button', { type: 'button', class: 'big', onclick: start }, t('start.button'))),
      resume);
  }

  async function start() {
    try {
      const body = embed.campaign ? { lang: ZT.lang, campaign: embed.campaign } : { lang: ZT.lang };
      const r = await api('POST', '/api/v1/sessions', { body });
      forget();
      remember(r.session);
      await loadQuestionnaire();
      go(1);
    } catch (e) {
      startView(errorText(e));
    }
  }

  async function resumeWith(token) {
    try {
      const sess = await api('GET', `/api/v1/sessions/${token}`);
      remember(token);
      st.answers = sess.answers;
      if (!st.q || st.q.version !== sess.questionnaire_version || st.q.lang !== ZT.lang) await loadQuestionnaire();
      if (sess.complete) {
        await showResult();
        return;
      }
      // the first step with an open question
      let step = 1;
      while (step < STEPS && stepQuestions(step).every(answered)) step++;
      go(step);
    } catch (e) {
      forget();
      startView(e.status === 404 || e.status === 400 || e.status === 410 ? t('start.expired') : errorText(e));
    }
  }

  // ---------- questions ----------
  // Saves kept in flight, so that Next waits for an answer chosen a moment ago.
  function save(q, body) {
    const p = saveNow(q, body);
    st.pending.add(p);
    p.finally(() => st.pending.delete(p));
    return p;
  }

  async function saveNow(q, body) {
    for (let attempt = 0; ; attempt++) {
      try {
        await api('PUT', `/api/v1/sessions/${st.token}/answers/${q.id}`, { body });
        st.answers[q.id] = body.option ?? body.options ?? body.value;
        return null;
      } catch (e) {
        if (e.status === 404) { forget(); startView(t('start.expired')); return 'gone'; }
        if (e.status === 422) return e.message;
        if ((e.status === 503 || e.status === 0) && attempt < 2) { await new Promise((r) => setTimeout(r, 800)); continue; }
        return t('error.save');
      }
    }
  }

  function showFieldError(q, message) {
    const err = document.getElementById(`err-${q.id}`);
    const box = document.getElementById(`q-${q.id}`);
    if (!err || !box) return;
    err.textContent = message || '';
    err.hidden = !message;
    box.classList.toggle('invalid', Boolean(message));
    const input = q.type === 'postcode' ? document.getElementById('postcode') : null;
    if (input) input.setAttribute('aria-invalid', message ? 'true' : 'false');
  }

  function choiceQuestion(q, idx) {
    const helpId = `help-${q.id}`;
    const errId = `err-${q.id}`;
    const current = st.answers[q.id];
    const multi = q.type === 'multi';
    const options = q.options.map((o) => {
      const id = `${q.id}-${o.id}`;
      const checked = multi ? Array.isArray(current) && current.includes(o.id) : current === o.id;
      const input = h('input', { type: multi ? 'checkbox' : 'radio', name: q.id, id, value: o.id, checked,
        onchange: async () => {
          let body;
          if (multi) {
            const boxes = [...document.querySelectorAll(`input[name="${q.id}"]`)];
            if (o.exclusive && input.checked) boxes.forEach((b) => { if (b !== input) b.checked = false; });
            else if (!o.exclusive && input.checked) boxes.forEach((b) => { if (q.options.find((x) => x.id === b.value).exclusive) b.checked = false; });
            const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
            if (!chosen.length) { delete st.answers[q.id]; return; }
            body = { options: chosen };
          } else body = { option: o.id };
          const err = await save(q, body);
          if (err !== 'gone') showFieldError(q, err);
        } });
      return h('div', { class: 'option' }, input, h('label', { for: id }, o.label));
    });
    return h('fieldset', { class: 'question', id: `q-${q.id}`, 'aria-describedby': `${helpId} ${errId}` },
      h('legend', {}, h('span', { class: 'qnum' }, `${idx}. `), q.text),
      h('p', { class: 'help', id: helpId }, q.help),
      h('p', { class: 'error-text', id: errId, hidden: true }),
      h('div', { class: 'options' }, options));
  }

  function postcodeQuestion(q, idx) {
    const current = st.answers[q.id];
    const declined = Object.prototype.hasOwnProperty.call(st.answers, q.id) && current === null;
    const input = h('input', { id: 'postcode', name: 'postcode', type: 'text', inputmode: 'text', autocomplete: 'postal-code',
      maxlength: '7', class: 'short', 'aria-describedby': `help-${q.id} hint-postcode err-${q.id}`, disabled: declined });
    input.value = typeof current === 'string' ? current : '';
    const skip = h('input', { type: 'checkbox', id: 'postcode-skip', checked: declined, onchange: async () => {
      input.disabled = skip.checked;
      if (skip.checked) {
        input.value = '';
        showFieldError(q, await save(q, { value: null }));
      } else {
        delete st.answers[q.id];
        input.focus();
      }
    } });
    input.addEventListener('change', async () => {
      const v = input.value.trim();
      if (!v) { delete st.answers[q.id]; return; }
      const err = await save(q, { value: v });
      if (err === 'gone') return;
      if (err) delete st.answers[q.id];
      showFieldError(q, err ? t('postcode.bad') : null);
    });
    return h('fieldset', { class: 'question', id: `q-${q.id}`, 'aria-describedby': `help-${q.id} err-${q.id}` },
      h('legend', {}, h('span', { class: 'qnum' }, `${idx}. `), q.text),
      h('p', { class: 'help', id: `help-${q.id}` }, q.help),
      h('p', { class: 'error-text', id: `err-${q.id}`, hidden: true }),
      h('div', { class: 'field' }, h('label', { for: 'postcode' }, t('postcode.label')), h('span', { class: 'hint', id: 'hint-postcode' }, t('postcode.hint')), input),
      h('div', { class: 'option' }, skip, h('label', { for: 'postcode-skip' }, t('postcode.skip'))));
  }

  function progress(n) {
    const bar = h('div', { class: 'progress', 'aria-hidden': 'true' }, h('div', { class: 'progress-done' }));
    bar.firstChild.style.width = `${Math.round(((n - 1) / STEPS) * 100)}%`;
    return h('div', { class: 'progress-wrap' }, h('p', { class: 'progress-text' }, t('step.progress', { n, total: STEPS })), bar);
  }

  function resumeBox() {
    const link = resumeLink();
    const field = h('input', { id: 'resume-link', type: 'text', readonly: true, value: link, class: 'resume-input' });
    const status = h('span', { class: 'copied', role: 'status' });
    return h('details', { class: 'card resume no-print' }, h('summary', {}, t('resume.title')),
      h('p', {}, t('resume.text')),
      h('label', { for: 'resume-link' }, t('resume.label')), field,
      h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: async () => {
        try { await navigator.clipboard.writeText(link); } catch { field.select(); document.execCommand && document.execCommand('copy'); }
        status.textContent = t('resume.copied');
      } }, t('resume.copy')), ' ', status));
  }

  function go(step) {
    st.step = step;
    if (step < 1) { startView(); return; }
    const isProfile = step === STEPS;
    const title = isProfile ? t('step.profile') : principleSteps()[step - 1].title;
    const intro = isProfile ? t('step.profile.intro') : principleSteps()[step - 1].intro;
    const qs = stepQuestions(step);
    const offset = step === 1 ? 0 : principleSteps().slice(0, Math.min(step - 1, 5)).reduce((n, p) => n + p.questions.length, 0);
    const summary = h('div', { class: 'notice error', role: 'alert', id: 'step-errors', hidden: true }, t('error.summary'));
    const form = h('form', { novalidate: true, onsubmit: async (ev) => {
      ev.preventDefault();
      await Promise.all([...st.pending]);
      // a postcode typed but not yet saved (no change event before the click)
      const pc = document.getElementById('postcode');
      const pq = qs.find((q) => q.type === 'postcode');
      if (pq && pc && !pc.disabled && pc.value.trim() && st.answers[pq.id] !== pc.value.trim()) {
        const err = await save(pq, { value: pc.value.trim() });
        if (err === 'gone') return;
        if (err) delete st.answers[pq.id];
        showFieldError(pq, err ? t('postcode.bad') : null);
      }
      const missing = qs.filter((q) => !answered(q));
      qs.forEach((q) => { if (!missing.includes(q) && !document.getElementById(`err-${q.id}`).hidden && q.type !== 'postcode') showFieldError(q, null); });
      if (missing.length) {
        missing.forEach((q) => showFieldError(q, q.type === 'postcode' ? t('postcode.bad') : t('error.pick')));
        summary.hidden = false;
        const first = document.querySelector(`#q-${missing[0].id} input:not([disabled])`);
        if (first) first.focus();
        return;
      }
      if (step < STEPS) go(step + 1);
      else await showResult();
    } },
    summary,
    qs.map((q, i) => (q.type === 'postcode' ? postcodeQuestion(q, offset + i + 1) : choiceQuestion(q, offset + i + 1))),
    h('div', { class: 'nav-buttons' },
      h('button', { type: 'button', class: 'secondary', onclick: () => go(step - 1) }, t('back')),
      h('button', { type: 'submit' }, step < STEPS ? t('next') : t('finish'))));
    view(title, progress(step), h('p', { class: 'lead' }, intro), form, resumeBox());
    ZT.announce(t('step.announce', { n: step, total: STEPS, title }));
  }

  // ---------- result ----------
  async function showResult() {
    try {
      st.result = await api('GET', `/api/v1/sessions/${st.token}/result?lang=${ZT.lang}`);
    } catch (e) {
      if (e.status === 409) {
        const missing = (e.body && e.body.error && e.body.error.missing) || [];
        let step = 1;
        while (step < STEPS && !stepQuestions(step).some((q) => missing.includes(q.id))) step++;
        go(step);
        return;
      }
      if (e.status === 404) { forget(); startView(t('start.expired')); return; }
      view(t('result.title'), h('div', { class: 'notice error', role: 'alert' }, errorText(e)));
      return;
    }
    resultView();
  }

  const icon = (level) => s('svg', { viewBox: '0 0 24 24', width: 32, height: 32, 'aria-hidden': 'true', focusable: 'false', class: 'level-icon' },
    level === 'low'
      ? s('path', { d: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z', fill: 'currentColor' })
      : s('path', { d: 'M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z', fill: 'currentColor' }));

  // One row per principle: its name and score as text, the bar as a small inline SVG,
  // so the labels wrap on a phone and the figures are read out as text.
  function chart(r) {
    const rows = r.principles.map((p) => h('li', { class: `score-row level-${p.level}` },
      h('span', { class: 'score-name' }, p.title),
      h('span', { class: 'score-value' }, h('span', { class: 'visually-hidden' }, `${t(`level.${p.level}`)}, `), `${p.score}`, h('span', { class: 'visually-hidden' }, ' / 100')),
      s('svg', { class: 'score-bar', viewBox: '0 0 100 8', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' },
        s('rect', { x: 0, y: 0, width: 100, height: 8, class: 'track' }),
        s('rect', { x: 0, y: 0, width: Math.max(0.5, p.score), height: 8, class: `bar level-${p.level}` }))));
    return h('figure', { class: 'chart-box', 'aria-labelledby': 'chart-title' },
      h('figcaption', {}, h('h2', { class: 'h3', id: 'chart-title' }, t('chart.title')), h('p', { class: 'hint', id: 'chart-desc' }, t('chart.desc'))),
      h('ul', { class: 'score-list' }, rows));
  }

  function resultView() {
    const r = st.result;
    const today = ZT.fmtDate(new Date().toISOString());
    const banner = h('section', { class: `level-banner level-${r.level}`, 'aria-labelledby': 'level-h' },
      h('h2', { id: 'level-h' }, icon(r.level), ' ', t(`level.${r.level}`)),
      h('p', { class: 'urgency' }, t('urgency', { n: r.urgency })),
      h('p', {}, t(`level.${r.level}.text`)),
      h('p', { class: 'hint' }, t('urgency.explain')));
    const critical = r.critical.length ? h('section', { class: 'card critical', 'aria-labelledby': 'crit-h' },
      h('h2', { id: 'crit-h' }, t('critical.title')),
      h('ul', {}, r.critical.map((c) => h('li', {}, h('strong', {}, c.text), h('br'), t('critical.answer', { answer: c.answer }))))) : null;
    const advice = h('section', { 'aria-labelledby': 'adv-h' }, h('h2', { id: 'adv-h' }, t('advice.title')),
      r.principles.map((p) => h('article', { class: `card advice level-border-${p.level}` },
        h('h3', {}, p.title, ' ', h('span', { class: `badge level-${p.level}` }, t(`level.${p.level}`))),
        h('p', { class: 'hint' }, t('advice.score', { score: p.score })),
        h('ul', {}, p.advice.map((a) => h('li', {}, a))))));
    const actions = h('p', { class: 'no-print actions' },
      h('button', { type: 'button', onclick: () => window.print() }, t('print')), ' ',
      h('button', { type: 'button', class: 'secondary', onclick: () => { if (window.confirm(t('restart.confirm'))) { forget(); startView(); } } }, t('restart')),
      embed.returnUrl ? [' ', h('a', { class: 'button secondary', href: embed.returnUrl, target: '_top' }, t('return.link', { name: embed.name }))] : null);
    view(t('result.title'),
      h('p', { class: 'hint' }, t('result.date', { date: today, version: r.questionnaire_version })),
      banner, critical, chart(r), offer(r), advice, actions);
    if (embed.parent) window.parent.postMessage({ type: 'zelftest:result', level: r.level }, embed.parent);
  }

  // ---------- the scan offer ----------
  function offer(r) {
    const ref = r.referral;
    if (!ref) return null;
    const n = ref.network;
    const sec = h('section', { class: `card offer${ref.offered ? ' offered' : ''} no-print`, id: 'referral', 'aria-labelledby': 'offer-h' },
      h('h2', { id: 'offer-h' }, t(ref.offered ? 'offer.title.high' : 'offer.title.other')),
      h('p', {}, t('offer.text')),
      h('p', {}, h('strong', {}, t('offer.network', { name: n.name })), n.distance_km === null ? '' : ` (${n.distance_km < 1 ? t('offer.near') : t('offer.distance', { km: n.distance_km })})`),
      h('p', { class: 'hint' }, n.description));
    const formBox = h('div', {});
    const open = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'referral-form-box', onclick: async () => {
      open.setAttribute('aria-expanded', 'true');
      open.hidden = true;
      await referralForm(formBox, ref);
    } }, t('offer.toggle'));
    formBox.id = 'referral-form-box';
    sec.append(h('p', {}, open), formBox);
    return sec;
  }

  async function referralForm(box, ref, notice, keep = {}) {
    let slots = [];
    try { slots = (await api('GET', ref.slots_url)).slots; } catch { slots = []; }
    const fields = {};
    const errs = {};
    const input = (name, type, autocomplete, extra = {}) => {
      const el = h('input', { id: `f-${name}`, name, type, autocomplete, 'aria-describedby': `e-${name}${extra.hint ? ` h-${name}` : ''}`, ...extra.attrs });
      if (keep[name] !== undefined) el.value = keep[name];
      fields[name] = el;
      errs[name] = h('p', { id: `e-${name}`, class: 'error-text', hidden: true });
      return h('div', { class: 'field' }, h('label', { for: `f-${name}` }, t(`form.${name}`)), extra.hint ? h('span', { class: 'hint', id: `h-${name}` }, extra.hint) : null, errs[name], el);
    };
    const pc = typeof st.answers.postcode === 'string' ? st.answers.postcode : '';
    const slotInputs = slots.map((sl) => h('div', { class: 'option' },
      h('input', { type: 'radio', name: 'slot', id: `slot-${sl.id}`, value: sl.id, checked: keep.slot === sl.id }),
      h('label', { for: `slot-${sl.id}` }, t('slots.item', { date: ZT.fmtDateTime(sl.start), minutes: sl.minutes, place: sl.place === 'on-site' ? t('slots.onsite') : sl.place, n: sl.remaining }))));
    errs.slot = h('p', { id: 'e-slot', class: 'error-text', hidden: true });
    const slotSet = h('fieldset', { class: 'question', 'aria-describedby': 'e-slot' }, h('legend', {}, t('slots.title')), errs.slot,
      slots.length ? null : h('p', {}, t('slots.none')),
      h('div', { class: 'options' }, slotInputs,
        h('div', { class: 'option' }, h('input', { type: 'radio', name: 'slot', id: 'slot-none', value: '', checked: !keep.slot || !slots.some((x) => x.id === keep.slot) }),
          h('label', { for: 'slot-none' }, t('slots.later')))));
    const share = h('input', { type: 'checkbox', id: 'f-share', checked: keep.share_answers !== false });
    const consent = h('input', { type: 'checkbox', id: 'f-consent', 'aria-describedby': 'consent-text e-consent' });
    errs.consent = h('p', { id: 'e-consent', class: 'error-text', hidden: true });
    const summary = h('div', { class: 'notice error', role: 'alert', hidden: !notice }, notice || t('form.errors'));
    const form = h('form', { novalidate: true, onsubmit: async (ev) => {
      ev.preventDefault();
      Object.values(errs).forEach((e) => { e.hidden = true; });
      Object.values(fields).forEach((f) => f.removeAttribute('aria-invalid'));
      const chosen = form.querySelector('input[name="slot"]:checked');
      const body = { company: fields.company.value.trim(), contact_name: fields.contact_name.value.trim(), email: fields.email.value.trim(),
        phone: fields.phone.value.trim(), postcode: fields.postcode.value.trim(), consent: consent.checked, share_answers: share.checked };
      if (chosen && chosen.value) body.slot = chosen.value;
      submit.disabled = true;
      try {
        const res = await api('POST', `/api/v1/sessions/${st.token}/referral?lang=${ZT.lang}`, { body });
        st.confirmation = res;
        confirmView();
      } catch (e) {
        submit.disabled = false;
        if (e.status === 422 && e.body && e.body.error.fields) {
          let first = null;
          for (const [k, msg] of Object.entries(e.body.error.fields)) {
            const key = k === 'share_answers' ? 'consent' : k;
            if (!errs[key]) continue;
            errs[key].textContent = msg;
            errs[key].hidden = false;
            if (fields[key]) fields[key].setAttribute('aria-invalid', 'true');
            first = first || (fields[key] || (key === 'consent' ? consent : form.querySelector('input[name="slot"]')));
          }
          summary.textContent = t('form.errors');
          summary.hidden = false;
          if (first) first.focus();
        } else if (e.status === 409 && e.body && ['slot_full', 'slot_unavailable'].includes(e.body.error.code)) {
          await referralForm(box, ref, t('form.slotfull'), { ...body, slot: '' });
        } else {
          summary.textContent = errorText(e);
          summary.hidden = false;
          summary.setAttribute('tabindex', '-1');
          summary.focus();
        }
      }
    } },
    summary,
    slotSet,
    h('fieldset', { class: 'question' }, h('legend', {}, t('form.title')), h('p', { class: 'help' }, t('form.intro')),
      input('company', 'text', 'organization', { attrs: { maxlength: '200' } }),
      input('contact_name', 'text', 'name', { attrs: { maxlength: '200' } }),
      input('email', 'email', 'email', { attrs: { maxlength: '254' } }),
      input('phone', 'tel', 'tel', { attrs: { maxlength: '20' } }),
      input('postcode', 'text', 'postal-code', { hint: t('form.postcode.hint'), attrs: { maxlength: '7', class: 'short', value: keep.postcode === undefined ? pc : undefined } })),
    h('div', { class: 'option' }, share, h('label', { for: 'f-share' }, t('form.share'))),
    h('fieldset', { class: 'question consent' }, h('legend', {}, t('form.consent.title')),
      h('p', { id: 'consent-text' }, ref.consent.text), errs.consent,
      h('div', { class: 'option' }, consent, h('label', { for: 'f-consent' }, t('form.consent')))));
    const submit = h('button', { type: 'submit' }, t('form.submit'));
    form.append(h('p', {}, submit));
    box.replaceChildren(form);
    if (notice) summary.focus({ preventScroll: false });
    else fields.company.focus();
  }

  function confirmView() {
    const c = st.confirmation;
    const slot = c.slot ? `${ZT.fmtDateTime(c.slot.start)}, ${c.slot.minutes} min, ${c.slot.place === 'on-site' ? t('slots.onsite') : c.slot.place}` : null;
    const withdraw = new URL(c.withdraw_page, location.origin).href;
    view(t('confirm.title'),
      h('div', { class: 'notice ok', role: 'status' }, t('confirm.lead', { network: c.network.name })),
      h('h2', {}, t('confirm.next')),
      h('ol', {}, t('confirm.steps').split('|').map((x) => h('li', {}, x))),
      h('p', {}, slot ? t('confirm.slot', { slot }) : t('confirm.noslot')),
      h('p', {}, t('offer.contact', { email: c.network.contact.email, phone: c.network.contact.phone })),
      h('div', { class: 'card' }, h('p', {}, t('confirm.withdraw')), h('p', { class: 'break' }, h('a', { href: withdraw }, withdraw))),
      h('p', {}, t('confirm.keep')),
      h('p', { class: 'no-print actions' }, h('button', { type: 'button', onclick: () => window.print() }, t('print')), ' ',
        h('button', { type: 'button', class: 'secondary', onclick: () => resultView() }, t('confirm.back'))));
  }

  // ---------- boot ----------
  function render() {
    document.documentElement.lang = ZT.lang;
    if (st.confirmation) confirmView();
    else if (st.result) resultView();
    else if (st.step >= 1 && st.q) go(st.step);
    else startView();
  }

  (async () => {
    main.replaceChildren(h('p', {}, t('loading')));
    await setupEmbed();
    const fromHash = /^#s=([A-Za-z0-9_-]{22})$/.exec(location.hash);
    const token = fromHash ? fromHash[1] : ZT.store.get('localStorage', TOKEN_KEY);
    try {
      await loadQuestionnaire();
    } catch (e) {
      view(t('start.title'), h('div', { class: 'notice error', role: 'alert' }, errorText(e)));
      return;
    }
    if (token && /^[A-Za-z0-9_-]{22}$/.test(token)) await resumeWith(token);
    else startView();
  })();
})();
