/*
 * The M2M widget's entry module (loaded by the page as <script type="module">; no build step). It exchanges the
 * link token (URL fragment) for a session, reads the widget state and the tables of its forms, and shows the step
 * the state says is still needed. The other modules (docs/widget.md "Structure"):
 *   api.js     fetch, the envelope and the error codes the page branches on
 *   state.js   the page's context and the registry of views
 *   flow.js    navigation, end states, language and theme
 *   dom.js     DOM building (never innerHTML) and the shared pieces of a step
 *   text.js    t() and number, money and time formats; i18n.js the English and Spanish texts
 *   parent.js  postMessage to the embedding page, only to its allowed origins
 *   welcome.js, details.js, verify.js, send.js, done.js, end.js   the steps, each registering its views
 */
import { api, CODES, loadConfig, PATHS, REFUSING_STATES } from './api.js';
import { browserLang, end, loadState, makePlan, run, setLang, show, viewFor } from './flow.js';
import { ctx } from './state.js';
import './welcome.js';
import './details.js';
import './verify.js';
import './send.js';
import './done.js';
import './end.js';

document.getElementById('lang-switch').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-lang]');
  if (!button || button.dataset.lang === ctx.lang) return;
  ctx.langChosen = true;
  setLang(button.dataset.lang, true);
  button.focus();
});

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
    const res = await api('POST', PATHS.sessions, {
      linkId: ctx.linkId, token,
      deviceInfo: {
        userAgent: navigator.userAgent,
        platform: (navigator.userAgentData && navigator.userAgentData.platform) || navigator.platform || '',
        language: navigator.language || ''
      }
    });
    if (!res.ok) {
      const { code, state } = res.error;
      if (code === CODES.RESOURCE_NOT_FOUND || code === CODES.INVALID_REQUEST) end('unknown');
      if (code === CODES.LINK_EXPIRED) end('expired');
      // INVALID_STATE names the link's state: revoked, or completed (already used).
      if (code === CODES.INVALID_STATE) {
        end(state === REFUSING_STATES.REVOKED ? 'revoked' : state === REFUSING_STATES.COMPLETED ? 'completed' : 'closed');
      }
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
  await loadConfig();
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

run(start);
