/*
 * The M2M widget: one page, no framework. It exchanges the link token (URL fragment) for a session, reads the
 * widget state and walks the user through the steps the state says are still needed. Everything is built with
 * DOM calls (never innerHTML), so nothing a server or user sends can become markup.
 */
(function () {
  'use strict';

  const DICT = window.M2M_I18N || { en: {} };
  const LOCALES = { en: 'en-US', es: 'es-MX' };
  const CIP_ORDER = ['name.firstName', 'name.secondName', 'name.lastName', 'name.secondLastName', 'dob', 'idType',
    'idNumber', 'idImage'];
  const OPTIONAL_NAMES = new Set(['name.secondName', 'name.secondLastName']);
  const ID_TYPES = ['CURP', 'INE', 'PASSPORT', 'SSN', 'ITIN', 'MATRICULA_CONSULAR'];
  const COUNTRIES = ['MX', 'GT', 'CO'];
  const CURRENCIES = ['MXN', 'GTQ', 'COP'];
  const CURRENCY_OF_COUNTRY = { MX: 'MXN', GT: 'GTQ', CO: 'COP' };
  const STEP_OF_VIEW = { welcome: 'welcome', details: 'details', verify: 'verify', pending: 'verify',
    verified: 'verify', failed: 'verify', send: 'send', done: 'done' };
  const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
  const POLL_MS = 1000;
  const QUOTE_DEBOUNCE_MS = 400;
  const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

  const app = document.getElementById('app');
  const live = document.getElementById('live');
  const embedded = window.parent !== window;
  // The origins the partner allows to embed the page (its allowedEmbedOrigins, also its CSP frame-ancestors).
  // Messages go to the parent only when its origin is one of them: the one the browser names when it tells
  // (ancestorOrigins, the referrer), else each allowed origin in turn, which the browser delivers only if it is
  // the parent's. No allowed origin: nothing is ever posted. Never '*'.
  const allowedOrigins = (function () {
    const meta = document.querySelector('meta[name="m2m-embed-origins"]');
    return meta ? meta.content.split(' ').filter((o) => /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(o)) : [];
  })();
  const parentOrigins = (function () {
    let told = null;
    try {
      if (location.ancestorOrigins && location.ancestorOrigins.length) told = location.ancestorOrigins[0];
      else if (document.referrer) told = new URL(document.referrer).origin;
    } catch (e) {
      told = null;
    }
    if (told && allowedOrigins.includes(told)) return [told];
    return told ? [] : allowedOrigins;
  })();

  const ctx = {
    lang: 'en', langChosen: false, linkId: null, session: null, state: null,
    view: null, viewSeq: 0, plan: [], lastStep: null, readyPosted: false, completedPosted: false,
    draft: { 'paymentMethod.type': 'bank_account', 'paymentMethod.bankAccount.country': 'MX' },
    errors: {}, formError: null, notice: null, busy: false, consent: false,
    amount: '', currency: null, quote: null, quoteSeq: 0, quoteState: 'empty', quoteTimer: null,
    quoteExpiryTimer: null, endKind: null
  };

  /** Thrown to stop a flow that already moved the page to an end state. */
  class Halt extends Error {}

  // ---------------------------------------------------------------- text, numbers, DOM

  function t(key, vars) {
    const dict = DICT[ctx.lang] || {};
    let text = key in dict ? dict[key] : (key in DICT.en ? DICT.en[key] : key);
    if (vars) {
      text = text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
    }
    return text;
  }

  function num(value, digits) {
    return new Intl.NumberFormat(LOCALES[ctx.lang], { minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, 6) })
      .format(Number(value));
  }

  function money(value, currency) {
    return num(value, 2) + '\u00a0' + currency;
  }

  function time(iso) {
    return new Intl.DateTimeFormat(LOCALES[ctx.lang], { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
  }

  function masked(last4) {
    return '\u2022\u2022\u2022\u2022 ' + (typeof last4 === 'string' ? last4 : '');
  }

  // A value of a forgotten user arrives as {"erased": true}: nothing of it is shown.
  function shown(mask) {
    return typeof mask === 'string' ? mask : '\u2014';
  }

  function h(tag, attrs) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value == null || value === false) continue;
      if (name === 'class') el.className = value;
      else if (name === 'text') el.textContent = value;
      else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
      else if (name === 'value') el.value = value;
      else if (name === 'checked') el.checked = true;
      else el.setAttribute(name, value === true ? '' : value);
    }
    for (let i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  function append(el, child) {
    if (child == null || child === false) return;
    if (Array.isArray(child)) child.forEach((c) => append(el, c));
    else el.append(child.nodeType ? child : document.createTextNode(String(child)));
  }

  function svg(kind) {
    const ns = 'http://www.w3.org/2000/svg';
    const el = document.createElementNS(ns, 'svg');
    el.setAttribute('viewBox', '0 0 24 24');
    el.setAttribute('aria-hidden', 'true');
    el.setAttribute('class', 'icon icon-' + kind);
    const shapes = {
      check: [['path', { d: 'M5 12.5l4.5 4.5L19 7.5' }]],
      cross: [['path', { d: 'M7 7l10 10M17 7L7 17' }]],
      alert: [['circle', { cx: 12, cy: 12, r: 9 }], ['path', { d: 'M12 7.5v5.5M12 16.2v.3' }]],
      info: [['circle', { cx: 12, cy: 12, r: 9 }], ['path', { d: 'M12 11v5.5M12 7.8v.3' }]],
      clock: [['circle', { cx: 12, cy: 12, r: 9 }], ['path', { d: 'M12 7v5l3 2' }]],
      lock: [['rect', { x: 5, y: 11, width: 14, height: 9, rx: 2 }], ['path', { d: 'M8 11V8a4 4 0 0 1 8 0v3' }]]
    };
    (shapes[kind] || shapes.info).forEach(([tag, attrs]) => {
      const child = document.createElementNS(ns, tag);
      Object.entries(attrs).forEach(([k, v]) => child.setAttribute(k, String(v)));
      el.append(child);
    });
    return el;
  }

  function announce(text) {
    live.textContent = '';
    // A fresh text node after clearing makes screen readers announce even a repeated message.
    window.setTimeout(() => { live.textContent = text; }, 30);
  }

  // ---------------------------------------------------------------- parent window

  function notifyParent(message) {
    if (!embedded) return;
    parentOrigins.forEach((origin) => {
      try {
        window.parent.postMessage(message, origin);
      } catch (e) {
        // A parent that navigated away: nothing to tell.
      }
    });
  }

  // ---------------------------------------------------------------- API

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (ctx.session) headers.Authorization = 'Bearer ' + ctx.session;
    let response;
    try {
      response = await fetch(path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer'
      });
    } catch (e) {
      return { status: 0, ok: false, data: null, error: { code: 'NETWORK' } };
    }
    let json = null;
    try {
      json = await response.json();
    } catch (e) {
      json = null;
    }
    const result = {
      status: response.status,
      ok: response.ok && !!json && json.success !== false,
      data: json ? json.data : null,
      error: (json && json.error) || {}
    };
    if (response.status === 403 && result.error.code === 'PARTNER_SUSPENDED') end('suspended');
    if (response.status === 429) end('throttled');
    if (path !== '/widget/api/sessions') {
      if (response.status === 401) end('session');
      if (response.status === 410) end('expired');
    }
    return result;
  }

  async function loadState() {
    const res = await api('GET', '/widget/api/state');
    if (!res.ok) {
      if (res.status === 404) end('unknown');
      end('error');
    }
    ctx.state = res.data;
    applyLink();
    // A link that is over answers only how it ended (no user): show that, unless it made an operation to follow.
    const status = ctx.state.link && ctx.state.link.status;
    if (!ctx.state.operation && (status === 'revoked' || status === 'expired' || status === 'completed')) end(status);
    return ctx.state;
  }

  // ---------------------------------------------------------------- language, theme, header

  function browserLang() {
    const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
    return String(langs[0] || 'en').toLowerCase().startsWith('es') ? 'es' : 'en';
  }

  function setLang(lang, rerender) {
    ctx.lang = DICT[lang] ? lang : 'en';
    document.documentElement.lang = ctx.lang;
    document.title = t('page.title');
    document.getElementById('secure-label').textContent = t('brand.secure');
    document.getElementById('footer').textContent = t('footer');
    const group = document.getElementById('lang-switch');
    group.setAttribute('aria-label', t('lang.label'));
    group.querySelectorAll('button').forEach((button) => {
      button.setAttribute('aria-pressed', String(button.dataset.lang === ctx.lang));
      button.setAttribute('aria-label', button.dataset.lang === 'es' ? 'Español' : 'English');
    });
    paintPartner();
    if (rerender && ctx.view) render();
  }

  function partnerName() {
    return (ctx.state && ctx.state.link && ctx.state.link.partnerName) || 'M2M';
  }

  function paintPartner() {
    const known = ctx.state && ctx.state.link && ctx.state.link.partnerName;
    document.getElementById('partner-name').textContent = known || t('brand.fallback');
  }

  function applyLink() {
    const link = ctx.state.link || {};
    document.body.classList.remove('light', 'dark');
    document.body.classList.add(link.theme === 'dark' ? 'dark' : 'light');
    if (!ctx.langChosen && (link.language === 'en' || link.language === 'es')) {
      setLang(link.language, false);
    }
    paintPartner();
  }

  document.getElementById('lang-switch').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-lang]');
    if (!button || button.dataset.lang === ctx.lang) return;
    ctx.langChosen = true;
    setLang(button.dataset.lang, true);
    button.focus();
  });

  // ---------------------------------------------------------------- navigation

  function viewFor(nextStep) {
    const status = ctx.state.user && ctx.state.user.status;
    if (nextStep === 'done' || ctx.state.operation) return 'done';
    if (status === 'cip_failed') return 'failed';
    if (status === 'cip_pending') return 'pending';
    if (nextStep === 'details') return 'details';
    if (nextStep === 'verify') return 'verify';
    if (nextStep === 'send') return 'send';
    return 'details';
  }

  function makePlan() {
    const s = ctx.state;
    const verified = s.user && s.user.status === 'cip_verified';
    if (s.operation || s.nextStep === 'done') return ['done'];
    if (s.nextStep === 'details') return verified ? ['details', 'send', 'done'] : ['details', 'verify', 'send', 'done'];
    if (s.nextStep === 'verify') return ['verify', 'send', 'done'];
    return ['send', 'done'];
  }

  function show(view) {
    ctx.viewSeq++;
    window.clearTimeout(ctx.quoteTimer);
    window.clearTimeout(ctx.quoteExpiryTimer);
    ctx.view = view;
    ctx.errors = {};
    ctx.formError = null;
    ctx.busy = false;
    render();
    focusHeading();
    if (!ctx.readyPosted) {
      ctx.readyPosted = true;
      notifyParent({ type: 'm2m:ready' });
    }
    const step = STEP_OF_VIEW[view];
    if (step && step !== ctx.lastStep) {
      ctx.lastStep = step;
      notifyParent({ type: 'm2m:step', step });
    }
    const seq = ctx.viewSeq;
    if (view === 'pending') pollVerification(seq);
    if (view === 'done') pollOperation(seq);
    if (view === 'send' && ctx.amount) scheduleQuote(0);
  }

  /** Moves focus to the new step's heading, so screen readers read it; not on the first view of the page. */
  function focusHeading() {
    const heading = app.querySelector('h1');
    if (!heading) return;
    heading.tabIndex = -1;
    if (ctx.readyPosted) heading.focus();
  }

  function render() {
    const build = VIEWS[ctx.view];
    const root = build();
    const progress = progressBar();
    app.replaceChildren(...(progress ? [progress, root] : [root]));
    app.setAttribute('aria-busy', 'false');
    if (ctx.view === 'send') paintQuote();
  }

  function progressBar() {
    const step = STEP_OF_VIEW[ctx.view];
    const index = ctx.plan.indexOf(step);
    // A failed verification is the end of the road: no progress to show.
    if (!step || ctx.view === 'failed' || index < 0 || ctx.plan.length < 2) return null;
    const finished = step === 'done' && ctx.state.operation && ctx.state.operation.status === 'completed';
    const bar = h('div', { class: 'progress-bar', 'aria-hidden': 'true' },
      ctx.plan.map((s, i) => h('span', { class: i < index || finished ? 'seg done' : i === index ? 'seg current' : 'seg' })));
    return h('div', { class: 'progress', 'data-testid': 'progress' },
      h('p', { class: 'progress-text', text: t('progress', { n: index + 1, total: ctx.plan.length, name: t('step.' + step) }) }),
      bar);
  }

  function end(kind) {
    ctx.viewSeq++;
    window.clearTimeout(ctx.quoteTimer);
    window.clearTimeout(ctx.quoteExpiryTimer);
    ctx.view = 'end';
    ctx.endKind = kind;
    render();
    focusHeading();
    if (!ctx.readyPosted) {
      ctx.readyPosted = true;
      notifyParent({ type: 'm2m:ready' });
    }
    if (kind !== 'error') notifyParent({ type: 'm2m:closed', reason: kind });
    announce(t('end.' + kind + '.title'));
    throw new Halt('end: ' + kind);
  }

  /** Runs an action; an end state stops it quietly, anything unexpected shows the generic error page. */
  function run(action) {
    return Promise.resolve().then(action).catch((e) => {
      if (e instanceof Halt) return;
      if (window.console) console.error(e);
      try {
        end('error');
      } catch (halt) {
        // end() always throws Halt.
      }
    });
  }

  function stillOn(seq) {
    return seq === ctx.viewSeq;
  }

  function sleep(ms) {
    return new Promise((resolve) => window.setTimeout(resolve, ms));
  }

  // ---------------------------------------------------------------- start

  async function start() {
    setLang(browserLang(), false);
    document.getElementById('lang-switch').hidden = false;
    const parts = location.pathname.split('/');
    ctx.linkId = parts.length > 2 ? decodeURIComponent(parts[2]) : '';
    const token = decodeURIComponent(location.hash.replace(/^#/, ''));
    if (location.hash) {
      // The token must not stay in the address bar, the history or a screenshot.
      history.replaceState(null, '', location.pathname + location.search);
    }
    const storageKey = 'm2m.session.' + ctx.linkId;
    if (token) {
      const res = await api('POST', '/widget/api/sessions', {
        linkId: ctx.linkId, token,
        deviceInfo: {
          userAgent: navigator.userAgent,
          platform: (navigator.userAgentData && navigator.userAgentData.platform) || navigator.platform || '',
          language: navigator.language || ''
        }
      });
      if (!res.ok) {
        const message = String(res.error.message || '').toLowerCase();
        if (res.status === 404 || res.status === 400) end('unknown');
        if (res.status === 410) end('expired');
        // 409 INVALID_STATE: the message says which ("This link was revoked", "This link was already used").
        if (res.status === 409) end(/revok/.test(message) ? 'revoked' : /complet|used/.test(message) ? 'completed' : 'closed');
        end('error');
      }
      ctx.session = res.data.sessionToken;
      try {
        sessionStorage.setItem(storageKey, ctx.session);
      } catch (e) {
        // Storage may be off (private mode, third-party frame): a reload will then need the link again.
      }
    } else {
      try {
        ctx.session = sessionStorage.getItem(storageKey);
      } catch (e) {
        ctx.session = null;
      }
      if (!ctx.session) end('unknown');
    }
    await loadState();
    ctx.plan = makePlan();
    const s = ctx.state;
    const firstTime = s.link && (s.link.status === 'created' || s.link.status === 'opened');
    if (!s.operation && firstTime && (s.nextStep === 'details' || s.nextStep === 'verify')
        && s.user.status !== 'cip_failed' && s.user.status !== 'cip_pending') {
      show('welcome');
    } else {
      show(viewFor(s.nextStep));
    }
  }

  // ---------------------------------------------------------------- shared pieces

  function section(name, children) {
    return h('section', { class: 'step step-' + name, 'data-testid': 'step-' + name, 'aria-labelledby': 'title-' + name },
      children);
  }

  function title(name, text) {
    return h('h1', { id: 'title-' + name, text });
  }

  function banner(kind, text, testid) {
    return h('div', { class: 'banner banner-' + kind, role: kind === 'error' ? 'alert' : null, 'data-testid': testid },
      svg(kind === 'error' ? 'alert' : 'info'), h('span', { text }));
  }

  function statusIcon(kind) {
    return h('div', { class: 'status-icon status-' + kind }, svg(kind === 'ok' ? 'check' : kind === 'bad' ? 'cross' : 'clock'));
  }

  function fieldId(path) {
    return 'f-' + path.replace(/\./g, '-');
  }

  function errorText(path) {
    const error = ctx.errors[path];
    if (!error) return null;
    return t(error.key) + (error.message ? ' ' + error.message : '');
  }

  /** A labelled control with its hint and error, wired with aria-describedby / aria-invalid. */
  function field(path, label, control, hint, extraClass) {
    const id = control.id || fieldId(path);
    control.id = id;
    const describedBy = [];
    let hintEl = null;
    if (hint) {
      hintEl = h('p', { class: 'hint', id: id + '-hint', text: hint });
      describedBy.push(hintEl.id);
    }
    const message = errorText(path);
    let errorEl = null;
    if (message) {
      errorEl = h('p', { class: 'field-error', id: id + '-error', 'data-testid': 'error-' + path },
        svg('alert'), h('span', { text: message }));
      describedBy.push(errorEl.id);
      control.setAttribute('aria-invalid', 'true');
    }
    if (describedBy.length) control.setAttribute('aria-describedby', describedBy.join(' '));
    return h('div', { class: 'field' + (message ? ' has-error' : '') + (extraClass ? ' ' + extraClass : ''), 'data-field': path },
      h('label', { for: id, text: label }), control, hintEl, errorEl);
  }

  function textInput(path, attrs) {
    return h('input', Object.assign({
      type: 'text', name: path, id: fieldId(path), 'data-testid': 'field-' + path,
      value: ctx.draft[path] || '',
      oninput: (e) => { ctx.draft[path] = e.target.value; }
    }, attrs || {}));
  }

  function select(path, options, attrs) {
    const current = ctx.draft[path] || '';
    return h('select', Object.assign({
      name: path, id: fieldId(path), 'data-testid': 'field-' + path,
      onchange: (e) => { ctx.draft[path] = e.target.value; }
    }, attrs || {}), options.map(([value, label]) => h('option', { value, text: label, selected: value === current })));
  }

  function button(text, attrs) {
    return h('button', Object.assign({ type: 'button', class: 'btn btn-primary' }, attrs || {}), text);
  }

  function focusFirstInvalid() {
    const invalid = app.querySelector('[aria-invalid="true"]');
    if (invalid) invalid.focus();
  }

  // ---------------------------------------------------------------- views

  const VIEWS = {};

  VIEWS.welcome = function () {
    const items = [];
    if (ctx.plan.includes('details')) items.push('welcome.item.details');
    if (ctx.plan.includes('verify')) items.push('welcome.item.verify');
    items.push('welcome.item.send');
    return section('welcome', [
      title('welcome', t('welcome.title', { partner: partnerName() })),
      h('p', { class: 'lead', text: t('welcome.intro', { partner: partnerName() }) }),
      h('h2', { class: 'subhead', text: t('welcome.what') }),
      h('ol', { class: 'steps-list' }, items.map((key, i) =>
        h('li', null, h('span', { class: 'steps-num', 'aria-hidden': 'true', text: String(i + 1) }), h('span', { text: t(key) })))),
      h('p', { class: 'privacy' }, svg('lock'), h('span', { text: t('welcome.privacy') })),
      button(t('welcome.start'), { 'data-testid': 'start', onclick: () => run(() => show(viewFor(ctx.state.nextStep))) })
    ]);
  };

  function needsPayment() {
    const user = ctx.state.user || {};
    return (user.missingFields || []).includes('paymentMethod') || !user.paymentMethod;
  }

  function cipPaths() {
    const user = ctx.state.user || {};
    const missing = user.missingFields || [];
    const prefilled = user.prefilled || {};
    const paths = CIP_ORDER.filter((p) => missing.includes(p) || p in prefilled);
    missing.forEach((p) => {
      if (!paths.includes(p) && p !== 'paymentMethod' && !p.startsWith('paymentMethod.')) paths.push(p);
    });
    return paths;
  }

  function cipControl(path) {
    if (path === 'idType') {
      return select(path, [['', t('choose')]].concat(ID_TYPES.map((v) => [v, t('idType.' + v)])), { required: true });
    }
    if (path === 'dob') {
      return textInput(path, { autocomplete: 'bday', placeholder: ctx.lang === 'es' ? 'AAAA-MM-DD' : 'YYYY-MM-DD', required: true,
        inputmode: 'numeric', maxlength: '10' });
    }
    if (path === 'idNumber') {
      return textInput(path, { autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', required: true });
    }
    if (path === 'idImage') {
      return h('input', { type: 'file', name: path, id: fieldId(path), 'data-testid': 'field-' + path,
        accept: 'image/jpeg,image/png', onchange: (e) => readImage(e.target) });
    }
    const auto = { 'name.firstName': 'given-name', 'name.secondName': 'additional-name', 'name.lastName': 'family-name' };
    return textInput(path, { autocomplete: auto[path] || 'off', required: !OPTIONAL_NAMES.has(path), maxlength: '60' });
  }

  function cipHint(path) {
    if (OPTIONAL_NAMES.has(path)) return t('hint.optionalName');
    if (path === 'dob') return t('hint.dob');
    if (path === 'idNumber') return t('hint.idNumber');
    if (path === 'idImage') return t('hint.idImage');
    return null;
  }

  function readImage(input) {
    const file = input.files && input.files[0];
    delete ctx.draft.idImage;
    if (!file) return;
    if (!/^image\/(jpeg|png)$/.test(file.type) || file.size > MAX_IMAGE_BYTES) {
      ctx.errors.idImage = { key: 'error.image' };
      return;
    }
    delete ctx.errors.idImage;
    const reader = new FileReader();
    reader.onload = () => { ctx.draft.idImage = String(reader.result); };
    reader.readAsDataURL(file);
  }

  function sourceLabel(source) {
    return source === 'widget' ? t('details.source.you') : t('details.source.partner', { partner: partnerName() });
  }

  VIEWS.details = function () {
    const user = ctx.state.user || {};
    const missing = user.missingFields || [];
    const prefilled = user.prefilled || {};
    const sources = user.sources || {};
    const identity = cipPaths().map((path) => {
      if (!missing.includes(path) && path in prefilled) {
        const control = h('input', { type: 'text', id: fieldId(path), 'data-testid': 'field-' + path,
          value: shown(prefilled[path]), readonly: true, 'aria-readonly': 'true', class: 'locked' });
        return field(path, t('field.' + path), control, sourceLabel(sources[path]), 'is-locked');
      }
      return field(path, t('field.' + path), cipControl(path), cipHint(path));
    });
    const form = h('form', { novalidate: true, 'data-testid': 'details-form', onsubmit: (e) => { e.preventDefault(); run(submitDetails); } },
      title('details', t('details.title')),
      h('p', { class: 'lead', text: t('details.intro') }),
      ctx.formError ? banner('error', ctx.formError, 'form-error') : null,
      ctx.notice ? banner('info', ctx.notice, 'notice') : null,
      identity.length ? h('fieldset', { class: 'group' }, h('legend', { class: 'visually-hidden', text: t('details.title') }), identity) : null,
      needsPayment() ? paymentFields() : null,
      h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'details-submit', disabled: ctx.busy },
        ctx.busy ? t('details.saving') : t('details.submit')));
    return section('details', [form]);
  };

  function paymentFields() {
    const type = ctx.draft['paymentMethod.type'] || 'bank_account';
    const radios = ['bank_account', 'cash'].map((value) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name: 'paymentMethod.type', value, checked: type === value,
        'data-testid': 'payment-' + value,
        onchange: () => { ctx.draft['paymentMethod.type'] = value; render(); app.querySelector('input[value="' + value + '"]').focus(); } }),
      h('span', { text: t('payment.' + value) })));
    const typeError = errorText('paymentMethod.type');
    const children = [h('legend', { text: t('details.payment') }),
      h('div', { class: 'choices', role: 'radiogroup', 'aria-label': t('field.paymentMethod.type') }, radios),
      typeError ? h('p', { class: 'field-error', 'data-testid': 'error-paymentMethod.type' }, svg('alert'), h('span', { text: typeError })) : null];
    if (type === 'bank_account') {
      const country = ctx.draft['paymentMethod.bankAccount.country'] || 'MX';
      children.push(field('paymentMethod.bankAccount.country', t('field.bankAccount.country'),
        h('select', { name: 'paymentMethod.bankAccount.country', id: fieldId('paymentMethod.bankAccount.country'),
          'data-testid': 'field-paymentMethod.bankAccount.country',
          onchange: (e) => { ctx.draft['paymentMethod.bankAccount.country'] = e.target.value; render(); } },
        COUNTRIES.map((c) => h('option', { value: c, text: t('country.' + c), selected: c === country })))));
      const clabe = country === 'MX';
      children.push(field('paymentMethod.bankAccount.accountNumber',
        clabe ? t('field.bankAccount.clabe') : t('field.bankAccount.accountNumber'),
        textInput('paymentMethod.bankAccount.accountNumber', { inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false',
          maxlength: clabe ? '18' : '34', required: true }),
        clabe ? t('hint.clabe') : null));
    } else {
      children.push(field('paymentMethod.cash.provider', t('field.cash.provider'), textInput('paymentMethod.cash.provider', { required: true, maxlength: '100' })));
      children.push(field('paymentMethod.cash.reference', t('field.cash.reference'), textInput('paymentMethod.cash.reference', { required: true, maxlength: '100' })));
    }
    return h('fieldset', { class: 'group', 'data-testid': 'payment-fields' }, children);
  }

  function setPath(target, path, value) {
    const keys = path.split('.');
    let node = target;
    keys.slice(0, -1).forEach((k) => { node = node[k] = node[k] || {}; });
    node[keys[keys.length - 1]] = value;
  }

  function collectDetails() {
    const user = ctx.state.user || {};
    const missing = user.missingFields || [];
    const errors = {};
    const userData = {};
    cipPaths().filter((p) => missing.includes(p)).forEach((path) => {
      let value = path === 'idImage' ? ctx.draft.idImage : String(ctx.draft[path] || '').trim();
      if (!value) {
        if (OPTIONAL_NAMES.has(path)) {
          setPath(userData, path, '');
          return;
        }
        errors[path] = { key: path === 'idImage' && ctx.errors.idImage ? 'error.image' : 'error.required' };
        return;
      }
      if (path === 'dob' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
        errors[path] = { key: 'error.dob' };
        return;
      }
      if (path === 'idNumber') value = value.toUpperCase().replace(/\s+/g, '');
      setPath(userData, path, value);
    });
    if (needsPayment()) {
      const type = ctx.draft['paymentMethod.type'] || 'bank_account';
      if (type === 'bank_account') {
        const country = ctx.draft['paymentMethod.bankAccount.country'] || 'MX';
        const account = String(ctx.draft['paymentMethod.bankAccount.accountNumber'] || '').replace(/[\s-]/g, '');
        if (!account) errors['paymentMethod.bankAccount.accountNumber'] = { key: 'error.required' };
        else if (country === 'MX' && !/^\d{18}$/.test(account)) errors['paymentMethod.bankAccount.accountNumber'] = { key: 'error.clabe' };
        userData.paymentMethod = { type, bankAccount: { country, accountNumber: account } };
      } else {
        const provider = String(ctx.draft['paymentMethod.cash.provider'] || '').trim();
        const reference = String(ctx.draft['paymentMethod.cash.reference'] || '').trim();
        if (!provider) errors['paymentMethod.cash.provider'] = { key: 'error.required' };
        if (!reference) errors['paymentMethod.cash.reference'] = { key: 'error.required' };
        userData.paymentMethod = { type, cash: { provider, reference } };
      }
    }
    return { userData, errors };
  }

  /** The rendered field an API error path (userData.x.y) belongs to, or null for a form-level message. */
  function fieldForApiPath(apiPath) {
    if (!apiPath) return null;
    const path = apiPath.replace(/^userData\./, '');
    const rendered = Array.from(app.querySelectorAll('[data-field]')).map((el) => el.dataset.field);
    if (path === 'paymentMethod.type' && app.querySelector('[data-testid="payment-fields"]')) return path;
    if (rendered.includes(path)) return path;
    const below = rendered.filter((p) => p.startsWith(path + '.'));
    if (below.length) return below[below.length - 1];
    const above = rendered.filter((p) => path.startsWith(p + '.')).sort((a, b) => b.length - a.length);
    return above.length ? above[0] : null;
  }

  /** A translated message for the fields whose server-side rules we know; else the generic one plus the API's. */
  function serverFieldError(path, message) {
    if (path === 'paymentMethod.bankAccount.accountNumber' && (ctx.draft['paymentMethod.bankAccount.country'] || 'MX') === 'MX') {
      return { key: 'error.server.clabe' };
    }
    if (path === 'dob') return { key: 'error.server.dob' };
    if (path === 'idNumber') return { key: 'error.server.idNumber' };
    if (path.startsWith('name.')) return { key: 'error.server.name' };
    return { key: 'error.check', message };
  }

  function showFieldErrors(errors, formMessage, fieldOnly) {
    ctx.errors = errors;
    ctx.formError = fieldOnly ? null : formMessage || t('error.form');
    ctx.busy = false;
    render();
    focusFirstInvalid();
    announce(ctx.formError || errorText(Object.keys(errors)[0]));
  }

  async function submitDetails() {
    if (ctx.busy) return;
    const seq = ctx.viewSeq;
    const { userData, errors } = collectDetails();
    ctx.notice = null;
    if (Object.keys(errors).length) {
      showFieldErrors(errors);
      return;
    }
    ctx.busy = true;
    render();
    const res = Object.keys(userData).length ? await api('POST', '/widget/api/details', { userData }) : { ok: true, data: null };
    if (!stillOn(seq)) return;
    if (!res.ok) {
      if (res.status === 400) {
        const path = fieldForApiPath(res.error.field);
        if (path) {
          showFieldErrors({ [path]: serverFieldError(path, res.error.message) });
        } else {
          showFieldErrors({}, t('error.check') + ' ' + (res.error.message || ''));
        }
        return;
      }
      return recover(res);
    }
    const ignored = (res.data && res.data.ignoredFields) || [];
    await loadState();
    if (!stillOn(seq)) return;
    Object.keys(ctx.draft).forEach((k) => { if (!k.startsWith('paymentMethod.type') && !k.endsWith('.country')) delete ctx.draft[k]; });
    if (ctx.state.nextStep === 'details') {
      show('details');
      ctx.formError = t('details.stillMissing');
      render();
      announce(ctx.formError);
      return;
    }
    show(viewFor(ctx.state.nextStep));
    ctx.notice = null;
    if (ignored.length) announce(t('details.ignored', { partner: partnerName() }));
    else announce(t('details.saved'));
  }

  /** After a refused action: re-read the state and show what it says (an end state, or the current step). */
  async function recover(res) {
    if (res.status === 0) {
      ctx.formError = t('error.network');
      ctx.busy = false;
      render();
      announce(ctx.formError);
      return;
    }
    await loadState();
    const status = ctx.state.link && ctx.state.link.status;
    if (!ctx.state.operation && (status === 'revoked' || status === 'expired' || status === 'completed')) {
      end(status === 'expired' ? 'expired' : status === 'revoked' ? 'revoked' : 'completed');
    }
    show(viewFor(ctx.state.nextStep));
    if (res.error && res.error.message) {
      ctx.formError = t('error.generic');
      render();
      announce(ctx.formError);
    }
  }

  VIEWS.verify = function () {
    const consentError = errorText('consent');
    const checkbox = h('input', { type: 'checkbox', id: 'f-consent', name: 'consent', 'data-testid': 'consent',
      checked: ctx.consent, 'aria-invalid': consentError ? 'true' : null,
      'aria-describedby': consentError ? 'f-consent-error' : null,
      onchange: (e) => { ctx.consent = e.target.checked; } });
    return section('verify', [
      h('form', { novalidate: true, onsubmit: (e) => { e.preventDefault(); run(startVerification); } },
        title('verify', t('verify.title')),
        h('p', { class: 'lead', text: t('verify.intro') }),
        ctx.formError ? banner('error', ctx.formError, 'form-error') : null,
        h('div', { class: 'consent' + (consentError ? ' has-error' : '') },
          checkbox, h('label', { for: 'f-consent', text: t('verify.consent') })),
        consentError ? h('p', { class: 'field-error', id: 'f-consent-error', 'data-testid': 'error-consent' },
          svg('alert'), h('span', { text: consentError })) : null,
        h('p', { class: 'privacy' }, svg('lock'), h('span', { text: t('welcome.privacy') })),
        h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'verify-submit', disabled: ctx.busy },
          t('verify.button')))
    ]);
  };

  async function startVerification() {
    if (ctx.busy) return;
    const seq = ctx.viewSeq;
    if (!ctx.consent) {
      showFieldErrors({ consent: { key: 'verify.consentRequired' } }, null, true);
      return;
    }
    ctx.busy = true;
    render();
    const res = await api('POST', '/widget/api/verification', { consent: true });
    if (!stillOn(seq)) return;
    if (!res.ok) return recover(res);
    show('pending');
    announce(t('verify.pending.title'));
  }

  VIEWS.pending = function () {
    return section('pending', [
      h('div', { class: 'center', 'data-testid': 'verify-pending' },
        h('span', { class: 'spinner spinner-lg', 'aria-hidden': 'true' }),
        title('pending', t('verify.pending.title')),
        h('p', { class: 'lead', text: t('verify.pending.text') }))
    ]);
  };

  async function pollVerification(seq) {
    await run(async () => {
      while (stillOn(seq)) {
        await sleep(POLL_MS);
        if (!stillOn(seq)) return;
        await loadState();
        if (!stillOn(seq)) return;
        const status = ctx.state.user && ctx.state.user.status;
        if (status === 'cip_verified') {
          show('verified');
          announce(t('verify.verified.title'));
          return;
        }
        if (status === 'cip_failed') {
          show('failed');
          announce(t('verify.failed.title'));
          return;
        }
      }
    });
  }

  VIEWS.verified = function () {
    return section('verified', [
      h('div', { class: 'center', 'data-testid': 'verify-verified' },
        statusIcon('ok'),
        title('verified', t('verify.verified.title')),
        h('p', { class: 'lead', text: t('verify.verified.text') })),
      button(t('continue'), { 'data-testid': 'verified-continue', onclick: () => run(() => show(viewFor(ctx.state.nextStep))) })
    ]);
  };

  VIEWS.failed = function () {
    if (!ctx.failedPosted) {
      ctx.failedPosted = true;
      notifyParent({ type: 'm2m:closed', reason: 'cip_failed' });
    }
    return section('failed', [
      h('div', { class: 'center', 'data-testid': 'verify-failed' },
        statusIcon('bad'),
        title('failed', t('verify.failed.title')),
        h('p', { class: 'lead', text: t('verify.failed.text', { partner: partnerName() }) }))
    ]);
  };

  // ---------------------------------------------------------------- send

  function recipientCurrency() {
    const pm = ctx.state.user && ctx.state.user.paymentMethod;
    return pm && pm.type === 'bank_account' ? CURRENCY_OF_COUNTRY[pm.country] || null : null;
  }

  function parseAmount(text) {
    const clean = String(text).trim().replace(/\s/g, '').replace(/^\$/, '');
    const normalized = /^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(clean) ? clean.replace(/,/g, '') : clean.replace(',', '.');
    if (!/^\d+(\.\d{1,2})?$/.test(normalized)) return null;
    const value = Number(normalized);
    return value >= 1 && value <= 2999 ? value : null;
  }

  VIEWS.send = function () {
    const pm = (ctx.state.user && ctx.state.user.paymentMethod) || {};
    const fixedCurrency = recipientCurrency();
    ctx.currency = fixedCurrency || ctx.currency || 'MXN';
    const country = pm.country ? t('country.' + pm.country) : '';
    const recipient = h('div', { class: 'recipient', 'data-testid': 'recipient' },
      h('span', { class: 'recipient-label', text: t('send.recipient') }),
      h('span', { class: 'recipient-kind', text: t(pm.type === 'cash' ? 'send.recipient.cash' : 'send.recipient.bank', { country }) }),
      h('span', { class: 'recipient-account', 'data-testid': 'recipient-account', text: masked(pm.last4) }));
    const amount = h('input', { type: 'text', inputmode: 'decimal', id: 'f-amount', name: 'send', 'data-testid': 'amount',
      autocomplete: 'off', value: ctx.amount, placeholder: '100.00', class: 'amount-input',
      oninput: (e) => { ctx.amount = e.target.value; scheduleQuote(QUOTE_DEBOUNCE_MS); } });
    const amountField = field('send', t('send.amount'),
      amount, null, 'field-amount');
    amountField.querySelector('input').before(h('span', { class: 'amount-prefix', 'aria-hidden': 'true', text: '$' }));
    const currency = fixedCurrency
      ? h('p', { class: 'currency-fixed', 'data-testid': 'currency-fixed', text: t('send.recipientCurrency', { currency: t('currency.' + fixedCurrency) }) })
      : field('destinationCurrency', t('send.currency'),
        h('select', { id: 'f-currency', name: 'destinationCurrency', 'data-testid': 'currency',
          onchange: (e) => { ctx.currency = e.target.value; scheduleQuote(0); } },
        CURRENCIES.map((c) => h('option', { value: c, text: t('currency.' + c), selected: c === ctx.currency }))));
    return section('send', [
      h('form', { novalidate: true, onsubmit: (e) => { e.preventDefault(); run(confirmSend); } },
        title('send', t('send.title')),
        ctx.formError ? banner('error', ctx.formError, 'form-error') : null,
        ctx.notice ? banner('info', ctx.notice, 'notice') : null,
        recipient,
        amountField,
        currency,
        h('div', { class: 'quote', id: 'quote', 'data-testid': 'quote' }),
        h('button', { type: 'submit', class: 'btn btn-primary', id: 'confirm', 'data-testid': 'confirm', disabled: true },
          t('send.confirm')))
    ]);
  };

  function scheduleQuote(delay) {
    window.clearTimeout(ctx.quoteTimer);
    window.clearTimeout(ctx.quoteExpiryTimer);
    ctx.quote = null;
    ctx.quoteSeq++;
    delete ctx.errors.send;
    delete ctx.errors.destinationCurrency;
    if (!String(ctx.amount).trim()) {
      ctx.quoteState = 'empty';
    } else if (parseAmount(ctx.amount) == null) {
      ctx.quoteState = 'invalid';
      ctx.errors.send = { key: 'error.amount' };
    } else {
      ctx.quoteState = 'loading';
      const seq = ctx.viewSeq;
      ctx.quoteTimer = window.setTimeout(() => run(() => requestQuote(seq)), delay);
    }
    paintQuote();
  }

  async function requestQuote(viewSeq) {
    const quoteSeq = ctx.quoteSeq;
    const res = await api('POST', '/widget/api/quotes', { send: parseAmount(ctx.amount), destinationCurrency: ctx.currency });
    if (!stillOn(viewSeq) || quoteSeq !== ctx.quoteSeq) return;
    if (!res.ok) {
      if (res.status === 400) {
        const path = res.error.field === 'destinationCurrency' && app.querySelector('#f-currency') ? 'destinationCurrency' : 'send';
        ctx.errors[path] = { key: 'error.check', message: res.error.message };
        ctx.quoteState = 'invalid';
        paintQuote();
        return;
      }
      return recover(res);
    }
    ctx.quote = res.data;
    ctx.quoteState = 'ready';
    paintQuote();
    announce(t('send.quoteUpdated', { amount: money(res.data.receive, res.data.currency.destination) }));
    const msLeft = new Date(res.data.expiresAt).getTime() - Date.now();
    if (msLeft > 0 && msLeft < 2147483647) {
      ctx.quoteExpiryTimer = window.setTimeout(() => { if (stillOn(viewSeq)) scheduleQuote(0); }, msLeft);
    }
  }

  /** Updates the quote box, the amount error and the confirm button in place: the amount input keeps focus. */
  function paintQuote() {
    const box = document.getElementById('quote');
    if (!box) return;
    const q = ctx.quote;
    let content;
    if (ctx.quoteState === 'ready' && q) {
      const src = q.currency.source;
      const dst = q.currency.destination;
      content = [
        h('dl', { class: 'quote-rows' },
          row(t('send.rate'), '1\u00a0' + src + ' = ' + num(q.rate, 2) + '\u00a0' + dst, 'quote-rate'),
          row(t('send.fee'), money(q.fee, src), 'quote-fee'),
          row(t('send.total'), money(Number(q.send) + Number(q.fee), src), 'quote-total'),
          row(t('send.receive'), money(q.receive, dst), 'quote-receive', 'quote-strong')),
        h('p', { class: 'quote-expiry', 'data-testid': 'quote-expiry' }, svg('clock'), h('span', { text: t('send.expires', { time: time(q.expiresAt) }) }))
      ];
    } else if (ctx.quoteState === 'loading') {
      content = [h('p', { class: 'quote-placeholder', 'data-testid': 'quote-loading' },
        h('span', { class: 'spinner spinner-sm', 'aria-hidden': 'true' }), h('span', { text: t('send.quoting') }))];
    } else {
      content = [h('p', { class: 'quote-placeholder', text: t('send.enterAmount') })];
    }
    box.replaceChildren(...content);
    box.classList.toggle('is-ready', ctx.quoteState === 'ready');
    const input = document.getElementById('f-amount');
    const wrapper = input.closest('.field');
    const old = wrapper.querySelector('.field-error');
    if (old) old.remove();
    const message = errorText('send');
    if (message) {
      wrapper.append(h('p', { class: 'field-error', id: 'f-amount-error', 'data-testid': 'error-send' }, svg('alert'), h('span', { text: message })));
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', 'f-amount-error');
    } else {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
    }
    wrapper.classList.toggle('has-error', !!message);
    const currencyMessage = errorText('destinationCurrency');
    const currencyField = document.querySelector('[data-field="destinationCurrency"]');
    if (currencyField) {
      const previous = currencyField.querySelector('.field-error');
      if (previous) previous.remove();
      if (currencyMessage) currencyField.append(h('p', { class: 'field-error', 'data-testid': 'error-destinationCurrency' }, svg('alert'), h('span', { text: currencyMessage })));
    }
    const confirm = document.getElementById('confirm');
    confirm.disabled = ctx.busy || ctx.quoteState !== 'ready';
    confirm.textContent = ctx.busy ? t('send.sending') : t('send.confirm');
  }

  function row(label, value, testid, extra) {
    return h('div', { class: 'quote-row' + (extra ? ' ' + extra : '') },
      h('dt', { text: label }), h('dd', { 'data-testid': testid, text: value }));
  }

  async function confirmSend() {
    if (ctx.busy || !ctx.quote) return;
    const seq = ctx.viewSeq;
    if (new Date(ctx.quote.expiresAt).getTime() <= Date.now()) {
      ctx.notice = t('send.quoteExpired');
      render();
      scheduleQuote(0);
      return;
    }
    ctx.busy = true;
    paintQuote();
    const res = await api('POST', '/widget/api/operations', { quoteId: ctx.quote.quoteId });
    if (!stillOn(seq)) return;
    if (!res.ok) {
      ctx.busy = false;
      const message = String(res.error.message || '').toLowerCase();
      if ((res.status === 409 && message.includes('quote')) || res.status === 404) {
        ctx.notice = t('send.quoteExpired');
        render();
        announce(ctx.notice);
        scheduleQuote(0);
        return;
      }
      return recover(res);
    }
    ctx.state.operation = res.data;
    ctx.notice = null;
    show('done');
  }

  // ---------------------------------------------------------------- done

  VIEWS.done = function () {
    const op = ctx.state.operation || {};
    const status = op.status || 'created';
    const kind = status === 'completed' ? 'ok' : status === 'failed' || status === 'cancelled' ? 'bad' : 'wait';
    const reason = op.failureReason ? t('reason.' + op.failureReason) : t('reason.unknown');
    const amount = op.amount || {};
    const currency = amount.currency || {};
    const payout = op.payout || {};
    return section('done', [
      h('div', { class: 'center', 'data-testid': 'done', 'data-status': status },
        kind === 'wait' ? h('span', { class: 'spinner spinner-lg', 'aria-hidden': 'true' }) : statusIcon(kind),
        title('done', t('done.title.' + status)),
        h('p', { class: 'lead', 'data-testid': 'done-text',
          text: t('done.text.' + status, { reason: reason.startsWith('reason.') ? op.failureReason : reason, partner: partnerName() }) })),
      h('dl', { class: 'summary' },
        summaryRow(t('done.operationId'), op.operationId, 'operation-id', 'mono'),
        h('div', { class: 'summary-row' }, h('dt', { text: t('done.status') }),
          h('dd', null, h('span', { class: 'badge badge-' + status, 'data-testid': 'operation-status', 'data-status': status,
            text: t('status.' + status) }))),
        amount.send != null ? summaryRow(t('done.sent'), money(amount.send, currency.source || 'USD'), 'done-sent') : null,
        amount.receive != null ? summaryRow(t('done.received'), money(amount.receive, currency.destination || ''), 'done-received') : null,
        payout.accountLast4 ? summaryRow(t('send.recipient'), masked(payout.accountLast4), 'done-recipient') : null),
      ctx.formError ? banner('error', ctx.formError, 'form-error') : null,
      status === 'created'
        ? h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'cancel', disabled: ctx.busy,
          onclick: () => run(cancelOperation) }, ctx.busy ? t('done.cancelling') : t('done.cancel'))
        : null
    ]);
  };

  function summaryRow(label, value, testid, extra) {
    return h('div', { class: 'summary-row' }, h('dt', { text: label }),
      h('dd', { 'data-testid': testid, class: extra || null, text: value }));
  }

  function operationChanged(previous) {
    const op = ctx.state.operation || {};
    if (previous === op.status) return;
    const hadFocus = app.contains(document.activeElement);
    render();
    if (hadFocus) focusHeading();
    announce(t('done.title.' + op.status));
    if (TERMINAL.has(op.status) && !ctx.completedPosted) {
      ctx.completedPosted = true;
      notifyParent({ type: 'm2m:completed', operationId: op.operationId, status: op.status });
    }
  }

  async function pollOperation(seq) {
    operationChanged(null);
    await run(async () => {
      while (stillOn(seq) && !TERMINAL.has((ctx.state.operation || {}).status)) {
        await sleep(POLL_MS);
        if (!stillOn(seq)) return;
        const previous = (ctx.state.operation || {}).status;
        const res = await api('GET', '/widget/api/state');
        if (!stillOn(seq)) return;
        if (!res.ok) continue;
        ctx.state = res.data;
        if (ctx.state.operation && ctx.state.operation.status !== previous) operationChanged(previous);
      }
    });
  }

  async function cancelOperation() {
    if (ctx.busy) return;
    const seq = ctx.viewSeq;
    const op = ctx.state.operation;
    ctx.busy = true;
    render();
    const res = await api('POST', '/widget/api/operations/' + encodeURIComponent(op.operationId) + '/cancel');
    if (!stillOn(seq)) return;
    ctx.busy = false;
    if (res.ok) {
      const previous = op.status;
      ctx.state.operation = res.data;
      operationChanged(previous);
      return;
    }
    // Too late (already processing) or refused: show what the server says now.
    await loadState();
    ctx.formError = res.status === 0 ? t('error.network') : null;
    operationChanged(null);
  }

  // ---------------------------------------------------------------- end states

  VIEWS.end = function () {
    const kind = ctx.endKind;
    return section('end', [
      h('div', { class: 'center', 'data-testid': 'end-' + kind },
        statusIcon(kind === 'error' ? 'bad' : kind === 'completed' ? 'ok' : 'wait'),
        title('end', t('end.' + kind + '.title')),
        h('p', { class: 'lead', text: t('end.' + kind + '.text') })),
      kind === 'error' ? button(t('retry'), { 'data-testid': 'retry', onclick: () => location.reload() }) : null
    ]);
  };

  run(start);
})();
