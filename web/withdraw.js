/* withdraw.js — the respondent withdraws a scan request with the secret
 * link from the confirmation: the referral is erased and its slot freed. */
'use strict';
(() => {
  const { h, t, api } = ZT;
  ZT.dictionary({
    nl: {
      title: 'Je scan-aanvraag intrekken',
      intro:
        'Met deze pagina trek je je aanvraag voor een cybersecurityscan in. Al je gegevens worden dan meteen gewist. Een gekozen scanmoment komt weer vrij.',
      what: 'Dit is je aanvraag:',
      company: 'Bedrijf',
      network: 'Netwerk',
      slot: 'Scanmoment',
      created: 'Aangevraagd op',
      none: 'geen gekozen',
      onsite: 'bij je bedrijf',
      button: 'Aanvraag intrekken en gegevens wissen',
      done: 'Je aanvraag is ingetrokken. Je gegevens zijn gewist.',
      again: 'Wil je later toch een scan? Doe de zelftest opnieuw.',
      gone: 'Er hoort geen aanvraag (meer) bij deze link. Misschien heb je hem al ingetrokken, of is hij al gewist.',
      bad: 'Deze link is niet compleet. Kopieer de hele link uit je bevestiging.',
      back: 'Naar de zelftest',
      error: 'Er ging iets mis: {msg}',
      'error.network': 'Geen verbinding. Probeer het zo opnieuw.',
      subtitle: 'Digital Trust Center',
    },
    en: {
      title: 'Withdraw your scan request',
      intro:
        'On this page you withdraw your request for a cybersecurity scan. All your details are erased at once. A chosen slot becomes free again.',
      what: 'This is your request:',
      company: 'Business',
      network: 'Network',
      slot: 'Scan slot',
      created: 'Requested on',
      none: 'none chosen',
      onsite: 'at your business',
      button: 'Withdraw and erase my details',
      done: 'Your request has been withdrawn. Your details have been erased.',
      again: 'Want a scan after all? Take the self-test again.',
      gone: 'There is no request behind this link (any more). Perhaps you withdrew it already, or it has been erased.',
      bad: 'This link is not complete. Copy the whole link from your confirmation.',
      back: 'To the self-test',
      error: 'Something went wrong: {msg}',
      'error.network': 'No connection. Try again in a moment.',
      subtitle: 'Digital Trust Center',
    },
  });
  const main = document.getElementById('main');
  const key = decodeURIComponent(location.hash.slice(1));
  // the page speaks the request's language until the visitor switches
  let switched = new URLSearchParams(location.search).has('lang');

  function view(...content) {
    ZT.chrome(t('title'), () => {
      switched = true;
      render();
    });
    ZT.focusHeading(ZT.show(main, h('h1', {}, t('title')), ...content));
  }

  async function render() {
    if (!/^[A-Za-z0-9_-]{22}$/.test(key)) {
      view(h('div', { class: 'notice error', role: 'alert' }, t('bad')), h('p', {}, h('a', { href: '/' }, t('back'))));
      return;
    }
    let r;
    try {
      r = await api('GET', `/api/v1/withdrawals/${key}${switched ? `?lang=${ZT.lang}` : ''}`);
      if (!switched && r.lang !== ZT.lang) ZT.setLang(r.lang);
    } catch (e) {
      view(
        h(
          'div',
          { class: 'notice error', role: 'alert' },
          e.status === 404 ? t('gone') : t('error', { msg: e.message }),
        ),
        h('p', {}, h('a', { href: '/' }, t('back'))),
      );
      return;
    }
    const msg = h('div', {});
    const button = h(
      'button',
      {
        type: 'button',
        class: 'danger',
        onclick: async () => {
          button.disabled = true;
          try {
            await api('DELETE', `/api/v1/withdrawals/${key}?lang=${ZT.lang}`);
            view(
              h('div', { class: 'notice ok', role: 'status' }, t('done')),
              h('p', {}, t('again'), ' ', h('a', { href: '/' }, t('back'))),
            );
            ZT.announce(t('done'));
          } catch (e) {
            button.disabled = false;
            msg.replaceChildren(
              h(
                'div',
                { class: 'notice error', role: 'alert' },
                e.status === 404 ? t('gone') : t('error', { msg: e.message }),
              ),
            );
          }
        },
      },
      t('button'),
    );
    const slot = r.slot
      ? `${ZT.fmtDateTime(r.slot.start)} (${r.slot.place === 'on-site' ? t('onsite') : r.slot.place})`
      : t('none');
    view(
      h('p', {}, t('intro')),
      h('h2', {}, t('what')),
      h(
        'dl',
        { class: 'facts card' },
        h('dt', {}, t('company')),
        h('dd', {}, r.company),
        h('dt', {}, t('network')),
        h('dd', {}, r.network ? r.network.name : '–'),
        h('dt', {}, t('slot')),
        h('dd', {}, slot),
        h('dt', {}, t('created')),
        h('dd', {}, ZT.fmtDateTime(r.created)),
      ),
      button,
      msg,
    );
  }
  render();
})();
