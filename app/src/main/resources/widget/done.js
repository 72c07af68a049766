/* The last step: the operation, followed until it ends (m2m:completed to the parent), cancellable while created. */
import { CODES, PATHS, api } from './api.js';
import { announce, banner, h, section, statusIcon, title } from './dom.js';
import { focusHeading, loadState, partnerName, render, run, sleep, stillOn } from './flow.js';
import { notifyParent } from './parent.js';
import { app, ctx, POLL_MS, TERMINAL, VIEWS } from './state.js';
import { masked, money, t } from './text.js';

function doneView() {
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
}

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
      const res = await api('GET', PATHS.state);
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
  const res = await api('POST', PATHS.operations + '/' + encodeURIComponent(op.operationId) + '/cancel');
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
  ctx.formError = res.error.code === CODES.NETWORK ? t('error.network') : null;
  operationChanged(null);
}

VIEWS.done = { render: doneView, enter: pollOperation };
