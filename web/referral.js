/* referral.js — the scan offer under a result, the form that books a scan
 * with a regional network, and the confirmation.  The page (zelftest.js)
 * hands over its state and views through `app`:
 *   app.st          the page state (token, answers, result, confirmation)
 *   app.view(title, ...content), app.errorText(e), app.resultView()
 */
'use strict';
ZT.referral = (() => {
  const { h, t, api } = ZT;
  let app;

  function offer(r) {
    const ref = r.referral;
    if (!ref) return null;
    const n = ref.network;
    const sec = h(
      'section',
      { class: `card offer${ref.offered ? ' offered' : ''} no-print`, id: 'referral', 'aria-labelledby': 'offer-h' },
      h('h2', { id: 'offer-h' }, t(ref.offered ? 'offer.title.high' : 'offer.title.other')),
      h('p', {}, t('offer.text')),
      h(
        'p',
        {},
        h('strong', {}, t('offer.network', { name: n.name })),
        n.distance_km === null
          ? ''
          : ` (${n.distance_km < 1 ? t('offer.near') : t('offer.distance', { km: n.distance_km })})`,
      ),
      h('p', { class: 'hint' }, n.description),
    );
    const formBox = h('div', {});
    const open = h(
      'button',
      {
        type: 'button',
        'aria-expanded': 'false',
        'aria-controls': 'referral-form-box',
        onclick: async () => {
          open.setAttribute('aria-expanded', 'true');
          open.hidden = true;
          await referralForm(formBox, ref);
        },
      },
      t('offer.toggle'),
    );
    formBox.id = 'referral-form-box';
    sec.append(h('p', {}, open), formBox);
    return sec;
  }

  async function referralForm(box, ref, notice, keep = {}) {
    let slots = [];
    try {
      slots = (await api('GET', ref.slots_url)).slots;
    } catch {
      slots = [];
    }
    const fields = {};
    const errs = {};
    const input = (name, type, autocomplete, extra = {}) => {
      const el = h('input', {
        id: `f-${name}`,
        name,
        type,
        autocomplete,
        'aria-describedby': `e-${name}${extra.hint ? ` h-${name}` : ''}`,
        ...extra.attrs,
      });
      if (keep[name] !== undefined) el.value = keep[name];
      fields[name] = el;
      errs[name] = h('p', { id: `e-${name}`, class: 'error-text', hidden: true });
      return h(
        'div',
        { class: 'field' },
        h('label', { for: `f-${name}` }, t(`form.${name}`)),
        extra.hint ? h('span', { class: 'hint', id: `h-${name}` }, extra.hint) : null,
        errs[name],
        el,
      );
    };
    const pc = typeof app.st.answers.postcode === 'string' ? app.st.answers.postcode : '';
    const slotInputs = slots.map((sl) =>
      h(
        'div',
        { class: 'option' },
        h('input', { type: 'radio', name: 'slot', id: `slot-${sl.id}`, value: sl.id, checked: keep.slot === sl.id }),
        h(
          'label',
          { for: `slot-${sl.id}` },
          t('slots.item', {
            date: ZT.fmtDateTime(sl.start),
            minutes: sl.minutes,
            place: sl.place === 'on-site' ? t('slots.onsite') : sl.place,
            n: sl.remaining,
          }),
        ),
      ),
    );
    errs.slot = h('p', { id: 'e-slot', class: 'error-text', hidden: true });
    const slotSet = h(
      'fieldset',
      { class: 'question', 'aria-describedby': 'e-slot' },
      h('legend', {}, t('slots.title')),
      errs.slot,
      slots.length ? null : h('p', {}, t('slots.none')),
      h(
        'div',
        { class: 'options' },
        slotInputs,
        h(
          'div',
          { class: 'option' },
          h('input', {
            type: 'radio',
            name: 'slot',
            id: 'slot-none',
            value: '',
            checked: !keep.slot || !slots.some((x) => x.id === keep.slot),
          }),
          h('label', { for: 'slot-none' }, t('slots.later')),
        ),
      ),
    );
    const share = h('input', { type: 'checkbox', id: 'f-share', checked: keep.share_answers !== false });
    const consent = h('input', { type: 'checkbox', id: 'f-consent', 'aria-describedby': 'consent-text e-consent' });
    errs.consent = h('p', { id: 'e-consent', class: 'error-text', hidden: true });
    const summary = h('div', { class: 'notice error', role: 'alert', hidden: !notice }, notice || t('form.errors'));
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
          const chosen = form.querySelector('input[name="slot"]:checked');
          const body = {
            company: fields.company.value.trim(),
            contact_name: fields.contact_name.value.trim(),
            email: fields.email.value.trim(),
            phone: fields.phone.value.trim(),
            postcode: fields.postcode.value.trim(),
            consent: consent.checked,
            share_answers: share.checked,
          };
          if (chosen && chosen.value) body.slot = chosen.value;
          submit.disabled = true;
          try {
            const res = await api('POST', `/api/v1/sessions/${app.st.token}/referral?lang=${ZT.lang}`, { body });
            app.st.confirmation = res;
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
                first =
                  first || fields[key] || (key === 'consent' ? consent : form.querySelector('input[name="slot"]'));
              }
              summary.textContent = t('form.errors');
              summary.hidden = false;
              if (first) first.focus();
            } else if (e.status === 409 && e.body && ['slot_full', 'slot_unavailable'].includes(e.body.error.code)) {
              await referralForm(box, ref, t('form.slotfull'), { ...body, slot: '' });
            } else {
              summary.textContent = app.errorText(e);
              summary.hidden = false;
              summary.setAttribute('tabindex', '-1');
              summary.focus();
            }
          }
        },
      },
      summary,
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
          attrs: { maxlength: '7', class: 'short', value: keep.postcode === undefined ? pc : undefined },
        }),
      ),
      h('div', { class: 'option' }, share, h('label', { for: 'f-share' }, t('form.share'))),
      h(
        'fieldset',
        { class: 'question consent' },
        h('legend', {}, t('form.consent.title')),
        h('p', { id: 'consent-text' }, ref.consent.text),
        errs.consent,
        h('div', { class: 'option' }, consent, h('label', { for: 'f-consent' }, t('form.consent'))),
      ),
    );
    const submit = h('button', { type: 'submit' }, t('form.submit'));
    form.append(h('p', {}, submit));
    box.replaceChildren(form);
    if (notice) summary.focus({ preventScroll: false });
    else fields.company.focus();
  }

  function confirmView() {
    const c = app.st.confirmation;
    const slot = c.slot
      ? `${ZT.fmtDateTime(c.slot.start)}, ${c.slot.minutes} min, ${c.slot.place === 'on-site' ? t('slots.onsite') : c.slot.place}`
      : null;
    const withdraw = new URL(c.withdraw_page, location.origin).href;
    app.view(
      t('confirm.title'),
      h('div', { class: 'notice ok', role: 'status' }, t('confirm.lead', { network: c.network.name })),
      h('h2', {}, t('confirm.next')),
      h(
        'ol',
        {},
        t('confirm.steps')
          .split('|')
          .map((x) => h('li', {}, x)),
      ),
      h('p', {}, slot ? t('confirm.slot', { slot }) : t('confirm.noslot')),
      h('p', {}, t('offer.contact', { email: c.network.contact.email, phone: c.network.contact.phone })),
      h(
        'div',
        { class: 'card' },
        h('p', {}, t('confirm.withdraw')),
        h('p', { class: 'break' }, h('a', { href: withdraw }, withdraw)),
      ),
      h('p', {}, t('confirm.keep')),
      h(
        'p',
        { class: 'no-print actions' },
        h('button', { type: 'button', onclick: () => window.print() }, t('print')),
        ' ',
        h('button', { type: 'button', class: 'secondary', onclick: () => app.resultView() }, t('confirm.back')),
      ),
    );
  }

  return {
    init: (a) => {
      app = a;
    },
    offer,
    confirmView,
  };
})();
