/* network-outcome.js — the outcome of a scan in the dashboard: per basic
 * principle ok / attention / urgent (nothing ticked at first), the findings
 * of the catalogue (GET /api/v1/network/findings) as checkboxes per
 * principle with their explanation, and the day the report went out
 * (POST /api/v1/network/referrals/{id}/outcome).  A recorded outcome is
 * shown above the form.  network.js calls ZT.dash.outcome.section(). */
'use strict';
(() => {
  const { h, t } = ZT;
  const dash = (ZT.dash = ZT.dash || {});
  const LEVELS = ['ok', 'attention', 'urgent'];
  let catalogue = null;

  // The findings catalogue in the page's language (kept while the language stays).
  async function load(call) {
    if (catalogue && catalogue.lang === ZT.lang) return catalogue;
    const c = await call('GET', '/api/v1/network/findings');
    catalogue = { ...c, lang: ZT.lang };
    return catalogue;
  }

  const levelBadge = (l) => h('span', { class: `badge outcome-${l}` }, t(`outcome.level.${l}`));

  function recorded(o, cat) {
    const byId = new Map(cat.findings.map((f) => [f.id, f]));
    const found = (o.findings || []).map((id) => byId.get(id)).filter(Boolean);
    return h(
      'div',
      { class: 'outcome-recorded' },
      h(
        'ul',
        { class: 'principle-scores' },
        cat.principles.map((p) => {
          const l = o.principles && o.principles[p.id];
          const mine = found.filter((f) => f.principle === p.id);
          return h(
            'li',
            {},
            h('span', { class: 'p-title' }, p.title),
            ' ',
            l ? levelBadge(l) : h('span', { class: 'muted' }, '–'),
            mine.length
              ? h(
                  'ul',
                  { class: 'found' },
                  mine.map((f) => h('li', {}, f.title)),
                )
              : null,
          );
        }),
      ),
      h(
        'p',
        {},
        o.report_sent ? t('outcome.report.sent', { date: ZT.fmtDate(o.report_sent) }) : t('outcome.report.not'),
        o.recorded
          ? [h('br'), h('span', { class: 'muted' }, t('outcome.recorded', { at: ZT.fmtDateTime(o.recorded) }))]
          : null,
      ),
    );
  }

  function form(r, cat, ctx) {
    const o = r.outcome || {};
    const had = new Set(o.findings || []);
    const alertBox = h('div', { role: 'alert' });
    const summary = h('div', { class: 'error-summary', tabindex: '-1', hidden: true }, alertBox);
    const blocks = cat.principles.map((p) => {
      const errId = `oe-${p.id}`;
      const findings = cat.findings.filter((f) => f.principle === p.id);
      return h(
        'div',
        { class: 'principle-block', id: `ob-${p.id}` },
        h('h3', {}, p.title),
        h(
          'fieldset',
          { class: 'levels', 'data-principle': p.id },
          h('legend', {}, t('outcome.level.legend', { title: p.title })),
          h('p', { class: 'error-text', id: errId, hidden: true }, t('outcome.level.missing', { title: p.title })),
          h(
            'div',
            { class: 'options levels-row' },
            LEVELS.map((l) =>
              ctx.option('radio', `o-${p.id}`, `o-${p.id}-${l}`, l, t(`outcome.level.${l}`), {
                checked: o.principles && o.principles[p.id] === l ? true : null,
              }),
            ),
          ),
        ),
        findings.length
          ? h(
              'fieldset',
              { class: 'findings' },
              h('legend', {}, t('outcome.findings.legend', { title: p.title })),
              h(
                'div',
                { class: 'options' },
                findings.map((f) =>
                  h(
                    'div',
                    { class: 'option finding' },
                    h('input', {
                      type: 'checkbox',
                      name: 'finding',
                      id: `of-${f.id}`,
                      value: f.id,
                      checked: had.has(f.id) ? true : null,
                      'aria-describedby': `ox-${f.id}`,
                    }),
                    h(
                      'div',
                      { class: 'finding-text' },
                      h('label', { for: `of-${f.id}` }, f.title),
                      h('p', { class: 'explain', id: `ox-${f.id}` }, f.explain),
                    ),
                  ),
                ),
              ),
            )
          : null,
      );
    });
    const report = h('input', {
      type: 'date',
      id: 'o-report',
      name: 'report_sent',
      value: o.report_sent || null,
      'aria-describedby': 'o-report-hint',
      'data-describedby': 'o-report-hint',
      class: 'short-date',
    });
    const submit = h('button', { type: 'submit' }, t('outcome.save'));
    const el = h(
      'form',
      {
        id: 'outcome-form',
        class: 'outcome-form',
        novalidate: true,
        'aria-labelledby': 'outcome-form-h',
        onsubmit: async (ev) => {
          ev.preventDefault();
          clear();
          const principles = {};
          const missing = [];
          for (const p of cat.principles) {
            const c = el.querySelector(`input[name="o-${p.id}"]:checked`);
            if (c) principles[p.id] = c.value;
            else missing.push(p);
          }
          if (missing.length) {
            for (const p of missing) {
              const fs = el.querySelector(`fieldset[data-principle="${p.id}"]`);
              fs.classList.add('invalid');
              fs.querySelector('.error-text').hidden = false;
              for (const i of fs.querySelectorAll('input')) i.setAttribute('aria-describedby', `oe-${p.id}`);
            }
            problem(
              t('outcome.errors', { n: missing.length }),
              missing.map((p) => ({ text: t('outcome.level.missing', { title: p.title }), target: `o-${p.id}-ok` })),
            );
            return;
          }
          const body = {
            principles,
            findings: [...el.querySelectorAll('input[name="finding"]:checked')].map((i) => i.value),
          };
          if (report.value) body.report_sent = report.value;
          submit.disabled = true;
          try {
            await ctx.call('POST', `/api/v1/network/referrals/${encodeURIComponent(r.id)}/outcome`, { body });
            await ctx.reload({ section: 'outcome', message: t('outcome.saved') });
          } catch (e) {
            submit.disabled = false;
            if (e.status === 401) return;
            if (e.code === 'referral_withdrawn' || e.code === 'wrong_status') {
              await ctx.reload({ section: 'outcome', error: e });
              return;
            }
            problem(e.message, []);
          }
        },
      },
      h('h3', { id: 'outcome-form-h', class: 'visually-hidden' }, t('outcome.form')),
      summary,
      h('p', {}, t('outcome.intro')),
      blocks,
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'o-report' }, t('outcome.report.label')),
        h('p', { class: 'hint', id: 'o-report-hint' }, t('outcome.report.hint')),
        report,
      ),
      submit,
    );
    // the problems at the top, each a link to its field; the summary takes focus
    function problem(title, items) {
      alertBox.replaceChildren(
        h('h3', {}, title),
        items.length
          ? h(
              'ul',
              {},
              items.map((it) =>
                h(
                  'li',
                  {},
                  h(
                    'a',
                    {
                      href: `#${it.target}`,
                      onclick: (ev) => {
                        ev.preventDefault();
                        document.getElementById(it.target).focus();
                      },
                    },
                    it.text,
                  ),
                ),
              ),
            )
          : null,
      );
      summary.hidden = false;
      summary.focus();
    }
    function clear() {
      alertBox.replaceChildren();
      summary.hidden = true;
      for (const fs of el.querySelectorAll('fieldset.invalid')) {
        fs.classList.remove('invalid');
        fs.querySelector('.error-text').hidden = true;
        for (const i of fs.querySelectorAll('input')) i.removeAttribute('aria-describedby');
      }
    }
    return el;
  }

  // The outcome's section of a referral: what was recorded, and the form where it can be (re)filled.
  function section(r, cat, ctx) {
    const sec = h(
      'section',
      { class: 'card', 'aria-labelledby': 'outcome-h', 'data-section': 'outcome' },
      h('h2', { id: 'outcome-h' }, t('outcome.title')),
    );
    const can = r.status === 'scheduled' || r.status === 'done';
    if (!can && !r.outcome) {
      sec.append(h('p', {}, t('outcome.later')));
      return sec;
    }
    if (!cat) {
      sec.append(h('p', {}, t('outcome.unavailable')));
      return sec;
    }
    if (r.outcome) sec.append(recorded(r.outcome, cat));
    else sec.append(h('p', {}, t('outcome.none')));
    if (!can) {
      sec.append(h('p', { class: 'hint' }, t('outcome.locked')));
      return sec;
    }
    const host = h('div', { id: 'outcome-host' });
    const toggle = h(
      'button',
      { type: 'button', class: 'secondary', 'aria-expanded': 'false', 'aria-controls': 'outcome-host' },
      t(r.outcome ? 'outcome.edit' : 'outcome.open'),
    );
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') === 'true';
      toggle.setAttribute('aria-expanded', String(!open));
      host.replaceChildren(open ? '' : form(r, cat, ctx));
    });
    sec.append(toggle, host);
    return sec;
  }

  dash.outcome = { load, section };
})();
