/* stats.js — the anonymous statistics: the headline figures, the
 * self-test's levels per principle by sector, size, province or campaign,
 * what the students found in their scans (observed levels, the most
 * frequent findings, how well the self-test predicted them), the change
 * after a re-test, and a campaign's funnel for its owner.  Every chart
 * (stats-chart.js) has a data table for screen readers; groups under the
 * minimum are shown as held back.  Texts in stats-texts.js. */
'use strict';
(() => {
  const { h, t, api } = ZT;
  const { chart } = ZT.stats;
  const LEVELS = ['high', 'medium', 'low']; // the self-test's
  const OBSERVED = ['urgent', 'attention', 'ok']; // the students'
  // fills and the colour of a figure on them (contrast >= 4.5:1)
  const FILL = { high: '#a5261e', medium: '#d99a3c', low: '#2b6e2b' };
  const INK = { high: '#ffffff', medium: '#1b1b1b', low: '#ffffff' };
  const AS_LEVEL = { urgent: 'high', attention: 'medium', ok: 'low' };
  const main = document.getElementById('main');
  const iso = (d) => d.toISOString().slice(0, 10);
  const state = {
    from: iso(new Date(Date.now() - 83 * 86400000)),
    to: iso(new Date()),
    by: 'sector',
    set: '2018', // or '2024': the same respondents by the NCSC/DTC set of 2024
    outBy: 'network',
    impBy: 'network',
    summary: null,
    data: null,
    outcomes: null,
    improvement: null,
    errors: {},
    funnel: null,
    campaign: '',
    token: '',
  };
  const views = {}; // the results part of each section, filled by refresh()

  const pct = (x) => `${Math.round(x * 100)}%`;
  const fewer = (k) => t('fewer', { k });
  const locale = () => (ZT.lang === 'en' ? 'en-GB' : 'nl-NL');
  // a change with its sign, the minus a real one (read out as "minus", not as a dash)
  const change = (v) =>
    `${v > 0 ? '+' : v < 0 ? '\u2212' : ''}${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(Math.abs(v))}`;
  const range = () => `from=${state.from}&to=${state.to}`;

  // ---------- loading ----------

  const loaders = {
    summary: () => api('GET', `/api/v1/stats/summary?${range()}`),
    data: () => api('GET', `/api/v1/stats?by=${state.by}&set=${state.set}&${range()}&lang=${ZT.lang}`),
    outcomes: () => api('GET', `/api/v1/stats/outcomes?by=${state.outBy}&${range()}&lang=${ZT.lang}`),
    improvement: () => api('GET', `/api/v1/stats/improvement?by=${state.impBy}&${range()}&lang=${ZT.lang}`),
  };

  async function load(key) {
    try {
      state[key] = await loaders[key]();
      delete state.errors[key];
    } catch (e) {
      state[key] = null;
      state.errors[key] = e.message;
    }
  }

  const loadAll = () => Promise.all(Object.keys(loaders).map(load));

  // ---------- pieces every section uses ----------

  function legend(items) {
    return h(
      'ul',
      { class: 'legend' },
      items.map(([cls, text]) => h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), text)),
    );
  }

  function bySelect(id, values, value) {
    return h(
      'select',
      { id },
      values.map((b) => h('option', { value: b, selected: b === value }, t(`by.${b}`))),
    );
  }

  function table(caption, head, rows) {
    return h(
      'table',
      {},
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          head.map((c, i) => h('th', { scope: 'col', class: i > 0 ? 'num' : null }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map(([label, cells, held]) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, label),
            held ? h('td', { colspan: String(head.length - 1) }, held) : cells.map((c) => h('td', { class: 'num' }, c)),
          ),
        ),
      ),
    );
  }

  function figure(title, spec, tbl) {
    return h(
      'figure',
      { class: 'card' },
      h('h3', {}, title),
      chart(spec),
      h('details', {}, h('summary', {}, t('table')), h('div', { class: 'table-wrap' }, tbl)),
    );
  }

  // one row of stacked shares; `levels` in drawing order, coloured as the self-test's levels
  const stacked = (shares, levels) =>
    levels.map((l) => {
      const as = AS_LEVEL[l] || l;
      return { value: shares[l], fill: FILL[as], ink: INK[as] };
    });

  const failed = (key) => h('div', { class: 'notice error', role: 'alert' }, t('error', { msg: state.errors[key] }));

  // ---------- the headline ----------

  function summaryView() {
    const d = state.summary;
    if (!d) return failed('summary');
    const k = d.min_group;
    // a figure the API holds back (null) is fewer than the minimum, never 0
    const tile = (value, label, shown = value) =>
      h(
        'li',
        {},
        h('strong', { class: value === null ? 'figure few' : 'figure' }, value === null ? fewer(k) : shown),
        ' ',
        h('span', {}, label),
      );
    const high = d.high_share;
    return [
      h(
        'ul',
        { class: 'tiles' },
        tile(d.respondents, t('sum.respondents')),
        tile(high, t(high === null ? 'sum.high.few' : 'sum.high'), high !== null && pct(high)),
        tile(d.scans_requested, t('sum.requested')),
        tile(d.scans_done, t('sum.done')),
      ),
      h('p', {}, t('period', { from: ZT.fmtDate(d.from), to: ZT.fmtDate(d.to) })),
    ];
  }

  // ---------- the self-test ----------

  function principleChart(p, d) {
    const spec = {
      kind: 'stack',
      title: t('chartlabel', { title: p.title, by: t(`by.${d.by}`).toLowerCase() }),
      rows: d.groups.map((g) =>
        g.suppressed
          ? { label: g.label, suppressed: t('suppressed') }
          : { label: g.label, note: `n=${g.respondents}`, segments: stacked(g.principles[p.id], LEVELS) },
      ),
    };
    const tbl = table(
      p.title,
      [t('group'), ...LEVELS.map((l) => t(`level.${l}`)), 'n'],
      d.groups.map((g) => [
        g.label,
        g.suppressed ? [] : [...LEVELS.map((l) => pct(g.principles[p.id][l])), g.respondents],
        g.suppressed && t('suppressed'),
      ]),
    );
    return figure(p.title, spec, tbl);
  }

  function selfView() {
    const d = state.data;
    if (!d) return failed('data');
    const csv = h(
      'p',
      { class: 'no-print' },
      h(
        'a',
        {
          class: 'button secondary',
          href: `/api/v1/stats.csv?by=${d.by}&set=${d.set}&${range()}&lang=${ZT.lang}`,
          download: '',
        },
        t('csv'),
      ),
    );
    if (!d.groups.some((g) => !g.suppressed)) return [csv, h('div', { class: 'notice' }, t('nothing'))];
    return [
      csv,
      legend([...LEVELS.map((l) => [l, t(`level.${l}`)]), ['suppressed', t('suppressed')]]),
      d.principles.map((p) => principleChart(p, d)),
    ];
  }

  // ---------- what the students found ----------

  // the groups of an outcome or improvement answer, all shown groups together first
  const withAll = (d) => [{ ...d.all, label: t('all'), strong: true }, ...d.groups];

  function outcomeChart(p, d) {
    const groups = withAll(d);
    const spec = {
      kind: 'stack',
      title: t('out.chart', { title: p.title, by: t(`by.${d.by}`).toLowerCase() }),
      rows: groups.map((g) =>
        g.suppressed
          ? { label: g.label, strong: g.strong, suppressed: t('out.suppressed') }
          : { label: g.label, strong: g.strong, note: `n=${g.scans}`, segments: stacked(g.principles[p.id], OBSERVED) },
      ),
    };
    const tbl = table(
      p.title,
      [t('group'), ...OBSERVED.map((o) => t(`obs.${o}`)), t('scans')],
      groups.map((g) => [
        g.label,
        g.suppressed ? [] : [...OBSERVED.map((o) => pct(g.principles[p.id][o])), g.scans],
        g.suppressed && t('out.suppressed'),
      ]),
    );
    return figure(p.title, spec, tbl);
  }

  function findings(d) {
    const shown = withAll(d).filter((g) => !g.suppressed);
    const held = d.groups.filter((g) => g.suppressed).map((g) => g.label);
    return [
      h('h3', { id: 'find-h' }, t('find.title')),
      h('p', {}, t('find.intro')),
      h(
        'div',
        { class: 'finding-groups' },
        shown.map((g) =>
          h(
            'div',
            { class: 'card' },
            h('h4', {}, g.label),
            g.findings.length === 0
              ? h('p', {}, t('find.none'))
              : h(
                  'ol',
                  { class: 'findings' },
                  g.findings.map((f) =>
                    h(
                      'li',
                      {},
                      h('span', { class: 'finding-title' }, f.title),
                      ' ',
                      h('span', { class: 'finding-share' }, t('find.share', { pct: pct(f.share) })),
                    ),
                  ),
                ),
          ),
        ),
      ),
      held.length > 0 && h('p', { class: 'held' }, t('find.held', { groups: held.join(', ') })),
    ];
  }

  function outcomesView() {
    const d = state.outcomes;
    if (!d) return failed('outcomes');
    const csv = h(
      'p',
      { class: 'no-print' },
      h(
        'a',
        {
          class: 'button secondary',
          href: `/api/v1/stats/outcomes.csv?by=${d.by}&${range()}&lang=${ZT.lang}`,
          download: '',
        },
        t('out.csv'),
      ),
    );
    if (d.all.suppressed) return [csv, h('div', { class: 'notice' }, t('out.nothing'))];
    return [
      csv,
      legend([...OBSERVED.map((o) => [AS_LEVEL[o], t(`obs.${o}`)]), ['suppressed', t('out.suppressed')]]),
      d.principles.map((p) => outcomeChart(p, d)),
      findings(d),
    ];
  }

  // ---------- the calibration ----------

  function calibrationFigure(p, cal) {
    const rows = ['low', 'medium', 'high'].map((l) => ({ level: l, ...cal[l] }));
    const spec = {
      kind: 'stack',
      title: t('cal.chart', { title: p.title }),
      rows: rows.map((r) =>
        r.suppressed
          ? { label: t(`cal.row.${r.level}`), suppressed: t('out.suppressed') }
          : { label: t(`cal.row.${r.level}`), note: `n=${r.scans}`, segments: stacked(r, OBSERVED) },
      ),
    };
    const tbl = table(
      p.title,
      [t('cal.selftest'), ...OBSERVED.map((o) => t(`obs.${o}`)), t('scans')],
      rows.map((r) => [
        t(`cal.row.${r.level}`),
        r.suppressed ? [] : [...OBSERVED.map((o) => pct(r[o])), r.scans],
        r.suppressed && t('out.suppressed'),
      ]),
    );
    const said = rows
      .filter((r) => !r.suppressed)
      .map((r) =>
        h(
          'p',
          { class: 'sentence' },
          // the share that needed attention always, the other two where there were any
          [
            t('cal.sentence', { level: t(`cal.level.${r.level}`), attention: pct(r.attention) }),
            r.urgent > 0 && t('cal.urgent', { pct: pct(r.urgent) }),
            r.ok > 0 && t('cal.ok', { pct: pct(r.ok) }),
          ]
            .filter(Boolean)
            .join(' '),
        ),
      );
    const fig = figure(p.title, spec, tbl);
    fig.querySelector('h3').after(...said);
    return fig;
  }

  function calibrationView() {
    const d = state.outcomes;
    if (!d) return failed('outcomes');
    const cal = d.all.suppressed ? null : d.all.calibration;
    const some = cal && d.principles.some((p) => LEVELS.some((l) => !cal[p.id][l].suppressed));
    if (!some) return h('div', { class: 'notice' }, t('cal.nothing'));
    return [
      legend([...OBSERVED.map((o) => [AS_LEVEL[o], t(`obs.${o}`)]), ['suppressed', t('out.suppressed')]]),
      d.principles.map((p) => calibrationFigure(p, cal[p.id])),
    ];
  }

  // ---------- the improvement after a re-test ----------

  function improvementChart(p, d, max) {
    const groups = withAll(d);
    const spec = {
      kind: 'diverge',
      max,
      title: t('imp.chart', { title: p.title, by: t(`by.${d.by}`).toLowerCase() }),
      rows: groups.map((g) => {
        if (g.suppressed) return { label: g.label, strong: g.strong, suppressed: t('imp.suppressed') };
        const v = g.mean_change[p.id];
        return {
          label: g.label,
          strong: g.strong,
          note: `n=${g.retests}`,
          value: v,
          text: change(v),
          fill: v < 0 ? FILL.high : FILL.low,
        };
      }),
    };
    const tbl = table(
      p.title,
      [t('group'), t('imp.change'), t('imp.retests')],
      groups.map((g) => [
        g.label,
        g.suppressed ? [] : [change(g.mean_change[p.id]), g.retests],
        g.suppressed && t('imp.suppressed'),
      ]),
    );
    return figure(p.title, spec, tbl);
  }

  function improvementView() {
    const d = state.improvement;
    if (!d) return failed('improvement');
    if (d.all.suppressed) return h('div', { class: 'notice' }, t('imp.nothing'));
    // one scale for all five charts, in whole tens
    const values = withAll(d)
      .filter((g) => !g.suppressed)
      .flatMap((g) => Object.values(g.mean_change).map(Math.abs));
    const max = Math.max(10, Math.ceil(Math.max(...values) / 10) * 10);
    return [
      h('ul', { class: 'legend' }, h('li', {}, t('imp.up')), h('li', {}, t('imp.down'))),
      d.principles.map((p) => improvementChart(p, d, max)),
    ];
  }

  // ---------- a campaign's funnel ----------

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
        state.funnel = await api('GET', `/api/v1/campaigns/${encodeURIComponent(state.campaign)}/stats?${range()}`, {
          token: state.token,
        });
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
      { id: 'funnel', 'aria-labelledby': 'funnel-h' },
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
    const spec = {
      kind: 'bar',
      max: Math.max(1, ...steps.map((k) => f.totals[k])),
      title: t('funnel.chart', { name: f.name }),
      rows: steps.map((k) => ({
        label: t(`step.${k}`),
        value: f.totals[k],
        text: String(f.totals[k]),
        fill: '#154273',
      })),
    };
    const days = f.days.filter((d) => steps.some((k) => d[k] > 0));
    const fig = figure(
      f.name,
      spec,
      table(
        f.name,
        [t('funnel.day'), ...steps.map((k) => t(`step.${k}`))],
        days.map((d) => [ZT.fmtDate(d.date), steps.map((k) => d[k])]),
      ),
    );
    fig.querySelector('h3').after(h('p', {}, t('funnel.total', { from: ZT.fmtDate(f.from), to: ZT.fmtDate(f.to) })));
    fig.append(
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
                `/api/v1/campaigns/${encodeURIComponent(state.campaign)}/stats.csv?${range()}`,
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
    return fig;
  }

  // ---------- the page ----------

  const VIEWS = {
    summary: summaryView,
    data: selfView,
    outcomes: outcomesView,
    calibration: calibrationView,
    improvement: improvementView,
  };

  function refresh(...keys) {
    for (const k of keys) if (views[k]) views[k].replaceChildren(...[VIEWS[k]()].flat(2).filter((c) => c));
  }

  // A section: its heading, intro, an optional form of its own and the part refresh() fills.
  function section(id, key, title, intro, form) {
    views[key] = h('div', { class: 'results' });
    return h(
      'section',
      { id, 'aria-labelledby': `${id}-h` },
      h('h2', { id: `${id}-h` }, title),
      intro && h('p', {}, intro),
      form,
      views[key],
    );
  }

  // A section's own form: its fields and a button; on submit `apply` takes the
  // fields' values, the data is loaded again and the given views redrawn.
  function sectionForm(fields, button, apply, key, ...redraw) {
    const msg = h('div', {});
    return h(
      'form',
      {
        class: 'card no-print',
        onsubmit: async (ev) => {
          ev.preventDefault();
          apply();
          msg.replaceChildren();
          await load(key);
          refresh(key, ...redraw);
          if (state.errors[key]) msg.replaceChildren(failed(key));
          else ZT.announce(t('updated'));
        },
      },
      h(
        'div',
        { class: 'row' },
        fields.map(([id, label, el]) => h('div', { class: 'field' }, h('label', { for: id }, label), el)),
      ),
      h('button', { type: 'submit' }, button),
      msg,
    );
  }

  function periodForm() {
    const fromIn = h('input', { id: 'from', type: 'date', value: state.from, min: '2024-01-01', max: state.to });
    const toIn = h('input', { id: 'to', type: 'date', value: state.to, min: '2024-01-01', max: iso(new Date()) });
    return h(
      'form',
      {
        class: 'card no-print',
        onsubmit: async (ev) => {
          ev.preventDefault();
          state.from = fromIn.value;
          state.to = toIn.value;
          await loadAll();
          refresh(...Object.keys(VIEWS));
          ZT.announce(t('updated'));
        },
      },
      h(
        'div',
        { class: 'row' },
        h('div', { class: 'field' }, h('label', { for: 'from' }, t('from')), fromIn),
        h('div', { class: 'field' }, h('label', { for: 'to' }, t('to')), toIn),
      ),
      h('button', { type: 'submit' }, t('period.show')),
      ' ',
      h('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, t('print')),
    );
  }

  function render(focus = true) {
    ZT.chrome(t('doctitle'), async () => {
      await loadAll(); // the groups' and principles' names come in the page's language
      render();
    });
    const k = (state.summary || state.data || {}).min_group || 10;
    const bySel = bySelect('by', ['sector', 'size', 'province', 'campaign'], state.by);
    const setSel = h(
      'select',
      { id: 'set' },
      ['2018', '2024'].map((v) => h('option', { value: v, selected: v === state.set }, t(`set.${v}`))),
    );
    const outSel = bySelect('out-by', ['network', 'sector', 'size', 'province'], state.outBy);
    const impSel = bySelect('imp-by', ['network', 'sector', 'province'], state.impBy);
    const h1 = ZT.show(
      main,
      h('h1', {}, t('title')),
      h('p', {}, t('intro', { k })),
      periodForm(),
      section('summary', 'summary', t('sum.title')),
      section(
        'selftest',
        'data',
        t('self.title'),
        t('self.intro'),
        sectionForm(
          [
            ['by', t('by'), bySel],
            ['set', t('set'), setSel],
          ],
          t('show'),
          () => {
            state.by = bySel.value;
            state.set = setSel.value;
          },
          'data',
        ),
      ),
      section(
        'outcomes',
        'outcomes',
        t('out.title'),
        t('out.intro', { k }),
        sectionForm(
          [['out-by', t('by'), outSel]],
          t('out.show'),
          () => {
            state.outBy = outSel.value;
          },
          'outcomes',
          'calibration',
        ),
      ),
      section('calibration', 'calibration', t('cal.title'), t('cal.intro')),
      section(
        'improvement',
        'improvement',
        t('imp.title'),
        t('imp.intro', { k }),
        sectionForm(
          [['imp-by', t('by'), impSel]],
          t('imp.show'),
          () => {
            state.impBy = impSel.value;
          },
          'improvement',
        ),
      ),
      funnelSection(),
    );
    refresh(...Object.keys(VIEWS));
    if (focus) ZT.focusHeading(h1);
  }

  (async () => {
    await loadAll();
    render();
  })();
})();
