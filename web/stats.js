/* stats.js — the anonymous statistics as charts (inline SVG, stacked bars
 * per principle by sector, size, province or campaign), each with a data
 * table for screen readers; and a campaign's funnel for its owner. */
'use strict';
(() => {
  const { h, s, t, api } = ZT;
  ZT.dictionary({
    nl: {
      doctitle: 'Zelftest: statistieken',
      subtitle: 'Statistieken',
      title: 'Waar zijn bedrijven zwak?',
      intro:
        'Geanonimiseerde uitslagen van de zelftest: per basisprincipe het deel van de bedrijven met een hoog, middel of laag risico. Groepen met minder dan {k} deelnemers tonen we niet, zodat niemand een bedrijf kan herkennen.',
      by: 'Verdeeld naar',
      'by.sector': 'Sector',
      'by.size': 'Aantal medewerkers',
      'by.province': 'Provincie',
      'by.campaign': 'Campagne',
      set: 'Basisprincipes',
      'set.2018': 'DTC (2018)',
      'set.2024': 'NCSC en DTC (2024)',
      from: 'Vanaf',
      to: 'Tot en met',
      show: 'Toon',
      csv: 'Download als CSV',
      period: 'Periode: {from} tot en met {to} (hele weken).',
      'level.high': 'Hoog risico',
      'level.medium': 'Middel risico',
      'level.low': 'Laag risico',
      suppressed: 'Te weinig deelnemers',
      respondents: '{n} deelnemers',
      group: 'Groep',
      table: 'Toon de cijfers als tabel',
      chartlabel: '{title}: deel van de bedrijven per risico, per {by}.',
      nothing: 'Voor deze periode zijn er nog geen groepen met genoeg deelnemers.',
      loading: 'Bezig met laden…',
      updated: 'De statistieken zijn bijgewerkt.',
      'funnel.title': 'Bereik van een campagne',
      'funnel.intro':
        'Voor eigenaren van een campagne: hoeveel ondernemers de test via jouw pagina begonnen, afrondden en een scan aanvroegen. Je hebt hiervoor de API-sleutel van de campagne nodig.',
      'funnel.id': 'Campagne-id',
      'funnel.token': 'API-sleutel',
      'funnel.show': 'Toon bereik',
      'funnel.csv': 'Download bereik als CSV',
      'step.started': 'Begonnen',
      'step.completed': 'Afgerond',
      'step.high': 'Hoog risico',
      'step.referral': 'Scan aangevraagd',
      'step.booked': 'Moment geboekt',
      'funnel.day': 'Dag',
      'funnel.total': 'Totaal {from} tot en met {to}',
      'funnel.chart': 'Bereik van {name}: van begonnen tot scan geboekt.',
      'error.network': 'Geen verbinding. Probeer het zo opnieuw.',
      error: 'Er ging iets mis: {msg}',
      unauthorized: 'Deze sleutel hoort niet bij deze campagne.',
      footer: 'Bron: de zelftest van het Digital Trust Center. Alleen tellingen, nooit antwoorden van één bedrijf.',
      print: 'Afdrukken',
    },
    en: {
      doctitle: 'Self-test: statistics',
      subtitle: 'Statistics',
      title: 'Where are businesses weak?',
      intro:
        'Anonymous results of the self-test: per basic principle the share of businesses at high, medium or low risk. Groups of fewer than {k} respondents are not shown, so that no one can recognise a business.',
      by: 'Split by',
      'by.sector': 'Sector',
      'by.size': 'Number of employees',
      'by.province': 'Province',
      'by.campaign': 'Campaign',
      set: 'Basic principles',
      'set.2018': 'DTC (2018)',
      'set.2024': 'NCSC and DTC (2024)',
      from: 'From',
      to: 'Up to and including',
      show: 'Show',
      csv: 'Download as CSV',
      period: 'Period: {from} up to {to} (whole weeks).',
      'level.high': 'High risk',
      'level.medium': 'Medium risk',
      'level.low': 'Low risk',
      suppressed: 'Too few respondents',
      respondents: '{n} respondents',
      group: 'Group',
      table: 'Show the figures as a table',
      chartlabel: '{title}: share of businesses per risk level, by {by}.',
      nothing: 'For this period no group has enough respondents yet.',
      loading: 'Loading…',
      updated: 'The statistics have been updated.',
      'funnel.title': 'Reach of a campaign',
      'funnel.intro':
        "For campaign owners: how many owners started the test through your page, finished it and asked for a scan. You need the campaign's API key.",
      'funnel.id': 'Campaign id',
      'funnel.token': 'API key',
      'funnel.show': 'Show reach',
      'funnel.csv': 'Download reach as CSV',
      'step.started': 'Started',
      'step.completed': 'Finished',
      'step.high': 'High risk',
      'step.referral': 'Scan requested',
      'step.booked': 'Slot booked',
      'funnel.day': 'Day',
      'funnel.total': 'Total {from} up to {to}',
      'funnel.chart': 'Reach of {name}: from started to slot booked.',
      'error.network': 'No connection. Try again in a moment.',
      error: 'Something went wrong: {msg}',
      unauthorized: 'This key does not belong to this campaign.',
      footer: "Source: the Digital Trust Center's self-test. Counts only, never the answers of one business.",
      print: 'Print',
    },
  });
  const LEVELS = ['high', 'medium', 'low'];
  const COLORS = { high: '#a5261e', medium: '#d99a3c', low: '#2b6e2b' };
  const main = document.getElementById('main');
  const iso = (d) => d.toISOString().slice(0, 10);
  const state = {
    by: 'sector',
    set: '2018', // or '2024': the same respondents by the NCSC/DTC set of 2024
    to: iso(new Date()),
    from: iso(new Date(Date.now() - 83 * 86400000)),
    data: null,
    funnel: null,
    campaign: '',
    token: '',
  };

  const pct = (x) => `${Math.round(x * 100)}%`;

  // One principle: a horizontal stacked bar per group (high, medium, low).
  function principleChart(p, data) {
    const groups = data.groups;
    const rowH = 30,
      labelW = 270,
      barW = 420,
      top = 8,
      width = labelW + barW + 70;
    const height = top + groups.length * rowH + 8;
    const titleId = `chart-${p.id}`;
    const svg = s(
      'svg',
      {
        viewBox: `0 0 ${width} ${height}`,
        width: '100%',
        class: 'chart',
        role: 'img',
        'aria-labelledby': titleId,
        focusable: 'false',
      },
      s('title', { id: titleId }, t('chartlabel', { title: p.title, by: t(`by.${data.by}`).toLowerCase() })),
    );
    groups.forEach((g, i) => {
      const y = top + i * rowH;
      svg.append(
        s(
          'text',
          { x: labelW - 8, y: y + 19, 'text-anchor': 'end', 'font-size': 13, fill: '#1b1b1b' },
          g.label.length > 36 ? `${g.label.slice(0, 35)}…` : g.label,
        ),
      );
      if (g.suppressed) {
        svg.append(
          s('rect', { x: labelW, y: y + 4, width: barW, height: rowH - 10, fill: '#eef0f3', stroke: '#8f96a0' }),
        );
        svg.append(s('text', { x: labelW + 8, y: y + 19, 'font-size': 12, fill: '#4a4f57' }, t('suppressed')));
        return;
      }
      let x = labelW;
      for (const l of LEVELS) {
        const w = barW * g.principles[p.id][l];
        if (w > 0) svg.append(s('rect', { x, y: y + 4, width: w, height: rowH - 10, fill: COLORS[l] }));
        x += w;
      }
      svg.append(
        s('text', { x: labelW + barW + 6, y: y + 19, 'font-size': 12, fill: '#1b1b1b' }, `n=${g.respondents}`),
      );
    });
    const table = h(
      'table',
      {},
      h('caption', {}, p.title),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('group')),
          ...LEVELS.map((l) => h('th', { scope: 'col', class: 'num' }, t(`level.${l}`))),
          h('th', { scope: 'col', class: 'num' }, 'n'),
        ),
      ),
      h(
        'tbody',
        {},
        groups.map((g) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, g.label),
            ...(g.suppressed
              ? [h('td', { colspan: '4' }, t('suppressed'))]
              : [
                  ...LEVELS.map((l) => h('td', { class: 'num' }, pct(g.principles[p.id][l]))),
                  h('td', { class: 'num' }, g.respondents),
                ]),
          ),
        ),
      ),
    );
    return h(
      'figure',
      { class: 'card' },
      h('h3', {}, p.title),
      svg,
      h('details', {}, h('summary', {}, t('table')), h('div', { class: 'table-wrap' }, table)),
    );
  }

  function legend() {
    return h(
      'ul',
      { class: 'legend' },
      ...LEVELS.map((l) => h('li', {}, h('span', { class: `swatch ${l}`, 'aria-hidden': 'true' }), t(`level.${l}`))),
      h('li', {}, h('span', { class: 'swatch suppressed', 'aria-hidden': 'true' }), t('suppressed')),
    );
  }

  function funnelSection() {
    const idIn = h('input', {
      id: 'camp-id',
      type: 'text',
      autocomplete: 'off',
      spellcheck: 'false',
      value: state.campaign,
    });
    const tokIn = h('input', { id: 'camp-token', type: 'password', autocomplete: 'off', spellcheck: 'false' });
    tokIn.value = state.token;
    const out = h('div', { 'aria-live': 'polite' });
    const show = async (ev) => {
      ev.preventDefault();
      state.campaign = idIn.value.trim();
      state.token = tokIn.value.trim();
      try {
        state.funnel = await api(
          'GET',
          `/api/v1/campaigns/${encodeURIComponent(state.campaign)}/stats?from=${state.from}&to=${state.to}`,
          { token: state.token },
        );
        out.replaceChildren(funnelView(state.funnel));
        ZT.announce(t('updated'));
      } catch (e) {
        out.replaceChildren(
          h(
            'div',
            { class: 'notice error', role: 'alert' },
            e.status === 401 ? t('unauthorized') : t('error', { msg: e.message }),
          ),
        );
      }
    };
    if (state.funnel) out.replaceChildren(funnelView(state.funnel));
    return h(
      'section',
      { 'aria-labelledby': 'funnel-h' },
      h('h2', { id: 'funnel-h' }, t('funnel.title')),
      h('p', {}, t('funnel.intro')),
      h(
        'form',
        { class: 'card no-print', onsubmit: show },
        h(
          'div',
          { class: 'row' },
          h('div', { class: 'field' }, h('label', { for: 'camp-id' }, t('funnel.id')), idIn),
          h('div', { class: 'field' }, h('label', { for: 'camp-token' }, t('funnel.token')), tokIn),
        ),
        h('button', { type: 'submit' }, t('funnel.show')),
      ),
      out,
    );
  }

  function funnelView(f) {
    const steps = ['started', 'completed', 'high', 'referral', 'booked'];
    const max = Math.max(1, ...steps.map((k) => f.totals[k]));
    const rowH = 34,
      labelW = 170,
      barW = 400;
    const svg = s(
      'svg',
      {
        viewBox: `0 0 ${labelW + barW + 60} ${steps.length * rowH + 10}`,
        width: '100%',
        class: 'chart',
        role: 'img',
        'aria-labelledby': 'funnel-chart',
        focusable: 'false',
      },
      s('title', { id: 'funnel-chart' }, t('funnel.chart', { name: f.name })),
    );
    steps.forEach((k, i) => {
      const y = 5 + i * rowH;
      svg.append(
        s('text', { x: labelW - 8, y: y + 21, 'text-anchor': 'end', 'font-size': 13, fill: '#1b1b1b' }, t(`step.${k}`)),
        s('rect', {
          x: labelW,
          y: y + 5,
          width: Math.max(2, barW * (f.totals[k] / max)),
          height: rowH - 12,
          fill: '#154273',
        }),
        s(
          'text',
          { x: labelW + 6 + barW * (f.totals[k] / max), y: y + 21, 'font-size': 12, fill: '#1b1b1b' },
          String(f.totals[k]),
        ),
      );
    });
    const days = f.days.filter((d) => steps.some((k) => d[k] > 0));
    return h(
      'figure',
      { class: 'card' },
      h('h3', {}, f.name),
      h('p', {}, t('funnel.total', { from: ZT.fmtDate(f.from), to: ZT.fmtDate(f.to) })),
      svg,
      h(
        'details',
        {},
        h('summary', {}, t('table')),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            {},
            h('caption', {}, f.name),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, t('funnel.day')),
                ...steps.map((k) => h('th', { scope: 'col', class: 'num' }, t(`step.${k}`))),
              ),
            ),
            h(
              'tbody',
              {},
              days.map((d) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, ZT.fmtDate(d.date)),
                  ...steps.map((k) => h('td', { class: 'num' }, d[k])),
                ),
              ),
            ),
          ),
        ),
      ),
      h(
        'p',
        { class: 'no-print' },
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: async () => {
              const res = await api(
                'GET',
                `/api/v1/campaigns/${encodeURIComponent(state.campaign)}/stats.csv?from=${state.from}&to=${state.to}`,
                { token: state.token, raw: true },
              );
              const a = h(
                'a',
                { href: URL.createObjectURL(await res.blob()), download: `funnel-${state.campaign}.csv` },
                'CSV',
              );
              document.body.append(a);
              a.click();
              a.remove();
              setTimeout(() => URL.revokeObjectURL(a.href), 1000);
            },
          },
          t('funnel.csv'),
        ),
      ),
    );
  }

  async function load() {
    state.data = await api(
      'GET',
      `/api/v1/stats?by=${state.by}&set=${state.set}&from=${state.from}&to=${state.to}&lang=${ZT.lang}`,
    );
  }

  function render(focus = true) {
    ZT.chrome(t('doctitle'), render);
    const bySel = h(
      'select',
      { id: 'by' },
      ...['sector', 'size', 'province', 'campaign'].map((b) =>
        h('option', { value: b, selected: b === state.by }, t(`by.${b}`)),
      ),
    );
    const setSel = h(
      'select',
      { id: 'set' },
      ...['2018', '2024'].map((v) => h('option', { value: v, selected: v === state.set }, t(`set.${v}`))),
    );
    const fromIn = h('input', { id: 'from', type: 'date', value: state.from, min: '2024-01-01', max: state.to });
    const toIn = h('input', { id: 'to', type: 'date', value: state.to, min: '2024-01-01', max: iso(new Date()) });
    const msg = h('div', {});
    const form = h(
      'form',
      {
        class: 'card no-print',
        onsubmit: async (ev) => {
          ev.preventDefault();
          state.by = bySel.value;
          state.set = setSel.value;
          state.from = fromIn.value;
          state.to = toIn.value;
          try {
            await load();
            render(false);
            ZT.announce(t('updated'));
          } catch (e) {
            msg.replaceChildren(h('div', { class: 'notice error', role: 'alert' }, t('error', { msg: e.message })));
          }
        },
      },
      h(
        'div',
        { class: 'row' },
        h('div', { class: 'field' }, h('label', { for: 'by' }, t('by')), bySel),
        h('div', { class: 'field' }, h('label', { for: 'set' }, t('set')), setSel),
        h('div', { class: 'field' }, h('label', { for: 'from' }, t('from')), fromIn),
        h('div', { class: 'field' }, h('label', { for: 'to' }, t('to')), toIn),
      ),
      h('button', { type: 'submit' }, t('show')),
      msg,
    );
    const d = state.data;
    const results = [];
    if (d) {
      results.push(
        h('p', {}, t('period', { from: ZT.fmtDate(d.from), to: ZT.fmtDate(d.to) })),
        h(
          'p',
          { class: 'no-print' },
          h(
            'a',
            {
              class: 'button secondary',
              href: `/api/v1/stats.csv?by=${d.by}&set=${d.set}&from=${state.from}&to=${state.to}&lang=${ZT.lang}`,
              download: '',
            },
            t('csv'),
          ),
          ' ',
          h('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, t('print')),
        ),
      );
      if (!d.groups.some((g) => !g.suppressed)) results.push(h('div', { class: 'notice' }, t('nothing')));
      results.push(legend(), ...d.principles.map((p) => principleChart(p, d)));
    }
    const h1 = ZT.show(
      main,
      h('h1', {}, t('title')),
      h('p', {}, t('intro', { k: d ? d.min_group : 10 })),
      form,
      results,
      funnelSection(),
    );
    if (focus) ZT.focusHeading(h1);
  }

  (async () => {
    try {
      await load();
    } catch (e) {
      state.data = null;
    }
    render();
  })();
})();
