/*
 * The widget API: fetch, the {success, data | error} envelope, and the error codes the page branches on. The
 * page never reads an error's English message to decide anything: it reads error.code, error.field and, for
 * INVALID_STATE, error.state (docs/widget.md "Errors").
 */
import { ctx } from './state.js';
import { end } from './flow.js';

/** The envelope's error codes the widget acts on (docs/api.md "Envelope, status codes, errors"). */
export const CODES = Object.freeze({
  NETWORK: 'NETWORK', // ours: the request never got an answer
  UNAUTHORIZED: 'UNAUTHORIZED',
  PARTNER_SUSPENDED: 'PARTNER_SUSPENDED',
  INVALID_REQUEST: 'INVALID_REQUEST',
  RESOURCE_NOT_FOUND: 'RESOURCE_NOT_FOUND',
  LINK_EXPIRED: 'LINK_EXPIRED',
  RATE_LIMITED: 'RATE_LIMITED',
  INVALID_STATE: 'INVALID_STATE'
});

/** The states an INVALID_STATE answer names in error.state. */
export const REFUSING_STATES = Object.freeze({ REVOKED: 'revoked', COMPLETED: 'completed', QUOTE_EXPIRED: 'quote_expired' });

export const PATHS = Object.freeze({
  sessions: '/widget/api/sessions',
  state: '/widget/api/state',
  config: '/widget/api/config',
  details: '/widget/api/details',
  verification: '/widget/api/verification',
  quotes: '/widget/api/quotes',
  operations: '/widget/api/operations'
});

export async function api(method, path, body) {
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
    return { status: 0, ok: false, data: null, error: { code: CODES.NETWORK } };
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
  const code = result.error.code;
  if (code === CODES.PARTNER_SUSPENDED) end('suspended');
  if (code === CODES.RATE_LIMITED) end('throttled');
  if (path !== PATHS.sessions) {
    if (code === CODES.UNAUTHORIZED) end('session');
    if (code === CODES.LINK_EXPIRED) end('expired');
  }
  return result;
}

/** The tables of the forms (id types, payout countries and their currencies, limits), once per page. */
export async function loadConfig() {
  const res = await api('GET', PATHS.config);
  if (!res.ok) end('error');
  ctx.config = res.data;
  return ctx.config;
}
