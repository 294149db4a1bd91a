/* referral.js — the scan offer under a result, the form that books a scan
 * with a regional network, the request once it is in, and the confirmation.
 * The page (zelftest.js) hands over its state and views through `app`:
 *   app.st          the page state (token, answers, result, confirmation)
 *   app.view(title, ...content), app.errorText(e), app.resultView()
 */
'use strict';
ZT.referral = (() => {
  const { h, t, api } = ZT;
  let app;

  const tz = { timeZone: 'Europe/Amsterdam' };
  const locale = () => (ZT.lang === 'en' ? 'en-GB' : 'nl-NL');
  const fmt = (iso, opts) => new Date(iso).toLocaleString(locale(), { ...tz, ...opts });
  const dayText = (iso) => fmt(iso, { weekday: 'long', day: 'numeric', month: 'long' });
  const shortDay = (iso) => fmt(iso, { day: 'numeric', month: 'long' });
  const clock = (iso) => fmt(iso, { hour: '2-digit', minute: '2-digit' });
  const timeRange = (sl) => `${clock(sl.start)}–${clock(new Date(Date.parse(sl.start) + sl.minutes * 60000))}`;
  const place = (p) => (p === 'on-site' ? t('slots.onsite') : p);
  const price = (sc) => (sc.price_eur === 0 ? t('scan.free') : t('scan.eur', { n: sc.price_eur }));
  const telHref = (phone) => `tel:${phone.replace(/[^+0-9]/g, '')}`;

  // ISO week number and its Monday, in Amsterdam time
  function isoWeek(iso) {
    const parts = new Intl.DateTimeFormat('en-CA', { ...tz, year: 'numeric', month: '2-digit', day: '2-digit' })
      .format(new Date(iso))
      .split('-')
      .map(Number);
    const d = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    const dow = (d.getUTCDay() + 6) % 7;
    const monday = new Date(d.getTime() - dow * 86400000);
    const thursday = new Date(monday.getTime() + 3 * 86400000);
    const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
    const week = Math.floor((thursday.getTime() - jan1) / 86400000 / 7) + 1;
    return { key: `${thursday.getUTCFullYear()}-${week}`, week, monday };
  }

  function contactLine(n) {
    return h(
      'p',
      { class: 'contact-line' },
      h('a', { href: `mailto:${n.contact.email}` }, n.contact.email),
      ' · ',
      h('a', { href: telHref(n.contact.phone), class: 'nowrap' }, n.contact.phone),
    );
  }

  // The facts of one scan type an owner weighs before letting students in.
  function scanFacts(sc) {
    const ag = sc.agreement;
    return h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('scan.duration')),
      h('dd', {}, sc.duration),
      h('dt', {}, t('scan.price')),
      h('dd', {}, price(sc)),
      h('dt', {}, t('scan.prepare')),
      h('dd', {}, sc.prepare),
      h('dt', {}, t('scan.supervision')),
      h('dd', {}, sc.supervision),
      ag ? [h('dt', {}, t('scan.confidential')), h('dd', {}, ag.summary)] : null,
    );
  }

  // ---------- the request already made ----------
  function slotText(sl) {
    return `${dayText(sl.start)}, ${timeRange(sl)}, ${place(sl.place)}`;
  }

  function requestedDetails(req, withHeading) {
    const n = req.network;
    const days = n.contact_days || 5;
    const withdraw = new URL(req.withdraw_page, location.origin).href;
    return [
      withHeading ? h('h2', { id: 'offer-h' }, t('requested.title')) : null,
      withHeading ? h('p', {}, t('requested.lead', { network: n.name })) : null,
      req.scan ? h('p', {}, h('strong', {}, req.scan.name)) : null,
      h('p', {}, req.slot ? t('requested.slot', { slot: slotText(req.slot) }) : t('requested.noslot', { days })),
      h('p', {}, t('requested.status', { status: t(`status.${req.status}`) })),
      h(
        'p',
        { class: 'actions no-print' },
        req.calendar_url
          ? h('a', { class: 'button', href: req.calendar_url, download: 'cyberscan.ics' }, t('requested.calendar'))
          : null,
        h('a', { class: 'button secondary', href: withdraw }, t('requested.withdraw')),
      ),
      contactLine(n),
      h(
        'p',
        { class: 'hint' },
        t('requested.stored', {
          answers: req.share_answers ? t('requested.answers') : '',
          network: n.name,
          done: req.retention.done_days,
          max: req.retention.max_days,
        }),
      ),
    ];
  }

  function requestedFooter(req) {
    const footer = document.getElementById('footer-text');
    if (footer) footer.textContent = t('footer.requested', { network: req.network.name });
  }

  // ---------- the offer ----------
  function offer(r) {
    const ref = r.referral;
    if (!ref) return null;
    if (ref.requested) {
      requestedFooter(ref.requested);
      return h(
        'section',
        { class: 'card offer requested', id: 'referral', 'aria-labelledby': 'offer-h' },
        requestedDetails(ref.requested, true),
      );
    }
    const n = ref.network;
    const distance =
      n.distance_km === null
        ? ''
        : ` (${n.distance_km < 1 ? t('offer.near') : t('offer.distance', { km: n.distance_km })})`;
    const sec = h(
      'section',
      { class: `card offer${ref.offered ? ' offered' : ''} no-print`, id: 'referral', 'aria-labelledby': 'offer-h' },
      h('h2', { id: 'offer-h' }, t(ref.offered ? 'offer.title.high' : 'offer.title.other')),
      h('p', {}, t('offer.text')),
      h('p', {}, h('strong', {}, t('offer.network', { name: n.name })), distance),
      h('p', { class: 'reason' }, n.reason_text),
      ref.nearest.length
        ? [
            h('p', {}, t('offer.nearest')),
            h(
              'ul',
              {},
              ref.nearest.map((x) => h('li', {}, t('offer.nearest.item', { name: x.name, km: x.distance_km }))),
            ),
          ]
        : null,
      h('p', { class: 'hint' }, n.description),
      contactLine(n),
      ref.scans.length
        ? h(
            'div',
            { class: 'scans' },
            h('h3', {}, t('scan.what')),
            ref.scans.map((sc) =>
              h('div', { class: 'scan' }, h('h4', {}, sc.name), h('p', {}, sc.description), scanFacts(sc)),
            ),
          )
        : null,
    );
    const formBox = h('div', { id: 'referral-form-box' });
    let opened = false;
    const open = h(
      'button',
      {
        type: 'button',
        'aria-expanded': 'false',
        'aria-controls': 'referral-form-box',
        onclick: () => {
          // the form is made once: pressing again never empties what was typed
          if (!opened) {
            opened = true;
            referralForm(formBox, ref);
          }
          open.setAttribute('aria-expanded', 'true');
          open.textContent = t('offer.toggle.open');
          open.disabled = true;
          const first = formBox.querySelector('fieldset legend');
          if (first) first.scrollIntoView({ block: 'start' });
        },
      },
      t('offer.toggle'),
    );
    sec.append(h('p', {}, open), formBox);
    return sec;
  }

  // ---------- the form ----------
  function referralForm(box, ref) {
    const days = ref.network.contact_days || 5;
    const scans = ref.scans;
    let slots = null; // all the network's free slots, once loaded
    const fields = {};
    const errs = {};
    const errorP = (name) => {
      errs[name] = h('p', { id: `e-${name}`, class: 'error-text', hidden: true });
      return errs[name];
    };
    const input = (name, type, autocomplete, extra = {}) => {
      const el = h('input', {
        id: `f-${name}`,
        name,
        type,
        autocomplete,
        'aria-describedby': `e-${name}${extra.hint ? ` h-${name}` : ''}`,
        ...extra.attrs,
      });
      fields[name] = el;
      return h(
        'div',
        { class: 'field' },
        h('label', { for: `f-${name}` }, t(`form.${name}`)),
        extra.hint ? h('span', { class: 'hint', id: `h-${name}` }, extra.hint) : null,
        errorP(name),
        el,
      );
    };

    // the scan type: chosen here when the network runs more than one
    const chosenScan = () => {
      if (scans.length === 1) return scans[0];
      const c = box.querySelector('input[name="scan"]:checked');
      return c ? scans.find((s) => s.id === c.value) : null;
    };
    const scanSet =
      scans.length > 1
        ? h(
            'fieldset',
            { class: 'question', 'aria-describedby': 'e-scan' },
            h('legend', {}, t('scan.choose')),
            errorP('scan'),
            h(
              'div',
              { class: 'options' },
              scans.map((sc) =>
                h(
                  'div',
                  { class: 'option' },
                  h('input', {
                    type: 'radio',
                    name: 'scan',
                    id: `scan-${sc.id}`,
                    value: sc.id,
                    onchange: () => update(),
                  }),
                  h('label', { for: `scan-${sc.id}` }, h('strong', {}, sc.name), ` · ${sc.duration} · ${price(sc)}`),
                ),
              ),
            ),
          )
        : null;

    // the slot picker: the chosen scan type's free times, by week, and "contact me"
    const slotBox = h('div', { class: 'slot-weeks' });
    const slotNotice = h('div', { class: 'notice', role: 'status', hidden: true });
    const slotSet = h(
      'fieldset',
      { class: 'question slots', 'aria-describedby': 'e-slot slots-intro' },
      h('legend', {}, t('slots.title')),
      h('p', { class: 'help', id: 'slots-intro' }, t('slots.intro')),
      errorP('slot'),
      slotNotice,
      slotBox,
    );
    const slotRadio = (id, label, checked, extra) =>
      h(
        'div',
        { class: 'option' },
        h('input', {
          type: 'radio',
          name: 'slot',
          id: `slot-${id || 'contact'}`,
          value: id,
          checked,
          onchange: () => summarise(),
        }),
        h(
          'label',
          { for: `slot-${id || 'contact'}` },
          label,
          extra ? [h('br'), h('span', { class: 'hint' }, extra)] : null,
        ),
      );
    function renderSlots(keep) {
      const sc = chosenScan();
      const mine = sc && slots ? slots.filter((x) => x.scan === sc.id) : [];
      const groups = [];
      for (const sl of mine) {
        const w = isoWeek(sl.start);
        let g = groups.find((x) => x.key === w.key);
        if (!g) groups.push((g = { key: w.key, week: w.week, monday: w.monday, items: [] }));
        g.items.push(sl);
      }
      const weeks = groups.map((g) =>
        h(
          'div',
          { class: 'slot-week', role: 'group', 'aria-labelledby': `wk-${g.key}` },
          h(
            'h4',
            { id: `wk-${g.key}` },
            t('slots.week', {
              week: g.week,
              from: shortDay(g.monday.toISOString()),
              to: shortDay(new Date(g.monday.getTime() + 6 * 86400000).toISOString()),
            }),
          ),
          h(
            'div',
            { class: 'options' },
            g.items.map((sl) =>
              slotRadio(
                sl.id,
                [
                  h('strong', {}, dayText(sl.start)),
                  ' ',
                  h('span', { class: 'nowrap' }, timeRange(sl)),
                  ` · ${place(sl.place)}`,
                ],
                keep === sl.id,
                t(sl.remaining === 1 ? 'slots.free' : 'slots.free.many', { n: sl.remaining }),
              ),
            ),
          ),
        ),
      );
      const contact = slotRadio(
        '',
        mine.length ? t('slots.contact') : t('slots.contact.only'),
        !mine.some((x) => x.id === keep),
        t('slots.contact.hint', { days }),
      );
      slotBox.replaceChildren(
        ...[
          sc ? null : h('p', {}, t('slots.pickscan')),
          sc && !mine.length ? h('p', {}, t('slots.none')) : null,
          ...weeks,
          h('div', { class: 'options slot-contact' }, contact),
        ].filter(Boolean),
      );
      summarise();
    }
    async function loadSlots() {
      try {
        slots = (await api('GET', ref.slots_url)).slots;
      } catch {
        slots = [];
      }
    }

    // what the owner has chosen, said once more above the button
    const summary = h('p', { class: 'chosen', id: 'chosen', 'aria-live': 'polite' });
    function summarise() {
      const sc = chosenScan();
      const c = box.querySelector('input[name="slot"]:checked');
      const sl = c && c.value && slots ? slots.find((x) => x.id === c.value) : null;
      const name = sc ? sc.name : ref.network.name;
      summary.replaceChildren(
        h('strong', {}, `${t('chosen.label')}: `),
        !sc && scans.length
          ? t('chosen.none')
          : sl
            ? t('chosen.slot', { scan: name, date: dayText(sl.start), time: timeRange(sl), place: place(sl.place) })
            : t('chosen.contact', { scan: name, days }),
      );
    }

    // the agreement of the chosen scan type: short, the whole text behind a disclosure
    const agreement = h('input', {
      type: 'checkbox',
      id: 'f-agreement',
      'aria-describedby': 'agreement-summary e-agreement',
    });
    const agreementSet = h('fieldset', { class: 'question consent', hidden: true });
    function renderAgreement() {
      const sc = chosenScan();
      const ag = sc && sc.agreement;
      agreementSet.hidden = !ag;
      if (!ag) return;
      agreementSet.replaceChildren(
        h('legend', {}, ag.title),
        h('p', { id: 'agreement-summary' }, ag.summary),
        h('details', {}, h('summary', {}, t('form.agreement.more')), h('p', { class: 'agreement-text' }, ag.text)),
        errorP('agreement'),
        h('div', { class: 'option' }, agreement, h('label', { for: 'f-agreement' }, t('form.agreement.accept'))),
      );
    }
    function update() {
      renderSlots('');
      renderAgreement();
    }

    const share = h('input', { type: 'checkbox', id: 'f-share' }); // opt-in: never ticked for them
    // the re-test invitation after the scan: opt-in too
    const retest = h('input', { type: 'checkbox', id: 'f-retest', 'aria-describedby': 'f-retest-hint' });
    const consent = h('input', { type: 'checkbox', id: 'f-consent', 'aria-describedby': 'consent-summary e-consent' });
    const alertBox = h('div', { class: 'notice error', role: 'alert', hidden: true }, t('form.errors'));
    const pc = typeof app.st.answers.postcode === 'string' ? app.st.answers.postcode : '';
    const submit = h('button', { type: 'submit' }, t('form.submit'));

    function showErrors(map) {
      let first = null;
      for (const [k, msg] of Object.entries(map)) {
        const key = k === 'share_answers' ? 'consent' : k;
        if (!errs[key]) continue;
        errs[key].textContent = msg;
        errs[key].hidden = false;
        if (fields[key]) fields[key].setAttribute('aria-invalid', 'true');
        const target =
          fields[key] ||
          (key === 'consent'
            ? consent
            : key === 'agreement'
              ? agreement
              : box.querySelector(`input[name="${key === 'scan' ? 'scan' : 'slot'}"]`));
        first = first || target;
      }
      alertBox.textContent = t('form.errors');
      alertBox.hidden = false;
      if (first) first.focus();
    }

    const form = h(
      'form',
      {
        novalidate: true,
        onsubmit: async (ev) => {
          ev.preventDefault();
          Object.values(errs).forEach((e) => {
            e.hidden = true;
          });
          Object.values(fields).forEach((f) => f.removeAttribute('aria-invalid'));
          alertBox.hidden = true;
          const sc = chosenScan();
          if (scans.length && !sc) {
            showErrors({ scan: t('form.pick.scan') });
            return;
          }
          const chosen = box.querySelector('input[name="slot"]:checked');
          const body = {
            company: fields.company.value.trim(),
            contact_name: fields.contact_name.value.trim(),
            email: fields.email.value.trim(),
            phone: fields.phone.value.trim(),
            postcode: fields.postcode.value.trim(),
            consent: consent.checked,
            share_answers: share.checked,
            retest: retest.checked,
          };
          if (sc) body.scan = sc.id;
          if (sc && sc.agreement && agreement.checked) body.agreement = sc.agreement.version;
          if (chosen && chosen.value) body.slot = chosen.value;
          submit.disabled = true;
          try {
            app.st.confirmation = await api('POST', `/api/v1/sessions/${app.st.token}/referral?lang=${ZT.lang}`, {
              body,
            });
            if (app.st.result && app.st.result.referral) app.st.result.referral.requested = app.st.confirmation;
            confirmView();
          } catch (e) {
            submit.disabled = false;
            if (e.status === 422 && e.body && e.body.error.fields) showErrors(e.body.error.fields);
            else if (e.status === 409 && e.body && ['slot_full', 'slot_unavailable'].includes(e.body.error.code)) {
              // everything typed stays; the times are fetched again and the owner picks another
              await loadSlots();
              renderSlots('');
              slotNotice.textContent = t('slots.filled');
              slotNotice.hidden = false;
              const firstSlot = slotBox.querySelector('input[name="slot"]');
              if (firstSlot) firstSlot.focus();
            } else {
              alertBox.textContent = app.errorText(e);
              alertBox.hidden = false;
              alertBox.setAttribute('tabindex', '-1');
              alertBox.focus();
            }
          }
        },
      },
      alertBox,
      scanSet,
      slotSet,
      h(
        'fieldset',
        { class: 'question' },
        h('legend', {}, t('form.title')),
        h('p', { class: 'help' }, t('form.intro')),
        input('company', 'text', 'organization', { attrs: { maxlength: '200' } }),
        input('contact_name', 'text', 'name', { attrs: { maxlength: '200' } }),
        input('email', 'email', 'email', { attrs: { maxlength: '254' } }),
        input('phone', 'tel', 'tel', { attrs: { maxlength: '20' } }),
        input('postcode', 'text', 'postal-code', {
          hint: t('form.postcode.hint'),
          attrs: { maxlength: '7', class: 'short', value: pc },
        }),
      ),
      h('div', { class: 'option' }, share, h('label', { for: 'f-share' }, t('form.share'))),
      h(
        'div',
        { class: 'option' },
        retest,
        // label and hint together take the row beside the box
        h(
          'div',
          { class: 'option-text' },
          h('label', { for: 'f-retest' }, t('form.retest')),
          h('p', { class: 'hint', id: 'f-retest-hint' }, t('form.retest.hint')),
        ),
      ),
      agreementSet,
      h(
        'fieldset',
        { class: 'question consent' },
        h('legend', {}, t('form.consent.title')),
        h('p', { id: 'consent-summary' }, ref.consent.summary),
        h('details', {}, h('summary', {}, t('form.consent.more')), h('p', {}, ref.consent.text)),
        errorP('consent'),
        h('div', { class: 'option' }, consent, h('label', { for: 'f-consent' }, t('form.consent'))),
      ),
      summary,
      h('p', {}, submit),
    );
    box.replaceChildren(form);
    renderAgreement();
    renderSlots('');
    loadSlots().then(() => {
      renderSlots('');
      // the owner starts at the first choice to make, not at a text field further down
      const first = box.querySelector('input[name="scan"], input[name="slot"]');
      if (first) first.focus();
    });
  }

  // ---------- the confirmation ----------
  function confirmView() {
    const c = app.st.confirmation;
    requestedFooter(c);
    app.view(
      t('confirm.title'),
      h('div', { class: 'notice ok', role: 'status' }, t('requested.lead', { network: c.network.name })),
      h('h2', {}, t('confirm.next')),
      h(
        'ol',
        {},
        t('confirm.steps')
          .split('|')
          .map((x) => h('li', {}, x)),
      ),
      h('div', { class: 'card' }, requestedDetails(c, false)),
      c.mailed ? h('p', {}, t(c.slot ? 'confirm.mailed.slot' : 'confirm.mailed')) : null,
      h('p', {}, t('confirm.keep')),
      h(
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
              app.st.confirmation = null;
              app.resultView();
            },
          },
          t('confirm.back'),
        ),
      ),
    );
    requestedFooter(c);
  }

  // The footer says what is stored once a request is in (the page calls this after each view).
  function footer(st) {
    const req = st.confirmation || (st.result && st.result.referral && st.result.referral.requested);
    if (req) requestedFooter(req);
  }

  return {
    init: (a) => {
      app = a;
    },
    offer,
    confirmView,
    footer,
  };
})();
