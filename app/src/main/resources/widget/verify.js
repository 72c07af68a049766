/* The verification step: consent, then waiting for the result (pending), then verified or failed. */
import { PATHS, api } from './api.js';
import { announce, button, errorText, h, section, svg, statusIcon, title, banner } from './dom.js';
import { loadState, partnerName, recover, render, run, show, showFieldErrors, sleep, stillOn, viewFor } from './flow.js';
import { notifyParent } from './parent.js';
import { ctx, POLL_MS, VIEWS } from './state.js';
import { t } from './text.js';

function verifyView() {
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
}

async function startVerification() {
  if (ctx.busy) return;
  const seq = ctx.viewSeq;
  if (!ctx.consent) {
    showFieldErrors({ consent: { key: 'verify.consentRequired' } }, null, true);
    return;
  }
  ctx.busy = true;
  render();
  const res = await api('POST', PATHS.verification, { consent: true });
  if (!stillOn(seq)) return;
  if (!res.ok) return recover(res);
  show('pending');
  announce(t('verify.pending.title'));
}

function pendingView() {
  return section('pending', [
    h('div', { class: 'center', 'data-testid': 'verify-pending' },
      h('span', { class: 'spinner spinner-lg', 'aria-hidden': 'true' }),
      title('pending', t('verify.pending.title')),
      h('p', { class: 'lead', text: t('verify.pending.text') }))
  ]);
}

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

function verifiedView() {
  return section('verified', [
    h('div', { class: 'center', 'data-testid': 'verify-verified' },
      statusIcon('ok'),
      title('verified', t('verify.verified.title')),
      h('p', { class: 'lead', text: t('verify.verified.text') })),
    button(t('continue'), { 'data-testid': 'verified-continue', onclick: () => run(() => show(viewFor(ctx.state.nextStep))) })
  ]);
}

function failedView() {
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
}

VIEWS.verify = { render: verifyView };
VIEWS.pending = { render: pendingView, enter: pollVerification };
VIEWS.verified = { render: verifiedView };
VIEWS.failed = { render: failedView };
