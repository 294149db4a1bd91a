/* network.js — the dashboard for network coordinators, on a phone and on a
 * laptop: the referrals (new first; cards on a small screen), one referral
 * (contact, its scan slot planned, moved or cancelled, the shared answers in
 * words, status, notes and their history, the scan's outcome), and the
 * network's scan slots with who booked them.
 * Texts: network-texts.js; the outcome form: network-outcome.js.
 * The API token is entered once and kept in sessionStorage (this tab only);
 * the coordinator's name for the history in localStorage (this browser). */
'use strict';
(() => {
  const { h, t } = ZT;
  const dash = (ZT.dash = ZT.dash || {});
  const main = document.getElementById('main');
  const TOKEN_KEY = 'zelftest.network.token';
  const AUTHOR_KEY = 'zelftest.network.author';
  const ZONE = 'Europe/Amsterdam';
  const SETTABLE = ['contacted', 'scheduled', 'done', 'declined'];
  const FILTERS = ['new', 'contacted', 'scheduled', 'done', 'declined', 'withdrawn'];
  let me = null;
  let names = null; // principle titles of the questionnaire, for a shared result

  /* ---------- dates and times, always as they are in the Netherlands ---------- */

  const locale = () => (ZT.lang === 'en' ? 'en-GB' : 'nl-NL');
  const fmtDay = (ms) =>
    new Date(ms).toLocaleDateString(locale(), {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: ZONE,
    });
  const fmtClock = (ms) =>
    new Date(ms).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit', timeZone: ZONE });

  // "wo 11 dec 2026, 10:00–14:00" (without minutes: the start only)
  function fmtWhen(start, minutes) {
    const ms = new Date(start).getTime();
    if (Number.isNaN(ms)) return String(start);
    const from = `${fmtDay(ms)}, ${fmtClock(ms)}`;
    return minutes ? `${from}–${fmtClock(ms + minutes * 60000)}` : from;
  }
  const placeText = (p) => (p === 'on-site' ? t('place.onsite') : p);
  const slotText = (sl) => `${fmtWhen(sl.start, sl.minutes)} · ${placeText(sl.place)}`;

  // A date and time on the Dutch clock as the API takes it, with the offset of
  // that day (+01:00 or +02:00) whatever the browser's own time zone; null for
  // a time that does not exist (the hour skipped in spring).
  function dutchStart(date, time) {
    const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    const c = /^(\d{2}):(\d{2})$/.exec(time);
    if (!d || !c) return null;
    const wall = Date.UTC(+d[1], +d[2] - 1, +d[3], +c[1], +c[2]);
    const fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone: ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    for (const off of [60, 120]) {
      const parts = Object.fromEntries(fmt.formatToParts(new Date(wall - off * 60000)).map((p) => [p.type, p.value]));
      if (`${parts.year}-${parts.month}-${parts.day}` === date && `${parts.hour}:${parts.minute}` === time)
        return `${date}T${time}:00+0${off / 60}:00`;
    }
    return null;
  }
  // today in the Netherlands, as yyyy-mm-dd
  const dutchToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());

  /* ---------- signing in and calling the API ---------- */

  const token = () => ZT.store.get('sessionStorage', TOKEN_KEY);
  const author = () => (ZT.store.get('localStorage', AUTHOR_KEY) || '').trim().slice(0, 60);

  function logout() {
    ZT.store.set('sessionStorage', TOKEN_KEY, null);
    me = null;
    history.replaceState(null, '', location.pathname);
    render();
  }

  // Every call in the page's language (messages, and a shared result in words).
  async function call(method, path, opts = {}) {
    const sep = path.includes('?') ? '&' : '?';
    try {
      return await ZT.api(method, `${path}${sep}lang=${ZT.lang}`, { ...opts, token: token() });
    } catch (e) {
      if (e.status === 401) logout();
      throw e;
    }
  }

  // a scan type by id, in words (the network's own list; an old id as it is)
  const scanName = (id) => {
    const sc = me && me.scans ? me.scans.find((x) => x.id === id) : null;
    return sc ? sc.name : id || '–';
  };

  async function loadNames() {
    if (names && names.lang === ZT.lang) return names;
    const q = await ZT.api('GET', `/api/v1/questionnaire?lang=${ZT.lang}`);
    names = { lang: ZT.lang, principle: {} };
    for (const p of q.principles) names.principle[p.id] = p.title;
    return names;
  }

  /* ---------- the page's frame and shared pieces ---------- */

  const route = () => location.hash.replace(/^#\/?/, '').split('?')[0];

  function chrome() {
    const here = route().startsWith('slots') ? 'slots' : 'referrals';
    const link = (to, key) =>
      h('a', { href: `#/${to}`, class: 'link-button', 'aria-current': me && here === to ? 'page' : null }, t(key));
    ZT.chrome(
      t('doctitle'),
      render,
      ...(me
        ? [
            h(
              'nav',
              { class: 'site-nav', 'aria-label': t('nav.label') },
              link('referrals', 'nav.referrals'),
              link('slots', 'nav.slots'),
            ),
            h('button', { type: 'button', class: 'link-button', onclick: logout }, t('nav.logout')),
          ]
        : []),
    );
    // signed in, the header names the network
    if (me) document.getElementById('subtitle').textContent = me.name;
  }

  function view(title, ...content) {
    const h1 = ZT.show(main, h('h1', {}, title), ...content);
    document.title = `${title} – ${t('doctitle')}`;
    ZT.focusHeading(h1);
    return h1;
  }

  // An error of the API in words: its own message (in the page's language) where it has one.
  const errorText = (e) => (e.code && e.status && e.status < 500 ? e.message : t('error.generic', { msg: e.message }));
  const errorNotice = (e) => h('div', { class: 'notice error', role: 'alert' }, errorText(e));

  const statusLabel = (st) => t(`status.${st}`);
  const statusBadge = (st) => h('span', { class: `badge status status-${st}` }, statusLabel(st));
  const levelBadge = (level) => h('span', { class: `badge level-${level}` }, t(`level.${level}`));
  const backLink = () => h('p', { class: 'no-print back' }, h('a', { href: '#/referrals' }, t('back')));

  // Where a scan takes place: at the business (ticked) or at an address, which
  // then gets its field; radios `${name}-onsite` / `${name}-address`.
  function placeChoice(name, addressId) {
    const onsite = option('radio', name, `${name}-onsite`, 'on-site', t('new.onsite'), { checked: true });
    const elsewhere = option('radio', name, `${name}-address`, 'address', t('new.address'));
    const address = h('input', {
      type: 'text',
      id: addressId,
      name: 'address',
      maxlength: '200',
      autocomplete: 'street-address',
    });
    const addressField = h(
      'div',
      { class: 'field', hidden: true },
      h('label', { for: addressId }, t('new.addressText')),
      address,
    );
    return { onsite, elsewhere, address, addressField };
  }

  // A radio or checkbox with its label, the whole row its target.
  function option(type, name, id, value, label, attrs = {}) {
    return h(
      'div',
      { class: 'option' },
      h('input', { type, name, id, value, ...attrs }),
      h('label', { for: id }, label),
    );
  }

  // Asks "are you sure?" in place: the question gets focus, "no" gives it back to `back`.
  function confirmIn(host, { text, yes, no, danger, back, onYes }) {
    const q = h('p', { class: 'confirm-text', tabindex: '-1' }, text);
    const yesB = h('button', { type: 'button', class: danger ? 'danger' : null }, yes);
    const noB = h('button', { type: 'button', class: 'secondary' }, no);
    const panel = h('div', { class: 'confirm', role: 'group', 'aria-label': t('confirm.label') }, q, [
      h('div', { class: 'actions' }, yesB, noB),
    ]);
    noB.addEventListener('click', () => {
      host.replaceChildren();
      if (back) back.focus();
    });
    yesB.addEventListener('click', async () => {
      yesB.disabled = true;
      noB.disabled = true;
      await onYes();
    });
    host.replaceChildren(panel);
    q.focus();
  }

  // Shows an error of a form in its error box, on the field it is about, and focuses that field.
  function fieldError(box, field, message) {
    const id = box.id;
    box.replaceChildren(h('p', { class: 'error-text' }, message));
    box.hidden = false;
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', [field.dataset.describedby, id].filter(Boolean).join(' '));
      field.focus();
    }
  }
  function clearErrors(form, box) {
    box.replaceChildren();
    box.hidden = true;
    for (const el of form.querySelectorAll('[aria-invalid]')) {
      el.removeAttribute('aria-invalid');
      if (el.dataset.describedby) el.setAttribute('aria-describedby', el.dataset.describedby);
      else el.removeAttribute('aria-describedby');
    }
  }

  /* ---------- signing in ---------- */

  function loginView(message) {
    const input = h('input', {
      id: 'token',
      name: 'token',
      type: 'password',
      autocomplete: 'off',
      required: true,
      'aria-describedby': message ? 'token-error' : null,
      'aria-invalid': message ? 'true' : null,
      spellcheck: 'false',
    });
    const form = h(
      'form',
      {
        novalidate: true,
        onsubmit: async (ev) => {
          ev.preventDefault();
          const v = input.value.trim();
          if (!v) {
            loginView(t('login.bad'));
            return;
          }
          ZT.store.set('sessionStorage', TOKEN_KEY, v);
          try {
            me = await ZT.api('GET', `/api/v1/network?lang=${ZT.lang}`, { token: v });
            // a link from an e-mail (#/referral/<id>) leads there once signed in
            if (!/^#\/(referral\/|referrals|slots)/.test(location.hash)) location.hash = '#/referrals';
            else render();
          } catch (e) {
            ZT.store.set('sessionStorage', TOKEN_KEY, null);
            loginView(e.status === 401 ? t('login.bad') : errorText(e));
          }
        },
      },
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'token' }, t('login.token')),
        message ? h('p', { id: 'token-error', class: 'error-text' }, message) : null,
        input,
      ),
      h('button', { type: 'submit' }, t('login.submit')),
    );
    chrome();
    view(t('title.login'), h('p', {}, t('login.intro')), form);
    if (message) {
      input.focus();
      ZT.announce(message);
    }
  }

  /* ---------- the referrals ---------- */

  async function referralsView() {
    const filter = new URLSearchParams(location.hash.split('?')[1] || '').get('status') || '';
    let data;
    let slots;
    try {
      // the list names a booked slot by id only; the network's slots give its time
      [data, slots] = await Promise.all([
        call('GET', '/api/v1/network/referrals'),
        call('GET', '/api/v1/network/slots').catch((e) => (e.status === 401 ? Promise.reject(e) : { slots: [] })),
      ]);
    } catch (e) {
      if (e.status !== 401) view(t('nav.referrals'), errorNotice(e));
      return;
    }
    const slotById = new Map(slots.slots.map((s) => [s.id, s]));
    const all = data.referrals;
    const shown = FILTERS.includes(filter) ? all.filter((r) => r.status === filter) : all;
    const count = (st) => (st ? all.filter((r) => r.status === st).length : all.length);
    const filters = h(
      'nav',
      { class: 'filters no-print', 'aria-label': t('filter.label') },
      h(
        'ul',
        {},
        // the statuses the network has referrals in (and the one shown)
        ['', ...FILTERS.filter((st) => st === filter || count(st) > 0)].map((st) =>
          h(
            'li',
            {},
            h(
              'a',
              {
                href: st ? `#/referrals?status=${st}` : '#/referrals',
                class: 'pill',
                'aria-current': st === filter ? 'page' : null,
              },
              st ? statusLabel(st) : t('filter.all'),
              h('span', { class: 'count' }, ` (${count(st)})`),
            ),
          ),
        ),
      ),
    );
    const cols = ['col.company', 'col.contact', 'col.created', 'col.slot', 'col.level', 'col.status'];
    // a cell with its column's name, seen only where the table is stacked into cards
    const cell = (k, ...content) =>
      h(
        'td',
        { role: 'cell' },
        h('span', { class: 'cell-label', 'aria-hidden': 'true' }, t(k)),
        h('span', { class: 'cell-value' }, ...content),
      );
    const rowHead = (r, text, extra) =>
      h(
        'th',
        { scope: 'row', role: 'rowheader' },
        h('a', { href: `#/referral/${encodeURIComponent(r.id)}`, class: 'row-link' }, text),
        extra,
      );
    const rows = shown.map((r) => {
      if (r.tombstone)
        return h(
          'tr',
          { role: 'row', class: 'tomb' },
          rowHead(r, t('tomb.list', { date: ZT.fmtDateTime(r.withdrawn) })),
          cell('col.contact', t('tomb.nodata')),
          cell('col.created', ZT.fmtDateTime(r.created)),
          cell('col.slot', r.slot_start ? t('tomb.slot.was', { when: fmtWhen(r.slot_start) }) : t('slot.none')),
          cell('col.level', '–'),
          cell('col.status', statusBadge('withdrawn')),
        );
      const sl = r.slot && r.slot.id ? slotById.get(r.slot.id) : null;
      return h(
        'tr',
        { role: 'row', class: r.acknowledged ? null : 'unread' },
        rowHead(r, r.company, r.acknowledged ? null : [' ', h('span', { class: 'badge new' }, t('unacked'))]),
        cell('col.contact', r.contact_name),
        cell('col.created', ZT.fmtDateTime(r.created)),
        cell(
          'col.slot',
          r.slot && r.slot.id ? (sl ? fmtWhen(sl.start, sl.minutes) : t('slot.booked.past')) : t('slot.none'),
        ),
        cell('col.level', r.result ? levelBadge(r.result.level) : h('span', { class: 'muted' }, t('not.shared'))),
        cell('col.status', statusBadge(r.status)),
      );
    });
    const table = shown.length
      ? h(
          'table',
          { class: 'ref-table', role: 'table' },
          h('caption', { class: 'visually-hidden' }, filter ? statusLabel(filter) : t('filter.all')),
          h(
            'thead',
            { role: 'rowgroup' },
            h(
              'tr',
              { role: 'row' },
              cols.map((k) => h('th', { scope: 'col', role: 'columnheader' }, t(k))),
            ),
          ),
          h('tbody', { role: 'rowgroup' }, rows),
        )
      : h('p', { class: 'empty' }, filter ? t('referrals.none.filter') : t('referrals.none'));
    view(
      t('title.referrals'),
      h('p', {}, t('referrals.count', { n: data.total ?? all.length, u: data.unacknowledged })),
      // never silently fewer: the API lists the newest 10,000 and says how many there are
      data.truncated
        ? h(
            'p',
            { class: 'notice warn', role: 'status' },
            t('referrals.truncated', { n: all.length, total: data.total }),
          )
        : null,
      filters,
      table,
      h(
        'p',
        { class: 'no-print csv' },
        h('button', { type: 'button', class: 'secondary', onclick: downloadCsv }, t('referrals.csv')),
      ),
    );
  }

  async function downloadCsv() {
    try {
      const res = await call('GET', '/api/v1/network/referrals.csv', { raw: true });
      const blob = await res.blob();
      const a = h('a', { href: URL.createObjectURL(blob), download: `zelftest-${me.id}.csv` }, 'CSV');
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    } catch (e) {
      if (e.status !== 401) main.append(errorNotice(e));
    }
  }

  /* ---------- one referral ---------- */

  // What happened last (a message or an error), shown in the section it is about and focused.
  async function referralView(id, after) {
    let r;
    let slots;
    try {
      [r, slots] = await Promise.all([
        call('GET', `/api/v1/network/referrals/${encodeURIComponent(id)}`),
        call('GET', '/api/v1/network/slots').catch((e) => (e.status === 401 ? Promise.reject(e) : { slots: [] })),
      ]);
    } catch (e) {
      if (e.status !== 401) view(t('nav.referrals'), backLink(), errorNotice(e));
      return;
    }
    if (r.tombstone) {
      tombView(r, after);
      return;
    }
    const reload = (a) => referralView(id, a);
    const nm = await loadNames().catch(() => ({ principle: {} }));
    const outcome = dash.outcome;
    const cat =
      outcome && (r.status === 'scheduled' || r.status === 'done' || r.outcome)
        ? await outcome.load(call).catch(() => null)
        : null;
    view(
      t('title.referral', { company: r.company }),
      backLink(),
      h(
        'p',
        { class: 'status-line' },
        t('status.now.short'),
        ' ',
        statusBadge(r.status),
        r.campaign ? [' ', h('span', { class: 'muted' }, t('facts.campaign.short', { name: r.campaign.name }))] : null,
      ),
      contactSection(r),
      planSection(r, slots.slots, reload),
      resultSection(r, nm),
      handlingSection(r, reload),
      outcome ? outcome.section(r, cat, { call, reload, h, t, fieldError, clearErrors, option }) : null,
      eraseSection(r),
    );
    if (after) showAfter(after, r);
  }

  // The message or error of the last action, at the top of its section, focused; a
  // message may be made from the referral as it is now.
  function showAfter(after, r) {
    const host = main.querySelector(`[data-section="${after.section}"]`) || main;
    const message = typeof after.message === 'function' ? after.message(r) : after.message;
    const el = after.error
      ? h('div', { class: 'notice error', role: 'alert', tabindex: '-1' }, errorText(after.error))
      : h('div', { class: 'notice ok', role: 'status', tabindex: '-1' }, message);
    const heading = host.querySelector('h2');
    if (heading) heading.after(el);
    else host.prepend(el);
    el.focus();
  }

  function tombView(r, after) {
    view(
      t('tomb.h1'),
      backLink(),
      h(
        'div',
        { class: 'notice tomb', 'data-section': 'tomb' },
        h('p', { class: 'tomb-line' }, t('tomb.withdrawn', { date: ZT.fmtDateTime(r.withdrawn) })),
        h('p', {}, r.slot_start ? t('tomb.slot', { when: fmtWhen(r.slot_start) }) : t('tomb.noslot')),
      ),
      h(
        'dl',
        { class: 'facts' },
        [h('dt', {}, t('facts.created')), h('dd', {}, ZT.fmtDateTime(r.created))],
        [h('dt', {}, t('facts.scan')), h('dd', {}, scanName(r.scan))],
        r.status_before
          ? [h('dt', {}, t('tomb.before')), h('dd', {}, statusLabel(r.status_before) || r.status_before)]
          : null,
      ),
      h('p', {}, t('tomb.gone')),
    );
    if (after) showAfter({ section: 'tomb', message: t('tomb.just') });
  }

  function contactSection(r) {
    const fact = (k, v) => [h('dt', {}, t(k)), h('dd', {}, v)];
    return h(
      'section',
      { class: 'card', 'aria-labelledby': 'contact-h', 'data-section': 'contact' },
      h('h2', { id: 'contact-h' }, t('contact.title')),
      h(
        'dl',
        { class: 'facts' },
        fact('facts.contact', r.contact_name),
        fact(
          'facts.phone',
          r.phone ? h('a', { href: `tel:${r.phone}`, class: 'tel' }, r.phone_national || r.phone) : t('facts.none'),
        ),
        fact('facts.email', h('a', { href: `mailto:${r.email}` }, r.email)),
        fact('facts.postcode', r.postcode),
        fact('facts.created', ZT.fmtDateTime(r.created)),
        fact('facts.scan', scanName(r.scan)),
        fact('facts.campaign', r.campaign ? r.campaign.name : t('facts.campaign.none')),
        fact('facts.reason', r.reason ? t(`reason.${r.reason}`) : '–'),
        fact('facts.consent', r.consent_version || '–'),
        r.agreement_version ? fact('facts.agreement', r.agreement_version) : null,
      ),
    );
  }

  /* ---------- planning the scan: a free slot, a new one, moved, cancelled ---------- */

  function planSection(r, slots, reload) {
    const id = encodeURIComponent(r.id);
    const sec = h(
      'section',
      { class: 'card', 'aria-labelledby': 'plan-h', 'data-section': 'plan' },
      h('h2', { id: 'plan-h' }, t('plan.title')),
    );
    const now = Date.now();
    const free = slots
      .filter(
        (s) =>
          (!r.scan || s.scan === r.scan) &&
          s.remaining > 0 &&
          new Date(s.start).getTime() > now &&
          !(r.slot && s.id === r.slot.id),
      )
      .sort((a, b) => new Date(a.start) - new Date(b.start));
    const booked = r.slot && r.slot.start ? r.slot : null;
    const formHost = h('div');
    if (booked) {
      const moveB = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false' }, t('plan.move'));
      const cancelB = h('button', { type: 'button', class: 'danger' }, t('plan.cancel'));
      const confirmHost = h('div');
      moveB.addEventListener('click', () => {
        const open = moveB.getAttribute('aria-expanded') === 'true';
        moveB.setAttribute('aria-expanded', String(!open));
        formHost.replaceChildren(open ? '' : planForm(r, free, reload, true));
        confirmHost.replaceChildren();
      });
      cancelB.addEventListener('click', () => {
        formHost.replaceChildren();
        moveB.setAttribute('aria-expanded', 'false');
        confirmIn(confirmHost, {
          text: t('cancel.confirm', { company: r.company, when: fmtWhen(booked.start, booked.minutes) }),
          yes: t('cancel.yes'),
          no: t('cancel.no'),
          danger: true,
          back: cancelB,
          onYes: async () => {
            try {
              await call('DELETE', `/api/v1/network/referrals/${id}/booking`);
              await reload({
                section: 'plan',
                message: (now) => t('cancel.done', { company: r.company, status: statusLabel(now.status) }),
              });
            } catch (e) {
              if (e.status !== 401) await reload({ section: 'plan', error: e });
            }
          },
        });
      });
      sec.append(
        h(
          'div',
          { class: 'booked' },
          h('p', { class: 'booked-when' }, t('plan.booked', { when: fmtWhen(booked.start, booked.minutes) })),
          h('p', {}, t('plan.booked.where', { place: placeText(booked.place), scan: scanName(booked.scan) })),
        ),
        h('div', { class: 'actions' }, moveB, cancelB),
        confirmHost,
        formHost,
      );
    } else {
      sec.append(h('p', {}, t(r.slot ? 'plan.gone' : 'plan.none')));
      if (r.status === 'done' || r.status === 'declined') {
        const openB = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false' }, t('plan.open'));
        openB.addEventListener('click', () => {
          const open = openB.getAttribute('aria-expanded') === 'true';
          openB.setAttribute('aria-expanded', String(!open));
          formHost.replaceChildren(open ? '' : planForm(r, free, reload, false));
        });
        sec.append(openB, formHost);
      } else sec.append(planForm(r, free, reload, false));
    }
    return sec;
  }

  function planForm(r, free, reload, moving) {
    const id = encodeURIComponent(r.id);
    const errors = h('div', { id: 'plan-error', class: 'form-errors', hidden: true });
    const confirmHost = h('div');
    const submit = h('button', { type: 'submit' }, t(moving ? 'plan.submit.move' : 'plan.submit'));
    const choices = free.map((s) =>
      option('radio', 'plan-slot', `plan-${s.id}`, s.id, [
        h('span', { class: 'when' }, fmtWhen(s.start, s.minutes)),
        h('span', { class: 'hint' }, `${placeText(s.place)} · ${t('plan.room', { n: s.remaining })}`),
      ]),
    );
    const newChoice = option('radio', 'plan-slot', 'plan-new', 'new', t('plan.new'), {
      checked: free.length === 0 ? true : null,
    });
    // a new moment: date, start, duration and place
    const today = dutchToday();
    const date = h('input', { type: 'date', id: 'plan-date', name: 'date', min: today, required: true });
    const time = h('input', {
      type: 'time',
      id: 'plan-time',
      name: 'time',
      value: '09:00',
      step: '900',
      required: true,
    });
    const minutes = h('input', {
      type: 'number',
      id: 'plan-minutes',
      name: 'minutes',
      min: '15',
      max: '720',
      step: '15',
      value: '240',
      inputmode: 'numeric',
      required: true,
      class: 'short',
    });
    const { onsite, elsewhere, address, addressField } = placeChoice('plan-where', 'plan-address');
    const newFields = h(
      'div',
      { class: 'new-slot', hidden: free.length > 0 },
      h(
        'div',
        { class: 'row' },
        h('div', { class: 'field' }, h('label', { for: 'plan-date' }, t('new.date')), date),
        h('div', { class: 'field' }, h('label', { for: 'plan-time' }, t('new.time')), time),
        h('div', { class: 'field' }, h('label', { for: 'plan-minutes' }, t('new.minutes')), minutes),
      ),
      h(
        'fieldset',
        { class: 'field' },
        h('legend', {}, t('new.where')),
        h('div', { class: 'options' }, onsite, elsewhere),
        addressField,
      ),
    );
    const form = h(
      'form',
      {
        class: 'plan-form',
        novalidate: true,
        onchange: () => {
          const picked = form.querySelector('input[name="plan-slot"]:checked');
          newFields.hidden = !(picked && picked.value === 'new');
          addressField.hidden = !form.querySelector('#plan-where-address').checked;
          confirmHost.replaceChildren();
        },
        onsubmit: (ev) => {
          ev.preventDefault();
          clearErrors(form, errors);
          confirmHost.replaceChildren();
          const picked = form.querySelector('input[name="plan-slot"]:checked');
          if (!picked) {
            fieldError(errors, form.querySelector('input[name="plan-slot"]'), t('plan.error.pick'));
            return;
          }
          let when;
          let slotId = picked.value;
          let create = null;
          if (slotId === 'new') {
            const start = dutchStart(date.value, time.value);
            const mins = Number(minutes.value);
            const place = elsewhere.querySelector('input').checked ? address.value.trim() : 'on-site';
            if (!date.value) return fieldError(errors, date, t('plan.error.date'));
            if (!start) return fieldError(errors, time, t('plan.error.time'));
            if (new Date(start).getTime() <= Date.now()) return fieldError(errors, date, t('plan.error.past'));
            if (!Number.isInteger(mins) || mins < 15 || mins > 720)
              return fieldError(errors, minutes, t('plan.error.minutes'));
            if (!place) return fieldError(errors, address, t('plan.error.address'));
            create = { start, minutes: mins, place, capacity: 1, scan: r.scan || undefined };
            when = `${fmtWhen(start, mins)} · ${placeText(place)}`;
            slotId = null;
          } else when = slotText(free.find((s) => s.id === slotId));
          confirmIn(confirmHost, {
            text: t(moving ? 'plan.confirm.move' : 'plan.confirm', {
              company: r.company,
              when,
              contact: r.contact_name,
              email: r.email,
            }),
            yes: t(moving ? 'plan.yes.move' : 'plan.yes'),
            no: t('plan.no'),
            back: submit,
            onYes: async () => {
              let made = null;
              try {
                if (create) {
                  made = await call('POST', '/api/v1/network/slots', { body: create });
                  slotId = made.id;
                }
                await call('PUT', `/api/v1/network/referrals/${id}/booking`, { body: { slot: slotId } });
                await reload({
                  section: 'plan',
                  message: (now) =>
                    t(moving ? 'plan.done.move' : 'plan.done', {
                      company: r.company,
                      when,
                      status: statusLabel(now.status),
                    }),
                });
              } catch (e) {
                // a slot made for this booking alone goes again when the booking failed
                if (made) await call('DELETE', `/api/v1/network/slots/${made.id}`).catch(() => null);
                if (e.status !== 401) await reload({ section: 'plan', error: e });
              }
            },
          });
        },
      },
      h(
        'fieldset',
        { class: 'field' },
        h('legend', {}, t(moving ? 'plan.legend.move' : 'plan.legend')),
        free.length ? null : h('p', { class: 'hint' }, t('plan.nofree', { scan: scanName(r.scan) })),
        h('div', { class: 'options' }, choices, newChoice),
      ),
      newFields,
      h('p', { class: 'hint mail-hint' }, t(moving ? 'plan.mail.move' : 'plan.mail', { company: r.company })),
      errors,
      submit,
      confirmHost,
    );
    return form;
  }

  /* ---------- the shared self-test: the profile and every answer, in words ---------- */

  const PROFILE_LABELS = ['sector', 'employees', 'personal_data', 'it_dependence', 'postcode'];

  function resultSection(r, nm) {
    const sec = h(
      'section',
      { class: 'card', 'aria-labelledby': 'res-h', 'data-section': 'result' },
      h('h2', { id: 'res-h' }, t('result.title')),
    );
    const res = r.result;
    if (!res) {
      sec.append(h('p', {}, t('result.notshared')));
      return sec;
    }
    const questions = res.questions || [];
    const byId = new Map(questions.map((q) => [q.id, q]));
    const titleOf = (pid) =>
      nm.principle[pid] || (questions.find((q) => q.principle === pid) || {}).principle_title || pid;
    const answer = (q) => (q.answer || []).join(', ') || '–';
    const critical = res.critical || [];
    // per principle its level and score, and (opened, already on a wide screen) every answer
    const wide = window.matchMedia('(min-width: 48rem)').matches;
    const principles = res.principles.map((p) => {
      const qs = questions.filter((q) => q.principle === p.id);
      const head = [
        h('span', { class: 'p-title' }, titleOf(p.id)),
        ' ',
        levelBadge(p.level),
        ' ',
        h('span', { class: 'muted' }, t('result.score', { score: p.score })),
      ];
      if (!qs.length) return h('li', {}, head);
      return h(
        'li',
        {},
        h(
          'details',
          { open: wide },
          h('summary', {}, h('span', { class: 'summary-text' }, head)),
          h(
            'dl',
            { class: 'qa' },
            qs.flatMap((q) => [
              h(
                'dt',
                {},
                q.question,
                critical.includes(q.id) ? [' ', h('span', { class: 'badge level-high' }, t('result.crit'))] : null,
              ),
              h('dd', {}, answer(q)),
            ]),
          ),
        ),
      );
    });
    sec.append(
      h('p', { class: 'urgency' }, t('result.urgency', { u: res.urgency }), ' ', levelBadge(res.level)),
      res.profile && res.profile.length
        ? h(
            'div',
            { class: 'profile' },
            h('h3', {}, t('result.profile')),
            h(
              'dl',
              { class: 'facts' },
              res.profile.flatMap((p) => [
                h('dt', {}, PROFILE_LABELS.includes(p.id) ? t(`profile.${p.id}`) : p.question),
                h('dd', {}, answer(p)),
              ]),
            ),
          )
        : '',
      critical.length
        ? h(
            'div',
            { class: 'critical-box' },
            h('h3', {}, t('result.critical.title')),
            h(
              'ul',
              {},
              critical.map((qid) => {
                const q = byId.get(qid);
                return h('li', {}, q ? [h('strong', {}, q.question), ' ', answer(q)] : qid);
              }),
            ),
          )
        : '',
      h('h3', {}, t(questions.length ? 'result.answers' : 'result.principles')),
      questions.length ? h('p', { class: 'hint' }, t('result.answers.hint')) : '',
      h('ul', { class: 'principle-scores' }, principles),
      questions.length ? '' : h('p', { class: 'hint' }, t('result.nowords')),
    );
    return sec;
  }

  /* ---------- status, notes and the history ---------- */

  function handlingSection(r, reload) {
    const id = encodeURIComponent(r.id);
    const post = (body) => {
      const by = author();
      return call('POST', `/api/v1/network/referrals/${id}/status`, { body: by ? { ...body, author: by } : body });
    };
    const failed = async (e) => {
      if (e.status !== 401) await reload({ section: 'handling', error: e });
    };
    const who = h('input', {
      id: 'author',
      name: 'author',
      type: 'text',
      maxlength: '60',
      autocomplete: 'name',
      value: author(),
      'aria-describedby': 'author-hint',
      oninput: (ev) => ZT.store.set('localStorage', AUTHOR_KEY, ev.target.value.trim() || null),
    });

    const sel = h(
      'select',
      { id: 'status', name: 'status', 'aria-describedby': 'status-now', 'data-describedby': 'status-now' },
      h('option', { value: '' }, t('status.choose')),
      SETTABLE.filter((s) => s !== r.status).map((s) => h('option', { value: s }, statusLabel(s))),
    );
    const statusErr = h('div', { id: 'status-error', class: 'form-errors', hidden: true });
    const statusForm = h(
      'form',
      {
        class: 'subform',
        novalidate: true,
        'aria-labelledby': 'status-h',
        onsubmit: async (ev) => {
          ev.preventDefault();
          clearErrors(statusForm, statusErr);
          if (!sel.value) return fieldError(statusErr, sel, t('status.pick'));
          const to = sel.value;
          try {
            await post({ status: to });
            await reload({
              section: 'handling',
              message: t('status.changed', { from: statusLabel(r.status), to: statusLabel(to) }),
            });
          } catch (e) {
            await failed(e);
          }
        },
      },
      h('h3', { id: 'status-h' }, t('status.title')),
      h('p', { id: 'status-now' }, t('status.now', { status: statusLabel(r.status) })),
      h('div', { class: 'field' }, h('label', { for: 'status' }, t('status.label')), sel),
      statusErr,
      h('button', { type: 'submit' }, t('status.save')),
    );

    const note = h('textarea', {
      id: 'note',
      name: 'note',
      maxlength: '2000',
      rows: '3',
      'aria-describedby': 'note-hint',
      'data-describedby': 'note-hint',
    });
    const noteErr = h('div', { id: 'note-error', class: 'form-errors', hidden: true });
    const noteForm = h(
      'form',
      {
        class: 'subform',
        novalidate: true,
        'aria-labelledby': 'note-h',
        onsubmit: async (ev) => {
          ev.preventDefault();
          clearErrors(noteForm, noteErr);
          const text = note.value.trim();
          if (!text) return fieldError(noteErr, note, t('note.empty'));
          try {
            await post({ note: text });
            await reload({ section: 'handling', message: t('note.saved', { status: statusLabel(r.status) }) });
          } catch (e) {
            await failed(e);
          }
        },
      },
      h('h3', { id: 'note-h' }, t('note.title')),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'note' }, t('note.label')),
        h('p', { id: 'note-hint', class: 'hint' }, t('note.hint', { status: statusLabel(r.status) })),
        note,
      ),
      noteErr,
      h('button', { type: 'submit', class: 'secondary' }, t('note.save')),
    );

    const entry = (at, by, ...content) =>
      h(
        'li',
        {},
        h(
          'p',
          { class: 'meta' },
          h('time', { datetime: at }, ZT.fmtDateTime(at)),
          by ? ` · ${t('history.by', { name: by })}` : null,
        ),
        ...content,
      );
    const hist = [...(r.history || [])]
      .reverse()
      .map((e) =>
        entry(
          e.at,
          e.by,
          e.status ? h('p', { class: 'h-status' }, t('history.status'), ' ', statusBadge(e.status)) : null,
          e.text ? h('p', { class: 'note-text' }, e.text) : null,
        ),
      );
    // a note from before the history was kept
    if (!hist.length && r.note) hist.push(entry(r.updated, '', h('p', { class: 'note-text' }, r.note)));
    hist.push(
      entry(
        r.created,
        '',
        h('p', {}, r.campaign ? t('history.created.campaign', { name: r.campaign.name }) : t('history.created')),
      ),
    );

    return h(
      'section',
      { class: 'card', 'aria-labelledby': 'handling-h', 'data-section': 'handling' },
      h('h2', { id: 'handling-h' }, t('handling.title')),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'author' }, t('author.label')),
        h('p', { id: 'author-hint', class: 'hint' }, t('author.hint')),
        who,
      ),
      h('div', { class: 'subforms' }, statusForm, noteForm),
      h('h3', { id: 'history-h' }, t('history.title')),
      h('ol', { class: 'history', 'aria-labelledby': 'history-h' }, hist),
    );
  }

  function eraseSection(r) {
    const confirmHost = h('div');
    const button = h(
      'button',
      {
        type: 'button',
        class: 'danger',
        onclick: () =>
          confirmIn(confirmHost, {
            text: t('erase.confirm', { company: r.company }),
            yes: t('erase.yes'),
            no: t('erase.no'),
            danger: true,
            back: button,
            onYes: async () => {
              try {
                await call('DELETE', `/api/v1/network/referrals/${encodeURIComponent(r.id)}`);
                location.hash = '#/referrals';
                setTimeout(() => ZT.announce(t('erased')), 300);
              } catch (e) {
                if (e.status !== 401) confirmHost.replaceChildren(errorNotice(e));
              }
            },
          }),
      },
      t('erase.button'),
    );
    return h(
      'section',
      { class: 'card no-print', 'aria-labelledby': 'erase-h', 'data-section': 'erase' },
      h('h2', { id: 'erase-h' }, t('erase.title')),
      h('p', {}, t('erase.text')),
      button,
      confirmHost,
    );
  }

  /* ---------- the scan slots ---------- */

  async function slotsView(after) {
    let data;
    try {
      data = await call('GET', '/api/v1/network/slots');
    } catch (e) {
      if (e.status !== 401) view(t('nav.slots'), errorNotice(e));
      return;
    }
    const now = Date.now();
    const sorted = [...data.slots].sort((a, b) => new Date(a.start) - new Date(b.start));
    const coming = sorted.filter((s) => new Date(s.start).getTime() > now);
    const past = sorted.filter((s) => new Date(s.start).getTime() <= now).reverse();
    const card = (s, isPast) => {
      const confirmHost = h('div');
      const n = s.bookings.length;
      const del = isPast
        ? null
        : h(
            'button',
            { type: 'button', class: 'danger' },
            t(n ? 'slot.cancel' : 'slot.delete'),
            // which slot, for a screen reader going through the buttons alone
            h('span', { class: 'visually-hidden' }, ` (${fmtWhen(s.start, s.minutes)})`),
          );
      if (del)
        del.addEventListener('click', () =>
          confirmIn(confirmHost, {
            text: n
              ? t(n === 1 ? 'slot.cancel.confirm.one' : 'slot.cancel.confirm', {
                  n,
                  when: fmtWhen(s.start, s.minutes),
                  companies: s.bookings.map((b) => b.company).join(', '),
                })
              : t('slot.delete.confirm', { when: fmtWhen(s.start, s.minutes) }),
            yes: t(n ? 'slot.cancel.yes' : 'slot.delete.yes'),
            no: t('slot.no'),
            danger: true,
            back: del,
            onYes: async () => {
              try {
                const path = `/api/v1/network/slots/${encodeURIComponent(s.id)}${n ? '?bookings=cancel' : ''}`;
                const res = await call('DELETE', path);
                const told = res && typeof res.cancelled === 'number' ? res.cancelled : 0;
                await slotsView({
                  message: told
                    ? t(told === 1 ? 'slot.cancelled.one' : 'slot.cancelled', { n: told })
                    : t('slot.deleted'),
                });
              } catch (e) {
                if (e.status !== 401) await slotsView({ error: e });
              }
            },
          }),
        );
      return h(
        'li',
        { class: `card slot${isPast ? ' past' : ''}` },
        h('h3', {}, fmtWhen(s.start, s.minutes)),
        h(
          'p',
          { class: 'slot-facts' },
          `${scanName(s.scan)} · ${placeText(s.place)}`,
          h('br'),
          t('slot.taken', { booked: s.booked, capacity: s.capacity }),
        ),
        n
          ? [
              h('p', { class: 'sub' }, t('slot.bookedby')),
              h(
                'ul',
                { class: 'bookings' },
                s.bookings.map((b) =>
                  h(
                    'li',
                    {},
                    h('a', { href: `#/referral/${encodeURIComponent(b.referral)}` }, b.company),
                    ' ',
                    statusBadge(b.status),
                  ),
                ),
              ),
            ]
          : h('p', { class: 'muted' }, t('slot.nobody')),
        del,
        confirmHost,
      );
    };
    const form = newSlotForm();
    const jump = h('a', { href: '#new-slot-h', class: 'button secondary' }, t('new.jump'));
    jump.addEventListener('click', (ev) => {
      ev.preventDefault();
      ZT.focusHeading(document.getElementById('new-slot-h'));
    });
    view(
      t('title.slots'),
      h('p', {}, t('slots.intro')),
      h('p', { class: 'no-print' }, jump),
      h(
        'section',
        { 'aria-labelledby': 'coming-h', 'data-section': 'slots' },
        h('h2', { id: 'coming-h' }, t('slots.coming')),
        coming.length
          ? h(
              'ul',
              { class: 'slot-list' },
              coming.map((s) => card(s, false)),
            )
          : h('p', {}, t('slots.none')),
      ),
      form,
      past.length
        ? h(
            'section',
            { 'aria-labelledby': 'past-h' },
            h('h2', { id: 'past-h' }, t('slots.past')),
            h(
              'ul',
              { class: 'slot-list' },
              past.map((s) => card(s, true)),
            ),
          )
        : null,
    );
    if (after) showAfter({ section: after.section || 'slots', ...after });
  }

  function newSlotForm() {
    const local = (type, id, attrs = {}) => h('input', { type, id, name: id, required: true, ...attrs });
    const today = dutchToday();
    const date = local('date', 'slot-date', { min: today });
    const time = local('time', 'slot-time', { value: '09:00', step: '900' });
    const minutes = local('number', 'slot-minutes', {
      min: '15',
      max: '720',
      step: '15',
      value: '240',
      inputmode: 'numeric',
    });
    const capacity = local('number', 'slot-capacity', { min: '1', max: '50', value: '1', inputmode: 'numeric' });
    const scanSelect = h(
      'select',
      { id: 'slot-scan', name: 'scan' },
      (me.scans || []).map((sc) => h('option', { value: sc.id }, sc.name)),
    );
    const { onsite, elsewhere, address, addressField } = placeChoice('where', 'slot-address');
    const errors = h('div', { id: 'slot-error', class: 'form-errors', hidden: true });
    const form = h(
      'form',
      {
        class: 'card no-print',
        novalidate: true,
        'aria-labelledby': 'new-slot-h',
        'data-section': 'new-slot',
        onchange: () => {
          addressField.hidden = !elsewhere.querySelector('input').checked;
        },
        onsubmit: async (ev) => {
          ev.preventDefault();
          clearErrors(form, errors);
          const start = dutchStart(date.value, time.value);
          const place = elsewhere.querySelector('input').checked ? address.value.trim() : 'on-site';
          if (!date.value) return fieldError(errors, date, t('plan.error.date'));
          if (!start) return fieldError(errors, time, t('plan.error.time'));
          if (new Date(start).getTime() <= Date.now()) return fieldError(errors, date, t('plan.error.past'));
          if (!place) return fieldError(errors, address, t('plan.error.address'));
          try {
            await call('POST', '/api/v1/network/slots', {
              body: {
                start,
                minutes: Number(minutes.value),
                capacity: Number(capacity.value),
                place,
                scan: scanSelect.value || undefined,
              },
            });
            await slotsView({ message: t('new.saved', { when: fmtWhen(start, Number(minutes.value)) }) });
          } catch (e) {
            if (e.status === 401) return;
            fieldError(errors, null, errorText(e));
            errors.setAttribute('tabindex', '-1');
            errors.focus();
          }
        },
      },
      h('h2', { id: 'new-slot-h' }, t('new.title')),
      h(
        'div',
        { class: 'row' },
        h('div', { class: 'field' }, h('label', { for: 'slot-date' }, t('new.date')), date),
        h('div', { class: 'field' }, h('label', { for: 'slot-time' }, t('new.time')), time),
        h('div', { class: 'field' }, h('label', { for: 'slot-minutes' }, t('new.minutes')), minutes),
        h('div', { class: 'field' }, h('label', { for: 'slot-capacity' }, t('new.capacity')), capacity),
      ),
      (me.scans || []).length > 1
        ? h('div', { class: 'field' }, h('label', { for: 'slot-scan' }, t('new.scan')), scanSelect)
        : null,
      h(
        'fieldset',
        { class: 'field' },
        h('legend', {}, t('new.where')),
        h('div', { class: 'options' }, onsite, elsewhere),
        addressField,
      ),
      errors,
      h('button', { type: 'submit' }, t('new.save')),
    );
    return form;
  }

  /* ---------- routing ---------- */

  async function render() {
    document.documentElement.lang = ZT.lang;
    if (!token()) {
      loginView();
      return;
    }
    if (!me || me.lang !== ZT.lang) {
      try {
        me = { ...(await ZT.api('GET', `/api/v1/network?lang=${ZT.lang}`, { token: token() })), lang: ZT.lang };
      } catch (e) {
        if (e.status === 401) logout();
        else loginView(errorText(e));
        return;
      }
    }
    chrome();
    const r = route();
    if (r.startsWith('referral/')) await referralView(decodeURIComponent(r.slice(9)));
    else if (r === 'slots') await slotsView();
    else await referralsView();
  }

  // Only the page's own routes (#/…) navigate; the skip link focuses the content in place.
  // the message of the last action goes once the next one in its section starts
  main.addEventListener('click', (ev) => {
    const section = ev.target.closest('button') && ev.target.closest('[data-section]');
    if (section) for (const n of section.querySelectorAll(':scope > .notice')) n.remove();
  });
  window.addEventListener('hashchange', () => {
    if (location.hash === '' || location.hash.startsWith('#/')) render();
  });
  const skip = document.querySelector('.skip');
  if (skip)
    skip.addEventListener('click', (ev) => {
      ev.preventDefault();
      main.focus();
    });
  render();
})();
