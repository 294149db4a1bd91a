/* network.js — the dashboard for network coordinators: referrals (new
 * first), a referral's details and status, CSV export, scan slots.
 * The API token is entered once and kept in sessionStorage (this tab only). */
'use strict';
(() => {
  const { h, t, api } = ZT;
  ZT.dictionary({
    nl: {
      'title.login': 'Inloggen voor netwerken',
      'login.intro': 'Vul de API-sleutel van je netwerk in. Je blijft ingelogd zolang dit tabblad open is.',
      'login.token': 'API-sleutel',
      'login.submit': 'Inloggen',
      'login.bad': 'Deze sleutel klopt niet. Controleer hem en probeer het opnieuw.',
      'nav.referrals': 'Aanvragen',
      'nav.slots': 'Scanmomenten',
      'nav.logout': 'Uitloggen',
      'title.referrals': 'Aanvragen voor {name}',
      'referrals.count': '{n} aanvragen, waarvan {u} nieuw (nog niet behandeld).',
      'referrals.none': 'Er zijn (nog) geen aanvragen.',
      'referrals.filter': 'Toon',
      'filter.all': 'Alle aanvragen',
      'referrals.csv': 'Download als CSV (spreadsheet)',
      'col.created': 'Aangevraagd',
      'col.company': 'Bedrijf',
      'col.contact': 'Contact',
      'col.slot': 'Scanmoment',
      'col.level': 'Uitslag',
      'col.status': 'Status',
      'col.open': 'Details',
      open: 'Details {company}',
      'status.new': 'Nieuw',
      'status.contacted': 'Contact gehad',
      'status.scheduled': 'Ingepland',
      'status.done': 'Afgerond',
      'status.declined': 'Afgezien',
      unacked: 'nieuw',
      'level.high': 'Hoog risico',
      'level.medium': 'Middel risico',
      'level.low': 'Laag risico',
      'not.shared': 'niet gedeeld',
      'no.slot': 'geen gekozen',
      'title.referral': 'Aanvraag van {company}',
      back: 'Terug naar de aanvragen',
      'facts.contact': 'Contactpersoon',
      'facts.email': 'E-mail',
      'facts.phone': 'Telefoon',
      'facts.postcode': 'Postcode',
      'facts.slot': 'Scanmoment',
      'facts.created': 'Aangevraagd',
      'facts.consent': 'Toestemming (tekstversie)',
      'facts.scan': 'Scan',
      'facts.agreement': 'Afspraken (versie)',
      'facts.reason': 'Waarom bij jullie',
      'reason.sector': 'gespecialiseerd in de sector, in jullie gebied',
      'reason.postcode': 'in jullie postcodegebied',
      'reason.province': 'in jullie provincie',
      'reason.radius': 'buiten jullie gebied, binnen de afstand die jullie aannemen',
      'reason.fallback': 'landelijk loket: geen regionaal netwerk voor dit gebied',
      'facts.status': 'Status',
      'facts.note': 'Notitie',
      'result.title': 'Uitslag van de zelftest',
      'result.urgency': 'Urgentie {u} van 100 ({level}).',
      'result.notshared': 'De ondernemer heeft de antwoorden niet gedeeld.',
      'result.principle': 'Basisprincipe',
      'result.score': 'Score (0–100, hoger is veiliger)',
      'result.critical.title': 'Kritieke antwoorden (hier moet eerst iets gebeuren)',
      'status.title': 'Status bijwerken',
      'status.label': 'Nieuwe status',
      'status.note': 'Notitie (alleen voor je netwerk)',
      'status.save': 'Status opslaan',
      'status.saved': 'Status opgeslagen: {status}.',
      'erase.title': 'Gegevens wissen',
      'erase.text':
        'Wis deze aanvraag en alle gegevens van de ondernemer, bijvoorbeeld op hun verzoek. Dit kan niet ongedaan worden gemaakt. Een geboekt scanmoment komt weer vrij.',
      'erase.button': 'Aanvraag wissen',
      'erase.confirm': 'Weet je zeker dat je de aanvraag van {company} wilt wissen?',
      erased: 'De aanvraag is gewist.',
      'title.slots': 'Scanmomenten van {name}',
      'slots.intro':
        'Ondernemers kunnen een vrij moment kiezen als ze een scan aanvragen. Capaciteit is het aantal studententeams.',
      'slots.none': 'Er zijn nog geen scanmomenten.',
      'col.start': 'Begint',
      'col.scan': 'Scan',
      'col.minutes': 'Duur',
      'col.place': 'Waar',
      'col.capacity': 'Capaciteit',
      'col.booked': 'Geboekt',
      'col.actions': 'Actie',
      minutes: '{n} min',
      onsite: 'Bij het bedrijf',
      'slot.delete': 'Verwijder',
      'slot.delete.label': 'Verwijder het moment van {start}',
      'slot.deleted': 'Het scanmoment is verwijderd.',
      'slot.booked': 'Geboekt: kan niet worden verwijderd',
      'new.title': 'Nieuw scanmoment',
      'new.date': 'Datum',
      'new.time': 'Begintijd',
      'new.minutes': 'Duur in minuten',
      'new.where': 'Waar vindt de scan plaats?',
      'new.onsite': 'Bij het bedrijf zelf',
      'new.address': 'Op een adres',
      'new.addressText': 'Adres',
      'new.capacity': 'Aantal studententeams',
      'new.scan': 'Welke scan?',
      'new.save': 'Scanmoment toevoegen',
      'new.saved': 'Scanmoment toegevoegd.',
      'error.network': 'Geen verbinding. Probeer het zo opnieuw.',
      'error.generic': 'Er ging iets mis: {msg}',
      lang: 'English',
      subtitle: 'Voor regionale netwerken',
      footer: 'Alleen voor coördinatoren van een regionaal netwerk. Behandel de gegevens vertrouwelijk.',
      doctitle: 'Zelftest: aanvragen voor netwerken',
    },
    en: {
      'title.login': 'Sign in for networks',
      'login.intro': "Enter your network's API key. You stay signed in while this tab is open.",
      'login.token': 'API key',
      'login.submit': 'Sign in',
      'login.bad': 'This key is not right. Check it and try again.',
      'nav.referrals': 'Referrals',
      'nav.slots': 'Scan slots',
      'nav.logout': 'Sign out',
      'title.referrals': 'Referrals for {name}',
      'referrals.count': '{n} referrals, {u} of them new (not handled yet).',
      'referrals.none': 'There are no referrals (yet).',
      'referrals.filter': 'Show',
      'filter.all': 'All referrals',
      'referrals.csv': 'Download as CSV (spreadsheet)',
      'col.created': 'Requested',
      'col.company': 'Business',
      'col.contact': 'Contact',
      'col.slot': 'Scan slot',
      'col.level': 'Result',
      'col.status': 'Status',
      'col.open': 'Details',
      open: 'Details {company}',
      'status.new': 'New',
      'status.contacted': 'Contacted',
      'status.scheduled': 'Scheduled',
      'status.done': 'Done',
      'status.declined': 'Declined',
      unacked: 'new',
      'level.high': 'High risk',
      'level.medium': 'Medium risk',
      'level.low': 'Low risk',
      'not.shared': 'not shared',
      'no.slot': 'none chosen',
      'title.referral': 'Referral from {company}',
      back: 'Back to the referrals',
      'facts.contact': 'Contact person',
      'facts.email': 'E-mail',
      'facts.phone': 'Phone',
      'facts.postcode': 'Postcode',
      'facts.slot': 'Scan slot',
      'facts.created': 'Requested',
      'facts.consent': 'Consent (text version)',
      'facts.scan': 'Scan',
      'facts.agreement': 'Agreement (version)',
      'facts.reason': 'Why with you',
      'reason.sector': 'specialised in the sector, in your area',
      'reason.postcode': 'in your postcode area',
      'reason.province': 'in your province',
      'reason.radius': 'outside your area, within the distance you accept',
      'reason.fallback': 'national desk: no regional network for this area',
      'facts.status': 'Status',
      'facts.note': 'Note',
      'result.title': 'Self-test result',
      'result.urgency': 'Urgency {u} of 100 ({level}).',
      'result.notshared': 'The business did not share its answers.',
      'result.principle': 'Basic principle',
      'result.score': 'Score (0–100, higher is safer)',
      'result.critical.title': 'Critical answers (these need action first)',
      'status.title': 'Update the status',
      'status.label': 'New status',
      'status.note': 'Note (for your network only)',
      'status.save': 'Save status',
      'status.saved': 'Status saved: {status}.',
      'erase.title': 'Erase the data',
      'erase.text':
        "Erase this referral and all of the business's data, for instance at their request. This cannot be undone. A booked slot becomes free again.",
      'erase.button': 'Erase referral',
      'erase.confirm': 'Are you sure you want to erase the referral from {company}?',
      erased: 'The referral has been erased.',
      'title.slots': 'Scan slots of {name}',
      'slots.intro':
        'Businesses can pick a free slot when they ask for a scan. Capacity is the number of student teams.',
      'slots.none': 'There are no scan slots yet.',
      'col.start': 'Starts',
      'col.scan': 'Scan',
      'col.minutes': 'Duration',
      'col.place': 'Where',
      'col.capacity': 'Capacity',
      'col.booked': 'Booked',
      'col.actions': 'Action',
      minutes: '{n} min',
      onsite: 'At the business',
      'slot.delete': 'Delete',
      'slot.delete.label': 'Delete the slot of {start}',
      'slot.deleted': 'The slot has been deleted.',
      'slot.booked': 'Booked: cannot be deleted',
      'new.title': 'New scan slot',
      'new.date': 'Date',
      'new.time': 'Start time',
      'new.minutes': 'Duration in minutes',
      'new.where': 'Where does the scan take place?',
      'new.onsite': 'At the business itself',
      'new.address': 'At an address',
      'new.addressText': 'Address',
      'new.capacity': 'Number of student teams',
      'new.scan': 'Which scan?',
      'new.save': 'Add scan slot',
      'new.saved': 'Scan slot added.',
      'error.network': 'No connection. Try again in a moment.',
      'error.generic': 'Something went wrong: {msg}',
      lang: 'Nederlands',
      subtitle: 'For regional networks',
      footer: 'For coordinators of a regional network only. Treat the data as confidential.',
      doctitle: 'Self-test: referrals for networks',
    },
  });

  const main = document.getElementById('main');
  const TOKEN_KEY = 'zelftest.network.token';
  let me = null;
  let names = null; // principle and question titles, to show a shared result in words

  async function loadNames() {
    if (names && names.lang === ZT.lang) return names;
    const q = await api('GET', `/api/v1/questionnaire?lang=${ZT.lang}`);
    names = { lang: ZT.lang, principle: {}, question: {} };
    for (const p of q.principles) {
      names.principle[p.id] = p.title;
      for (const x of p.questions) names.question[x.id] = x.text;
    }
    return names;
  }
  const token = () => ZT.store.get('sessionStorage', TOKEN_KEY);
  // a scan type by id, in words (the network's own list; an old id as it is)
  const scanName = (id) => {
    const sc = me && me.scans ? me.scans.find((x) => x.id === id) : null;
    return sc ? sc.name : id || '–';
  };

  function chrome() {
    ZT.chrome(
      t('doctitle'),
      render,
      ...(me
        ? [
            h('a', { href: '#/referrals', class: 'link-button' }, t('nav.referrals')),
            h('a', { href: '#/slots', class: 'link-button' }, t('nav.slots')),
            h('button', { type: 'button', class: 'link-button', onclick: logout }, t('nav.logout')),
          ]
        : []),
    );
  }

  function view(title, ...content) {
    const h1 = ZT.show(main, h('h1', {}, title), ...content);
    ZT.focusHeading(h1);
    return h1;
  }

  function errorNotice(e) {
    return h('div', { class: 'notice error', role: 'alert' }, t('error.generic', { msg: e.message }));
  }

  function logout() {
    ZT.store.set('sessionStorage', TOKEN_KEY, null);
    me = null;
    location.hash = '';
    render();
  }

  async function call(method, path, opts = {}) {
    try {
      return await api(method, path, { ...opts, token: token() });
    } catch (e) {
      if (e.status === 401) {
        logout();
        throw e;
      }
      throw e;
    }
  }

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
            me = await api('GET', `/api/v1/network?lang=${ZT.lang}`, { token: v });
            location.hash = '#/referrals';
            render();
          } catch (e) {
            ZT.store.set('sessionStorage', TOKEN_KEY, null);
            loginView(e.status === 401 ? t('login.bad') : e.message);
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

  const statusLabel = (st) => t(`status.${st}`);
  const levelBadge = (result) =>
    result
      ? h('span', { class: `badge level-${result.level}` }, t(`level.${result.level}`))
      : h('span', { class: 'hint' }, t('not.shared'));

  async function referralsView() {
    const filter = new URLSearchParams(location.hash.split('?')[1] || '').get('status') || '';
    let data;
    try {
      data = await call('GET', `/api/v1/network/referrals${filter ? `?status=${encodeURIComponent(filter)}` : ''}`);
    } catch (e) {
      if (e.status !== 401) view(t('nav.referrals'), errorNotice(e));
      return;
    }
    const select = h(
      'select',
      {
        id: 'filter',
        onchange: () => {
          location.hash = `#/referrals${select.value ? `?status=${select.value}` : ''}`;
        },
      },
      h('option', { value: '' }, t('filter.all')),
      ...['new', 'contacted', 'scheduled', 'done', 'declined'].map((st) =>
        h('option', { value: st, selected: st === filter }, statusLabel(st)),
      ),
    );
    const rows = data.referrals.map((r) =>
      h(
        'tr',
        {},
        h('td', {}, ZT.fmtDateTime(r.created)),
        h(
          'th',
          { scope: 'row' },
          r.company,
          r.acknowledged ? null : [' ', h('span', { class: 'badge new' }, t('unacked'))],
        ),
        h('td', {}, r.contact_name),
        h('td', {}, r.slot && r.slot.id ? (r.slot.start ? ZT.fmtDateTime(r.slot.start) : '✓') : t('no.slot')),
        h('td', {}, levelBadge(r.result)),
        h('td', {}, statusLabel(r.status)),
        h(
          'td',
          {},
          h(
            'a',
            { class: 'button secondary', href: `#/referral/${r.id}`, 'aria-label': t('open', { company: r.company }) },
            t('col.open'),
          ),
        ),
      ),
    );
    const table = data.referrals.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            {},
            h('caption', { class: 'visually-hidden' }, t('nav.referrals')),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['col.created', 'col.company', 'col.contact', 'col.slot', 'col.level', 'col.status', 'col.open'].map(
                  (k) => h('th', { scope: 'col' }, t(k)),
                ),
              ),
            ),
            h('tbody', {}, rows),
          ),
        )
      : h('p', {}, t('referrals.none'));
    view(
      t('title.referrals', { name: me.name }),
      h('p', {}, t('referrals.count', { n: data.referrals.length, u: data.unacknowledged })),
      h(
        'div',
        { class: 'row no-print' },
        h('div', { class: 'field' }, h('label', { for: 'filter' }, t('referrals.filter')), select),
        h(
          'div',
          { class: 'field' },
          h('button', { type: 'button', class: 'secondary', onclick: downloadCsv }, t('referrals.csv')),
        ),
      ),
      table,
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

  async function referralView(id) {
    let r;
    try {
      r = await call('GET', `/api/v1/network/referrals/${encodeURIComponent(id)}`);
    } catch (e) {
      if (e.status !== 401)
        view(t('nav.referrals'), errorNotice(e), h('p', {}, h('a', { href: '#/referrals' }, t('back'))));
      return;
    }
    const fact = (k, v) => [h('dt', {}, t(k)), h('dd', {}, v)];
    const facts = h(
      'dl',
      { class: 'facts' },
      fact('facts.contact', r.contact_name),
      fact('facts.email', h('a', { href: `mailto:${r.email}` }, r.email)),
      fact('facts.phone', r.phone ? h('a', { href: `tel:${r.phone}` }, r.phone) : '–'),
      fact('facts.postcode', r.postcode),
      fact(
        'facts.slot',
        r.slot && r.slot.start
          ? `${ZT.fmtDateTime(r.slot.start)} (${r.slot.place === 'on-site' ? t('onsite') : r.slot.place})`
          : t('no.slot'),
      ),
      fact('facts.created', ZT.fmtDateTime(r.created)),
      fact('facts.status', statusLabel(r.status)),
      r.note ? fact('facts.note', r.note) : null,
      fact('facts.scan', scanName(r.scan)),
      fact('facts.reason', r.reason ? t(`reason.${r.reason}`) : '–'),
      fact('facts.consent', r.consent_version),
      r.agreement_version ? fact('facts.agreement', r.agreement_version) : null,
    );
    let result;
    const nm = await loadNames().catch(() => ({ principle: {}, question: {} }));
    if (r.result) {
      result = h(
        'section',
        { 'aria-labelledby': 'res-h' },
        h('h2', { id: 'res-h' }, t('result.title')),
        h('p', {}, t('result.urgency', { u: r.result.urgency, level: t(`level.${r.result.level}`) })),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, t('result.principle')),
                h('th', { scope: 'col', class: 'num' }, t('result.score')),
                h('th', { scope: 'col' }, t('col.level')),
              ),
            ),
            h(
              'tbody',
              {},
              r.result.principles.map((p) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, nm.principle[p.id] || p.id),
                  h('td', { class: 'num' }, p.score),
                  h('td', {}, levelBadge({ level: p.level })),
                ),
              ),
            ),
          ),
        ),
        r.result.critical.length
          ? [
              h('h3', {}, t('result.critical.title')),
              h(
                'ul',
                {},
                r.result.critical.map((q) => h('li', {}, nm.question[q] || q)),
              ),
            ]
          : null,
      );
    } else {
      result = h(
        'section',
        { 'aria-labelledby': 'res-h' },
        h('h2', { id: 'res-h' }, t('result.title')),
        h('p', {}, t('result.notshared')),
      );
    }
    const statusSel = h(
      'select',
      { id: 'status' },
      ...['contacted', 'scheduled', 'done', 'declined'].map((st) =>
        h('option', { value: st, selected: st === r.status }, statusLabel(st)),
      ),
    );
    const note = h('textarea', { id: 'note', maxlength: '2000' });
    note.value = r.note || '';
    const msg = h('div', { 'aria-live': 'polite' });
    const statusForm = h(
      'form',
      {
        class: 'card no-print',
        onsubmit: async (ev) => {
          ev.preventDefault();
          try {
            await call('POST', `/api/v1/network/referrals/${encodeURIComponent(id)}/status`, {
              body: { status: statusSel.value, note: note.value },
            });
            ZT.announce(t('status.saved', { status: statusLabel(statusSel.value) }));
            await referralView(id);
            ZT.announce(t('status.saved', { status: statusLabel(statusSel.value) }));
          } catch (e) {
            msg.replaceChildren(errorNotice(e));
          }
        },
      },
      h('h2', {}, t('status.title')),
      h('div', { class: 'field' }, h('label', { for: 'status' }, t('status.label')), statusSel),
      h('div', { class: 'field' }, h('label', { for: 'note' }, t('status.note')), note),
      h('button', { type: 'submit' }, t('status.save')),
      msg,
    );
    const erase = h(
      'section',
      { class: 'card no-print', 'aria-labelledby': 'erase-h' },
      h('h2', { id: 'erase-h' }, t('erase.title')),
      h('p', {}, t('erase.text')),
      h(
        'button',
        {
          type: 'button',
          class: 'danger',
          onclick: async () => {
            if (!window.confirm(t('erase.confirm', { company: r.company }))) return;
            try {
              await call('DELETE', `/api/v1/network/referrals/${encodeURIComponent(id)}`);
              location.hash = '#/referrals';
              setTimeout(() => ZT.announce(t('erased')), 300);
            } catch (e) {
              erase.append(errorNotice(e));
            }
          },
        },
        t('erase.button'),
      ),
    );
    view(
      t('title.referral', { company: r.company }),
      h('p', { class: 'no-print' }, h('a', { href: '#/referrals' }, t('back'))),
      facts,
      result,
      statusForm,
      erase,
    );
  }

  function localInput(type, id, attrs = {}) {
    return h('input', { type, id, name: id, required: true, ...attrs });
  }

  async function slotsView(notice) {
    let data;
    try {
      data = await call('GET', '/api/v1/network/slots');
    } catch (e) {
      if (e.status !== 401) view(t('nav.slots'), errorNotice(e));
      return;
    }
    const rows = data.slots.map((s) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, ZT.fmtDateTime(s.start)),
        h('td', {}, scanName(s.scan)),
        h('td', {}, t('minutes', { n: s.minutes })),
        h('td', {}, s.place === 'on-site' ? t('onsite') : s.place),
        h('td', { class: 'num' }, s.capacity),
        h('td', { class: 'num' }, s.booked),
        h(
          'td',
          {},
          s.booked > 0
            ? h('span', { class: 'hint' }, t('slot.booked'))
            : h(
                'button',
                {
                  type: 'button',
                  class: 'danger',
                  'aria-label': t('slot.delete.label', { start: ZT.fmtDateTime(s.start) }),
                  onclick: async () => {
                    try {
                      await call('DELETE', `/api/v1/network/slots/${encodeURIComponent(s.id)}`);
                      await slotsView(t('slot.deleted'));
                    } catch (e) {
                      main.append(errorNotice(e));
                    }
                  },
                },
                t('slot.delete'),
              ),
        ),
      ),
    );
    const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
    const date = localInput('date', 'slot-date', { min: tomorrow, value: tomorrow });
    const time = localInput('time', 'slot-time', { value: '09:00', step: '900' });
    const minutes = localInput('number', 'slot-minutes', {
      min: '15',
      max: '720',
      step: '15',
      value: '240',
      inputmode: 'numeric',
    });
    const capacity = localInput('number', 'slot-capacity', { min: '1', max: '50', value: '1', inputmode: 'numeric' });
    const scanSelect = h(
      'select',
      { id: 'slot-scan', name: 'scan' },
      (me.scans || []).map((sc) => h('option', { value: sc.id }, sc.name)),
    );
    const onsite = h('input', { type: 'radio', name: 'where', id: 'where-onsite', value: 'on-site', checked: true });
    const address = h('input', { type: 'radio', name: 'where', id: 'where-address', value: 'address' });
    const addressText = h('input', {
      type: 'text',
      id: 'slot-address',
      name: 'address',
      maxlength: '200',
      autocomplete: 'street-address',
    });
    const formMsg = h('div', { 'aria-live': 'polite' });
    const form = h(
      'form',
      {
        class: 'card',
        onsubmit: async (ev) => {
          ev.preventDefault();
          // the entered local (Dutch) time, sent with its offset
          const local = new Date(`${date.value}T${time.value}:00`);
          const off = -local.getTimezoneOffset();
          const pad = (n) => String(Math.abs(n)).padStart(2, '0');
          const start = `${date.value}T${time.value}:00${off >= 0 ? '+' : '-'}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
          try {
            await call('POST', '/api/v1/network/slots', {
              body: {
                start,
                minutes: Number(minutes.value),
                capacity: Number(capacity.value),
                place: address.checked ? addressText.value.trim() : 'on-site',
                scan: scanSelect.value,
              },
            });
            await slotsView(t('new.saved'));
          } catch (e) {
            formMsg.replaceChildren(errorNotice(e));
          }
        },
      },
      h('h2', {}, t('new.title')),
      h(
        'div',
        { class: 'row' },
        h('div', { class: 'field' }, h('label', { for: 'slot-date' }, t('new.date')), date),
        h('div', { class: 'field' }, h('label', { for: 'slot-time' }, t('new.time')), time),
        h('div', { class: 'field' }, h('label', { for: 'slot-minutes' }, t('new.minutes')), minutes),
        h('div', { class: 'field' }, h('label', { for: 'slot-capacity' }, t('new.capacity')), capacity),
      ),
      h('div', { class: 'field' }, h('label', { for: 'slot-scan' }, t('new.scan')), scanSelect),
      h(
        'fieldset',
        { class: 'field' },
        h('legend', {}, t('new.where')),
        h('div', {}, onsite, ' ', h('label', { for: 'where-onsite', class: 'inline' }, t('new.onsite'))),
        h('div', {}, address, ' ', h('label', { for: 'where-address', class: 'inline' }, t('new.address'))),
        h('div', { class: 'field' }, h('label', { for: 'slot-address' }, t('new.addressText')), addressText),
      ),
      h('button', { type: 'submit' }, t('new.save')),
      formMsg,
    );
    view(
      t('title.slots', { name: me.name }),
      h('p', {}, t('slots.intro')),
      notice ? h('div', { class: 'notice ok', role: 'status' }, notice) : null,
      data.slots.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              {},
              h('caption', { class: 'visually-hidden' }, t('nav.slots')),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ...[
                    'col.start',
                    'col.scan',
                    'col.minutes',
                    'col.place',
                    'col.capacity',
                    'col.booked',
                    'col.actions',
                  ].map((k) =>
                    h('th', { scope: 'col', class: ['col.capacity', 'col.booked'].includes(k) ? 'num' : null }, t(k)),
                  ),
                ),
              ),
              h('tbody', {}, rows),
            ),
          )
        : h('p', {}, t('slots.none')),
      form,
    );
  }

  async function render() {
    document.documentElement.lang = ZT.lang;
    if (!token()) {
      loginView();
      return;
    }
    if (!me) {
      try {
        me = await api('GET', `/api/v1/network?lang=${ZT.lang}`, { token: token() });
      } catch (e) {
        if (e.status === 401) logout();
        else loginView(e.message);
        return;
      }
    }
    chrome();
    const route = location.hash.replace(/^#\/?/, '').split('?')[0];
    if (route.startsWith('referral/')) await referralView(decodeURIComponent(route.slice(9)));
    else if (route === 'slots') await slotsView();
    else await referralsView();
  }

  window.addEventListener('hashchange', render);
  render();
})();
