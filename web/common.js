/* common.js — small helpers shared by the network dashboard, the statistics
 * page and the withdrawal page: language, DOM building, JSON requests.
 * No framework, no build step; strict CSP (no inline scripts or styles). */
'use strict';

/* exported ZT */
const ZT = (() => {
  const store = (() => {
    // storage can be blocked (third-party frames, privacy settings): fall back to memory
    const mem = {};
    const get = (area, k) => {
      try {
        return window[area].getItem(k);
      } catch {
        return mem[`${area}:${k}`] ?? null;
      }
    };
    const set = (area, k, v) => {
      try {
        if (v === null) window[area].removeItem(k);
        else window[area].setItem(k, v);
      } catch {
        /* memory only */
      }
      if (v === null) delete mem[`${area}:${k}`];
      else mem[`${area}:${k}`] = v;
    };
    return { get, set };
  })();

  let lang = store.get('localStorage', 'zelftest.lang') === 'en' ? 'en' : 'nl';
  const dict = {};

  function t(key, vars = {}) {
    const s = (dict[lang] && dict[lang][key]) ?? (dict.nl && dict.nl[key]) ?? key;
    return s.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : `{${k}}`));
  }

  function setLang(l) {
    lang = l === 'en' ? 'en' : 'nl';
    store.set('localStorage', 'zelftest.lang', lang);
    document.documentElement.lang = lang;
  }

  const present = (c) => c !== null && c !== undefined && c !== false;

  // h('p', {class: 'x', onclick: fn}, 'text', child…): builds an element; strings become text nodes
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'text') el.textContent = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) if (present(c)) el.append(c instanceof Node ? c : String(c));
    return el;
  }

  const svgNS = 'http://www.w3.org/2000/svg';
  function s(tag, attrs, ...children) {
    const el = document.createElementNS(svgNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
    for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
    return el;
  }

  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.error && body.error.message) || `HTTP ${status}`);
      this.status = status;
      this.code = body && body.error && body.error.code;
      this.body = body;
    }
  }

  async function api(method, path, { body, token, raw } = {}) {
    const headers = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    let res;
    try {
      res = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, { error: { code: 'network', message: t('error.network') } });
    }
    if (raw) {
      if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
      return res;
    }
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) throw new ApiError(res.status, data);
    return data;
  }

  function announce(text) {
    const live = document.getElementById('live');
    if (!live) return;
    live.textContent = '';
    // a new text node after a tick, so screen readers announce repeats too
    setTimeout(() => {
      live.textContent = text;
    }, 50);
  }

  function focusHeading(el) {
    if (!el) return;
    el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll: false });
  }

  function fmtDateTime(iso) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    return d.toLocaleString(lang === 'en' ? 'en-GB' : 'nl-NL', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Europe/Amsterdam',
    });
  }

  function fmtDate(iso) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    return d.toLocaleDateString(lang === 'en' ? 'en-GB' : 'nl-NL', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' });
  }

  function langSwitch(onchange) {
    const other = lang === 'nl' ? 'en' : 'nl';
    return h(
      'button',
      {
        type: 'button',
        class: 'link-button lang-switch',
        lang: other,
        onclick: () => {
          setLang(other);
          onchange();
        },
      },
      other === 'en' ? 'English' : 'Nederlands',
    );
  }

  // The header and footer every page shares: document title, subtitle,
  // footer text (where the page has one), the page's own header actions and
  // the language switch.
  function chrome(docTitle, onLangChange, ...actions) {
    document.title = docTitle;
    document.getElementById('subtitle').textContent = t('subtitle');
    const footer = document.getElementById('footer-text');
    if (footer) footer.textContent = t('footer');
    document.getElementById('header-actions').replaceChildren(...actions, langSwitch(onLangChange));
  }

  // Replaces the contents of `main` with the view's h1 and its content
  // (null, undefined and false left out); returns the h1.
  function show(main, h1, ...content) {
    main.replaceChildren(h1, ...content.flat().filter(present));
    return h1;
  }

  return {
    store,
    t,
    h,
    s,
    api,
    ApiError,
    announce,
    focusHeading,
    fmtDateTime,
    fmtDate,
    langSwitch,
    chrome,
    show,
    get lang() {
      return lang;
    },
    setLang,
    // adds a page's texts (several files may each add theirs)
    dictionary(d) {
      for (const l of Object.keys(d)) dict[l] = { ...dict[l], ...d[l] };
      document.documentElement.lang = lang;
    },
  };
})();
