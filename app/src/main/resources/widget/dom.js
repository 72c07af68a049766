/*
 * DOM helpers: everything is built with DOM calls (never innerHTML), so nothing a server or user sends can become
 * markup; and the shared pieces of every step (section, heading, banner, labelled field).
 */
import { app, ctx, live } from './state.js';
import { t } from './text.js';

export function h(tag, attrs) {
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

export function svg(kind) {
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

export function announce(text) {
  live.textContent = '';
  // A fresh text node after clearing makes screen readers announce even a repeated message.
  window.setTimeout(() => { live.textContent = text; }, 30);
}

export function section(name, children) {
  return h('section', { class: 'step step-' + name, 'data-testid': 'step-' + name, 'aria-labelledby': 'title-' + name },
    children);
}

export function title(name, text) {
  return h('h1', { id: 'title-' + name, text });
}

export function banner(kind, text, testid) {
  return h('div', { class: 'banner banner-' + kind, role: kind === 'error' ? 'alert' : null, 'data-testid': testid },
    svg(kind === 'error' ? 'alert' : 'info'), h('span', { text }));
}

export function statusIcon(kind) {
  return h('div', { class: 'status-icon status-' + kind }, svg(kind === 'ok' ? 'check' : kind === 'bad' ? 'cross' : 'clock'));
}

export function fieldId(path) {
  return 'f-' + path.replace(/\./g, '-');
}

export function errorText(path) {
  const error = ctx.errors[path];
  if (!error) return null;
  return t(error.key) + (error.message ? ' ' + error.message : '');
}

/** A labelled control with its hint and error, wired with aria-describedby / aria-invalid. */
export function field(path, label, control, hint, extraClass) {
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

export function textInput(path, attrs) {
  return h('input', Object.assign({
    type: 'text', name: path, id: fieldId(path), 'data-testid': 'field-' + path,
    value: ctx.draft[path] || '',
    oninput: (e) => { ctx.draft[path] = e.target.value; }
  }, attrs || {}));
}

export function select(path, options, attrs) {
  const current = ctx.draft[path] || '';
  return h('select', Object.assign({
    name: path, id: fieldId(path), 'data-testid': 'field-' + path,
    onchange: (e) => { ctx.draft[path] = e.target.value; }
  }, attrs || {}), options.map(([value, label]) => h('option', { value, text: label, selected: value === current })));
}

export function button(text, attrs) {
  return h('button', Object.assign({ type: 'button', class: 'btn btn-primary' }, attrs || {}), text);
}

export function focusFirstInvalid() {
  const invalid = app.querySelector('[aria-invalid="true"]');
  if (invalid) invalid.focus();
}

