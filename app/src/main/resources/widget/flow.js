/*
 * Navigation: which view the state calls for, showing it (progress, focus, parent messages), the end states, the
 * page's language and the partner's look, and reading the state again after a refused action.
 */
import { api, CODES, PATHS } from './api.js';
import { announce, focusFirstInvalid, errorText, h } from './dom.js';
import { notifyParent } from './parent.js';
import { app, ctx, Halt, STEP_OF_VIEW, VIEWS } from './state.js';
import { hasLang, t } from './text.js';

export async function loadState() {
const res = await api('GET', PATHS.state);
if (!res.ok) {
  if (res.error.code === CODES.RESOURCE_NOT_FOUND) end('unknown');
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

export function browserLang() {
  const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
  return String(langs[0] || 'en').toLowerCase().startsWith('es') ? 'es' : 'en';
}

export function setLang(lang, rerender) {
  ctx.lang = hasLang(lang) ? lang : 'en';
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

export function partnerName() {
  return (ctx.state && ctx.state.link && ctx.state.link.partnerName) || 'M2M';
}

export function paintPartner() {
  const known = ctx.state && ctx.state.link && ctx.state.link.partnerName;
  document.getElementById('partner-name').textContent = known || t('brand.fallback');
}

export function applyLink() {
  const link = ctx.state.link || {};
  document.body.classList.remove('light', 'dark');
  document.body.classList.add(link.theme === 'dark' ? 'dark' : 'light');
  if (!ctx.langChosen && (link.language === 'en' || link.language === 'es')) {
    setLang(link.language, false);
  }
  paintPartner();
}

export function viewFor(nextStep) {
  const status = ctx.state.user && ctx.state.user.status;
  if (nextStep === 'done' || ctx.state.operation) return 'done';
  if (status === 'cip_failed') return 'failed';
  if (status === 'cip_pending') return 'pending';
  if (nextStep === 'details') return 'details';
  if (nextStep === 'verify') return 'verify';
  if (nextStep === 'send') return 'send';
  return 'details';
}

export function makePlan() {
  const s = ctx.state;
  const verified = s.user && s.user.status === 'cip_verified';
  if (s.operation || s.nextStep === 'done') return ['done'];
  if (s.nextStep === 'details') return verified ? ['details', 'send', 'done'] : ['details', 'verify', 'send', 'done'];
  if (s.nextStep === 'verify') return ['verify', 'send', 'done'];
  return ['send', 'done'];
}

/** The current view is left: its timers stop, and its answers still on the way are ignored (viewSeq). */
function leaveView() {
  ctx.viewSeq++;
  window.clearTimeout(ctx.quoteTimer);
  window.clearTimeout(ctx.quoteExpiryTimer);
}

/** Paints the new view and focuses its heading; the first view painted tells the parent the widget is ready. */
function paintView() {
  render();
  focusHeading();
  if (!ctx.readyPosted) {
    ctx.readyPosted = true;
    notifyParent({ type: 'm2m:ready' });
  }
}

export function show(view) {
  leaveView();
  ctx.view = view;
  ctx.errors = {};
  ctx.formError = null;
  ctx.busy = false;
  paintView();
  const step = STEP_OF_VIEW[view];
  if (step && step !== ctx.lastStep) {
    ctx.lastStep = step;
    notifyParent({ type: 'm2m:step', step });
  }
  if (VIEWS[view].enter) VIEWS[view].enter(ctx.viewSeq);
}

/** Moves focus to the new step's heading, so screen readers read it; not on the first view of the page. */
export function focusHeading() {
  const heading = app.querySelector('h1');
  if (!heading) return;
  heading.tabIndex = -1;
  if (ctx.readyPosted) heading.focus();
}

export function render() {
  const view = VIEWS[ctx.view];
  const root = view.render();
  const progress = progressBar();
  app.replaceChildren(...(progress ? [progress, root] : [root]));
  app.setAttribute('aria-busy', 'false');
  if (view.painted) view.painted();
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

export function end(kind) {
  leaveView();
  ctx.view = 'end';
  ctx.endKind = kind;
  paintView();
  if (kind !== 'error') notifyParent({ type: 'm2m:closed', reason: kind });
  announce(t('end.' + kind + '.title'));
  throw new Halt('end: ' + kind);
}

/** Runs an action; an end state stops it quietly, anything unexpected shows the generic error page. */
export function run(action) {
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

export function stillOn(seq) {
  return seq === ctx.viewSeq;
}

export function sleep(ms) {
  return new Promise((resolve) => window.setTimeout(resolve, ms));
}

export function showFieldErrors(errors, formMessage, fieldOnly) {
  ctx.errors = errors;
  ctx.formError = fieldOnly ? null : formMessage || t('error.form');
  ctx.busy = false;
  render();
  focusFirstInvalid();
  announce(ctx.formError || errorText(Object.keys(errors)[0]));
}

/** After a refused action: re-read the state and show what it says (an end state, or the current step). */
export async function recover(res) {
  if (res.error.code === CODES.NETWORK) {
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
  if (res.error && res.error.code) {
    ctx.formError = t('error.generic');
    render();
    announce(ctx.formError);
  }
}

