/* zelftest.js — the self-test for business owners: start, one step per
 * basic principle, a step about the business, the result with chart and
 * advice, and the offer of a student-run scan.  Every answer is saved at
 * once, so a reload or the resume link continues where the owner was.
 * Also runs embedded in a campaign's page (/embed/{campaign}). */
'use strict';
(() => {
  const { h, s, t, api } = ZT;
  const main = document.getElementById('main');
  const TOKEN_KEY = 'zelftest.session';
  const STEPS = 6;
  // The promise on the start page: what tests/browser/duration.test.js measures for the whole
  // test (a reader at 200 words a minute, 2 s a click), in whole minutes rounded up.
  const MINUTES = 5;

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
        } catch {
          /* not a URL: ignored */
        }
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
      // the session follows the page's language, so mail and a resume link speak it too
      if (st.token) await api('PUT', `/api/v1/sessions/${st.token}/lang`, { body: { lang: ZT.lang } }).catch(() => {});
      await loadQuestionnaire();
      if (st.result) st.result = await api('GET', `/api/v1/sessions/${st.token}/result?lang=${ZT.lang}`);
      if (st.confirmation) st.confirmation = st.result && st.result.referral && st.result.referral.requested;
      render();
    });
    ZT.referral.footer(st);
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

  // ---------- declining a re-test invitation ----------
  function declineView(key) {
    const msg = h('div', { 'aria-live': 'polite' });
    const button = h(
      'button',
      {
        type: 'button',
        onclick: async () => {
          button.disabled = true;
          try {
            await api('DELETE', `/api/v1/retests/${key}`);
            msg.replaceChildren(h('div', { class: 'notice ok', role: 'status' }, t('decline.done')));
          } catch (e) {
            button.disabled = false;
            msg.replaceChildren(
              h('div', { class: 'notice error', role: 'alert' }, e.status === 404 ? e.message : errorText(e)),
            );
          }
        },
      },
      t('decline.button'),
    );
    view(t('decline.title'), h('p', {}, t('decline.text')), h('p', {}, button), msg);
  }

  // ---------- start ----------
  function startView(message) {
    const code = h('input', {
      id: 'code',
      name: 'code',
      type: 'text',
      autocomplete: 'off',
      spellcheck: 'false',
      inputmode: 'text',
      'aria-describedby': 'code-hint',
    });
    const codeErr = h('p', { id: 'code-error', class: 'error-text', hidden: true });
    const resume = h(
      'details',
      { class: 'card resume-start' },
      h('summary', {}, t('start.resume')),
      h(
        'form',
        {
          novalidate: true,
          onsubmit: async (ev) => {
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
          },
        },
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'code' }, t('start.code')),
          h('span', { id: 'code-hint', class: 'hint' }, t('start.code.hint')),
          codeErr,
          code,
        ),
        h('button', { type: 'submit', class: 'secondary' }, t('start.code.button')),
      ),
    );
    view(
      t('start.title'),
      message ? h('div', { class: 'notice', role: 'status' }, message) : null,
      h('p', { class: 'lead' }, t('start.lead', { minutes: MINUTES })),
      h(
        'ul',
        { class: 'checks' },
        t('start.points', { n: st.q ? st.q.total : 20 })
          .split('|')
          .map((x) => h('li', {}, x)),
      ),
      h('p', {}, h('button', { type: 'button', class: 'big', onclick: start }, t('start.button'))),
      resume,
    );
  }

  async function start() {
    try {
      const body = embed.campaign ? { lang: ZT.lang, campaign: embed.campaign } : { lang: ZT.lang };
      if (st.retest) body.retest = st.retest;
      let r;
      try {
        r = await api('POST', '/api/v1/sessions', { body });
      } catch (e) {
        if (e.status !== 404 || !st.retest) throw e;
        // the invitation expired or was used: the plain test, and say so
        st.retest = null;
        startView(e.message);
        return;
      }
      st.retest = null;
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
      // a resume link opened elsewhere speaks the session's language, unless ?lang says otherwise
      if (!params.get('lang') && sess.lang !== ZT.lang) ZT.setLang(sess.lang);
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
        if (e.status === 404) {
          forget();
          startView(t('start.expired'));
          return 'gone';
        }
        if (e.status === 422) return e.message;
        if ((e.status === 503 || e.status === 0) && attempt < 2) {
          await new Promise((r) => setTimeout(r, 800));
          continue;
        }
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

  // The explanation of a question, folded: only who wants it reads it.
  function helpBox(q) {
    if (!q.help) return null;
    return h(
      'details',
      { class: 'help-box' },
      h('summary', {}, t('help.show')),
      h('p', { class: 'help', id: `help-${q.id}` }, q.help),
    );
  }

  function choiceQuestion(q, idx) {
    const helpId = q.help ? `help-${q.id}` : null;
    const errId = `err-${q.id}`;
    const current = st.answers[q.id];
    const multi = q.type === 'multi';
    const options = q.options.map((o) => {
      const id = `${q.id}-${o.id}`;
      const checked = multi ? Array.isArray(current) && current.includes(o.id) : current === o.id;
      const input = h('input', {
        type: multi ? 'checkbox' : 'radio',
        name: q.id,
        id,
        value: o.id,
        checked,
        onchange: async () => {
          let body;
          if (multi) {
            const boxes = [...document.querySelectorAll(`input[name="${q.id}"]`)];
            if (o.exclusive && input.checked)
              boxes.forEach((b) => {
                if (b !== input) b.checked = false;
              });
            else if (!o.exclusive && input.checked)
              boxes.forEach((b) => {
                if (q.options.find((x) => x.id === b.value).exclusive) b.checked = false;
              });
            const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
            if (!chosen.length) {
              delete st.answers[q.id];
              return;
            }
            body = { options: chosen };
          } else body = { option: o.id };
          const err = await save(q, body);
          if (err !== 'gone') showFieldError(q, err);
        },
      });
      return h('div', { class: 'option' }, input, h('label', { for: id }, o.label));
    });
    return h(
      'fieldset',
      { class: 'question', id: `q-${q.id}`, 'aria-describedby': helpId ? `${helpId} ${errId}` : errId },
      h('legend', {}, h('span', { class: 'qnum' }, `${idx}. `), q.text),
      helpBox(q),
      h('p', { class: 'error-text', id: errId, hidden: true }),
      h('div', { class: 'options' }, options),
    );
  }

  function postcodeQuestion(q, idx) {
    const current = st.answers[q.id];
    const declined = Object.prototype.hasOwnProperty.call(st.answers, q.id) && current === null;
    const input = h('input', {
      id: 'postcode',
      name: 'postcode',
      type: 'text',
      inputmode: 'text',
      autocomplete: 'postal-code',
      maxlength: '7',
      class: 'short',
      'aria-describedby': `hint-postcode err-${q.id}`,
      disabled: declined,
    });
    input.value = typeof current === 'string' ? current : '';
    const skip = h('input', {
      type: 'checkbox',
      id: 'postcode-skip',
      checked: declined,
      onchange: async () => {
        input.disabled = skip.checked;
        if (skip.checked) {
          input.value = '';
          showFieldError(q, await save(q, { value: null }));
        } else {
          delete st.answers[q.id];
          input.focus();
        }
      },
    });
    input.addEventListener('change', async () => {
      const v = input.value.trim();
      if (!v) {
        delete st.answers[q.id];
        return;
      }
      const err = await save(q, { value: v });
      if (err === 'gone') return;
      if (err) delete st.answers[q.id];
      showFieldError(q, err ? t('postcode.bad') : null);
    });
    return h(
      'fieldset',
      {
        class: 'question',
        id: `q-${q.id}`,
        'aria-describedby': q.help ? `help-${q.id} err-${q.id}` : `err-${q.id}`,
      },
      h('legend', {}, h('span', { class: 'qnum' }, `${idx}. `), q.text),
      helpBox(q),
      h('p', { class: 'error-text', id: `err-${q.id}`, hidden: true }),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'postcode' }, t('postcode.label')),
        h('span', { class: 'hint', id: 'hint-postcode' }, t('postcode.hint')),
        input,
      ),
      h('div', { class: 'option' }, skip, h('label', { for: 'postcode-skip' }, t('postcode.skip'))),
    );
  }

  function progress(n) {
    const bar = h('div', { class: 'progress', 'aria-hidden': 'true' }, h('div', { class: 'progress-done' }));
    bar.firstChild.style.width = `${Math.round(((n - 1) / STEPS) * 100)}%`;
    return h(
      'div',
      { class: 'progress-wrap' },
      h('p', { class: 'progress-text' }, t('step.progress', { n, total: STEPS })),
      bar,
    );
  }

  function resumeBox() {
    const link = resumeLink();
    const field = h('input', { id: 'resume-link', type: 'text', readonly: true, value: link, class: 'resume-input' });
    const status = h('span', { class: 'copied', role: 'status' });
    return h(
      'details',
      { class: 'card resume no-print' },
      h('summary', {}, t('resume.title')),
      h('p', {}, t('resume.text')),
      h('label', { for: 'resume-link' }, t('resume.label')),
      field,
      h(
        'p',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: async () => {
              try {
                await navigator.clipboard.writeText(link);
              } catch {
                field.select();
                document.execCommand && document.execCommand('copy');
              }
              status.textContent = t('resume.copied');
            },
          },
          t('resume.copy'),
        ),
        ' ',
        status,
      ),
    );
  }

  function go(step) {
    st.step = step;
    if (step < 1) {
      startView();
      return;
    }
    const isProfile = step === STEPS;
    const principle = isProfile ? null : principleSteps()[step - 1];
    const title = isProfile ? t('step.profile') : `${principle.plain_title} — ${principle.title}`;
    const intro = isProfile ? t('step.profile.intro') : principle.intro;
    const qs = stepQuestions(step);
    const offset =
      step === 1
        ? 0
        : principleSteps()
            .slice(0, Math.min(step - 1, 5))
            .reduce((n, p) => n + p.questions.length, 0);
    const summary = h(
      'div',
      { class: 'notice error', role: 'alert', id: 'step-errors', hidden: true },
      t('error.summary'),
    );
    const form = h(
      'form',
      {
        novalidate: true,
        onsubmit: async (ev) => {
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
          qs.forEach((q) => {
            if (!missing.includes(q) && !document.getElementById(`err-${q.id}`).hidden && q.type !== 'postcode')
              showFieldError(q, null);
          });
          if (missing.length) {
            missing.forEach((q) => showFieldError(q, q.type === 'postcode' ? t('postcode.bad') : t('error.pick')));
            summary.hidden = false;
            const first = document.querySelector(`#q-${missing[0].id} input:not([disabled])`);
            if (first) first.focus();
            return;
          }
          if (step < STEPS) go(step + 1);
          else await showResult();
        },
      },
      summary,
      qs.map((q, i) =>
        q.type === 'postcode' ? postcodeQuestion(q, offset + i + 1) : choiceQuestion(q, offset + i + 1),
      ),
      h(
        'div',
        { class: 'nav-buttons' },
        h('button', { type: 'button', class: 'secondary', onclick: () => go(step - 1) }, t('back')),
        h('button', { type: 'submit' }, step < STEPS ? t('next') : t('finish')),
      ),
    );
    const h1 = isProfile ? title : [principle.plain_title, h('span', { class: 'dtc' }, ` — ${principle.title}`)];
    view(h1, progress(step), h('p', { class: 'lead' }, intro), form, resumeBox());
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
      if (e.status === 404) {
        forget();
        startView(t('start.expired'));
        return;
      }
      view(t('result.title'), h('div', { class: 'notice error', role: 'alert' }, errorText(e)));
      return;
    }
    resultView();
  }

  const icon = (level) =>
    s(
      'svg',
      { viewBox: '0 0 24 24', width: 32, height: 32, 'aria-hidden': 'true', focusable: 'false', class: 'level-icon' },
      level === 'low'
        ? s('path', { d: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z', fill: 'currentColor' })
        : s('path', { d: 'M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z', fill: 'currentColor' }),
    );

  const principleName = (p) => `${p.plain_title} — ${p.title}`;

  // One row per principle: its name and score as text, the bar as a small inline SVG,
  // so the labels wrap on a phone and the figures are read out as text.
  function chart(r) {
    const rows = r.principles.map((p) =>
      h(
        'li',
        { class: `score-row level-${p.level}` },
        h('span', { class: 'score-name' }, principleName(p)),
        h(
          'span',
          { class: 'score-value' },
          h('span', { class: 'visually-hidden' }, `${t(`level.${p.level}`)}, `),
          `${p.score}`,
          h('span', { class: 'visually-hidden' }, ' / 100'),
        ),
        s(
          'svg',
          {
            class: 'score-bar',
            viewBox: '0 0 100 8',
            preserveAspectRatio: 'none',
            'aria-hidden': 'true',
            focusable: 'false',
          },
          s('rect', { x: 0, y: 0, width: 100, height: 8, class: 'track' }),
          s('rect', { x: 0, y: 0, width: Math.max(0.5, p.score), height: 8, class: `bar level-${p.level}` }),
        ),
      ),
    );
    return h(
      'figure',
      { class: 'chart-box', 'aria-labelledby': 'chart-title' },
      h(
        'figcaption',
        {},
        h('h2', { class: 'h3', id: 'chart-title' }, t('chart.title')),
        h('p', { class: 'hint', id: 'chart-desc' }, t('chart.desc')),
      ),
      h('ul', { class: 'score-list' }, rows),
    );
  }

  // The headline follows the level and the bars; at high, it points at the scan when there is one.
  function headline(r, offer) {
    if (r.level === 'high') return t(offer ? 'level.high.text.scan' : 'level.high.text');
    if (r.level === 'medium') return t('level.medium.text');
    return t(r.principles.some((p) => p.level !== 'low') ? 'level.low.text.one' : 'level.low.text');
  }

  function banner(r, offer) {
    const raised = r.urgency_raised_by
      ? h('p', {}, t(`urgency.raised.${r.urgency_raised_by}`, { model: r.urgency_model, n: r.urgency }))
      : null;
    return h(
      'section',
      { class: `level-banner level-${r.level}`, 'aria-labelledby': 'level-h' },
      h('h2', { id: 'level-h' }, icon(r.level), ' ', t(`level.${r.level}`)),
      h('p', { class: 'urgency' }, t('urgency', { n: r.urgency })),
      h('p', {}, headline(r, offer)),
      raised,
      h('p', { class: 'hint explain' }, t('urgency.explain')),
    );
  }

  // "Sort these out first": the action for each critical answer, the answer itself below it.
  function criticalBox(r) {
    if (!r.critical.length) return null;
    return h(
      'section',
      { class: 'card critical', 'aria-labelledby': 'crit-h' },
      h('h2', { id: 'crit-h' }, t('critical.title')),
      h(
        'ul',
        {},
        r.critical.map((c) =>
          h(
            'li',
            {},
            h('strong', {}, c.step || c.text),
            h('br'),
            h('span', { class: 'hint' }, t('critical.answer', { question: c.text, answer: c.answer })),
          ),
        ),
      ),
    );
  }

  const points = (n) => t(n === 1 ? 'points.one' : 'points.many', { n });

  // Per principle: why this score (the points it is made of), the steps that follow from the
  // answers with the points each would win, and at level low one step to keep it up.
  function adviceCard(p) {
    const steps = p.improve
      .filter((i) => !i.ask)
      .map((i) =>
        h('li', {}, i.step, ' ', h('span', { class: 'win' }, t('advice.win', { points: points(i.points_lost) }))),
      );
    // "don't know" answers cost points too; their questions are on the list for the IT supplier
    const asks = p.improve.filter((i) => i.ask);
    const lost = asks.reduce((n, i) => n + i.points_lost, 0);
    return h(
      'article',
      { class: `card advice level-border-${p.level}` },
      h('h3', {}, principleName(p), ' ', h('span', { class: `badge level-${p.level}` }, t(`level.${p.level}`))),
      h(
        'p',
        { class: 'hint' },
        t('advice.score', { score: p.score, points: p.points, max: p.max_points }),
        ' ',
        t('advice.ncsc', { titles: p.ncsc_2024_titles.join(', ') }),
      ),
      steps.length ? h('ol', { class: 'steps' }, steps) : null,
      asks.length
        ? h(
            'p',
            { class: 'ask-note' },
            h('a', { href: '#ask-list' }, t(asks.length === 1 ? 'advice.asks.one' : 'advice.asks', { n: asks.length })),
            ' ',
            h('span', { class: 'win' }, t('advice.win', { points: points(lost) })),
          )
        : null,
      p.keep_up ? h('p', { class: 'keep-up' }, p.keep_up) : null,
    );
  }

  // The "don't know" answers as one printable list for the IT supplier.
  function askList(r) {
    if (!r.ask_it_supplier.length) return null;
    return h(
      'section',
      { class: 'card ask-list', id: 'ask-list', 'aria-labelledby': 'ask-h' },
      h('h2', { id: 'ask-h' }, t('ask.title')),
      h('p', {}, t('ask.text')),
      h(
        'ol',
        {},
        r.ask_it_supplier.map((a) => h('li', {}, a.text)),
      ),
      h(
        'p',
        { class: 'no-print' },
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () => {
              document.body.dataset.print = 'ask';
              window.addEventListener('afterprint', () => delete document.body.dataset.print, { once: true });
              window.print();
            },
          },
          t('ask.print'),
        ),
      ),
    );
  }

  // a re-test: what changed per principle since the first test, in words and as a table
  function retestBox(r) {
    if (!r.retest) return null;
    const rows = r.retest.principles.map((p) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, p.title),
        h('td', { class: 'num' }, String(p.before)),
        h('td', { class: 'num' }, String(p.after)),
        h(
          'td',
          { class: `num change ${p.change > 0 ? 'up' : p.change < 0 ? 'down' : 'same'}` },
          // short enough for a phone: "+50"; the words for a screen reader
          h('span', { 'aria-hidden': 'true' }, p.change > 0 ? `+${p.change}` : p.change < 0 ? `−${-p.change}` : '0'),
          h(
            'span',
            { class: 'visually-hidden' },
            p.change > 0
              ? t('retest.up', { n: p.change })
              : p.change < 0
                ? t('retest.down', { n: -p.change })
                : t('retest.same'),
          ),
        ),
      ),
    );
    return h(
      'section',
      { class: 'card retest', 'aria-labelledby': 'rt-h' },
      h('h2', { id: 'rt-h' }, t('retest.title')),
      h('p', {}, t('retest.lead', { network: r.retest.network })),
      h(
        'table',
        {},
        h('caption', { class: 'visually-hidden' }, t('retest.title')),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('retest.col.principle')),
            h('th', { scope: 'col', class: 'num' }, t('retest.col.before')),
            h('th', { scope: 'col', class: 'num' }, t('retest.col.after')),
            h('th', { scope: 'col', class: 'num' }, t('retest.col.change')),
          ),
        ),
        h('tbody', {}, rows),
      ),
    );
  }

  function resultView() {
    const r = st.result;
    const today = ZT.fmtDate(new Date().toISOString());
    const offer = ZT.referral.offer(r);
    const advice = h(
      'section',
      { 'aria-labelledby': 'adv-h' },
      h('h2', { id: 'adv-h' }, t('advice.title')),
      r.principles.map(adviceCard),
    );
    const actions = h(
      'p',
      { class: 'no-print actions' },
      h('button', { type: 'button', onclick: () => window.print() }, t('print')),
      ' ',
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => {
            if (window.confirm(t('restart.confirm'))) {
              forget();
              startView();
            }
          },
        },
        t('restart'),
      ),
      embed.returnUrl
        ? [
            ' ',
            h(
              'a',
              { class: 'button secondary', href: embed.returnUrl, target: '_top' },
              t('return.link', { name: embed.name }),
            ),
          ]
        : null,
    );
    // at high the scan comes first, directly under the headline; the self-help steps after it
    const high = r.level === 'high';
    view(
      t('result.title'),
      h('p', { class: 'hint' }, t('result.date', { date: today, version: r.questionnaire_version })),
      banner(r, Boolean(offer)),
      retestBox(r),
      high ? offer : null,
      criticalBox(r),
      chart(r),
      advice,
      askList(r),
      high ? null : offer,
      actions,
    );
    if (embed.parent) window.parent.postMessage({ type: 'zelftest:result', level: r.level }, embed.parent);
  }

  // ---------- boot ----------
  function render() {
    document.documentElement.lang = ZT.lang;
    if (st.confirmation) ZT.referral.confirmView();
    else if (st.result) resultView();
    else if (st.step >= 1 && st.q) go(st.step);
    else startView();
  }

  ZT.referral.init({ st, view, errorText, resultView });

  (async () => {
    main.replaceChildren(h('p', {}, t('loading')));
    await setupEmbed();
    const fromHash = /^#s=([A-Za-z0-9_-]{22})$/.exec(location.hash);
    // from the re-test invitation: a new test compared with the first; or declining it
    const retestHash = /^#retest=([A-Za-z0-9_-]{22})$/.exec(location.hash);
    const declineHash = /^#retest-decline=([A-Za-z0-9_-]{22})$/.exec(location.hash);
    if (retestHash || declineHash) history.replaceState(null, '', location.pathname + location.search);
    const token = fromHash ? fromHash[1] : retestHash || declineHash ? null : ZT.store.get('localStorage', TOKEN_KEY);
    try {
      await loadQuestionnaire();
    } catch (e) {
      view(t('start.title'), h('div', { class: 'notice error', role: 'alert' }, errorText(e)));
      return;
    }
    if (declineHash) declineView(declineHash[1]);
    else if (retestHash) {
      st.retest = retestHash[1];
      startView(t('retest.welcome'));
    } else if (token && /^[A-Za-z0-9_-]{22}$/.test(token)) await resumeWith(token);
    else startView();
  })();
})();
