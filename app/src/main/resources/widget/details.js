/*
 * The details step: the identity fields still missing (or shown locked when the partner sent them) and the payment
 * method. The choices (id types, payout countries) come from the server's tables in ctx.config.
 */
import { CODES, PATHS, api } from './api.js';
import { errorText, field, fieldId, h, section, svg, textInput, title, banner, select, announce } from './dom.js';
import { loadState, partnerName, recover, render, run, show, showFieldErrors, stillOn, viewFor } from './flow.js';
import { app, ctx, VIEWS } from './state.js';
import { shown, t } from './text.js';

const CIP_ORDER = ['name.firstName', 'name.secondName', 'name.lastName', 'name.secondLastName', 'dob', 'idType',
  'idNumber', 'idImage'];
const OPTIONAL_NAMES = new Set(['name.secondName', 'name.secondLastName']);

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
    return select(path, [['', t('choose')]].concat(ctx.config.idTypes.map((v) => [v, t('idType.' + v)])), { required: true });
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
  if (!/^image\/(jpeg|png)$/.test(file.type) || file.size > ctx.config.idImageMaxBytes) {
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

function detailsView() {
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
}

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
      ctx.config.payoutCountries.map(({ country: c }) => h('option', { value: c, text: t('country.' + c), selected: c === country })))));
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
  const res = Object.keys(userData).length ? await api('POST', PATHS.details, { userData }) : { ok: true, data: null };
  if (!stillOn(seq)) return;
  if (!res.ok) {
    if (res.error.code === CODES.INVALID_REQUEST) {
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

VIEWS.details = { render: detailsView };
