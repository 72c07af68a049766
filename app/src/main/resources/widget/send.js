/*
 * The send step: the amount, the destination currency (fixed by a bank account's country, from ctx.config), a live
 * quote and the confirmation that creates the operation.
 */
import { CODES, PATHS, REFUSING_STATES, api } from './api.js';
import { announce, banner, errorText, field, h, section, svg, title } from './dom.js';
import { recover, render, run, show, stillOn } from './flow.js';
import { app, ctx, VIEWS } from './state.js';
import { masked, money, num, t, time } from './text.js';

const QUOTE_DEBOUNCE_MS = 400;

/** The currency a bank account in this country is paid in (the server's table), or null. */
function currencyOfCountry(country) {
  const row = ctx.config.payoutCountries.find((c) => c.country === country);
  return row ? row.currency : null;
}

function recipientCurrency() {
  const pm = ctx.state.user && ctx.state.user.paymentMethod;
  return pm && pm.type === 'bank_account' ? currencyOfCountry(pm.country) : null;
}

function parseAmount(text) {
  const clean = String(text).trim().replace(/\s/g, '').replace(/^\$/, '');
  const normalized = /^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(clean) ? clean.replace(/,/g, '') : clean.replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(normalized)) return null;
  const value = Number(normalized);
  const limits = ctx.config.send;
  return value >= Number(limits.min) && value <= Number(limits.max) ? value : null;
}

function sendView() {
  const pm = (ctx.state.user && ctx.state.user.paymentMethod) || {};
  const fixedCurrency = recipientCurrency();
  ctx.currency = fixedCurrency || ctx.currency || ctx.config.destinationCurrencies[0];
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
      ctx.config.destinationCurrencies.map((c) => h('option', { value: c, text: t('currency.' + c), selected: c === ctx.currency }))));
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
}

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
  const res = await api('POST', PATHS.quotes, { send: parseAmount(ctx.amount), destinationCurrency: ctx.currency });
  if (!stillOn(viewSeq) || quoteSeq !== ctx.quoteSeq) return;
  if (!res.ok) {
    if (res.error.code === CODES.INVALID_REQUEST) {
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
  const res = await api('POST', PATHS.operations, { quoteId: ctx.quote.quoteId });
  if (!stillOn(seq)) return;
  if (!res.ok) {
    ctx.busy = false;
    // The quote ran out (INVALID_STATE, state quote_expired) or is unknown to the server (RESOURCE_NOT_FOUND):
    // get a new one.
    const { code, state } = res.error;
    if ((code === CODES.INVALID_STATE && state === REFUSING_STATES.QUOTE_EXPIRED) || code === CODES.RESOURCE_NOT_FOUND) {
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

VIEWS.send = {
  render: sendView,
  painted: paintQuote,
  enter: () => { if (ctx.amount) scheduleQuote(0); }
};
