/*
 * What the page knows: the one mutable context every step reads and writes, the registry of views, and the
 * constants of the page itself. The tables of the server's rules (id types, countries, currencies, limits) are
 * not here: they arrive from GET /widget/api/config into ctx.config (see api.js).
 */

export const STEP_OF_VIEW = { welcome: 'welcome', details: 'details', verify: 'verify', pending: 'verify',
  verified: 'verify', failed: 'verify', send: 'send', done: 'done' };
export const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
export const POLL_MS = 1000;

export const app = document.getElementById('app');
export const live = document.getElementById('live');

export const ctx = {
  lang: 'en', langChosen: false, linkId: null, session: null, state: null, config: null,
  view: null, viewSeq: 0, plan: [], lastStep: null, readyPosted: false, completedPosted: false, failedPosted: false,
  draft: { 'paymentMethod.type': 'bank_account', 'paymentMethod.bankAccount.country': 'MX' },
  errors: {}, formError: null, notice: null, busy: false, consent: false,
  amount: '', currency: null, quote: null, quoteSeq: 0, quoteState: 'empty', quoteTimer: null,
  quoteExpiryTimer: null, endKind: null
};

/**
 * The views by name. Each step module registers its own: { render() → element, enter(seq)? when shown,
 * painted()? after each render }.
 */
export const VIEWS = {};

/** Thrown to stop a flow that already moved the page to an end state. */
export class Halt extends Error {}
