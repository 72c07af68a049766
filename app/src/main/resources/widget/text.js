/* Texts and numbers in the page's language: t() looks a key up in i18n.js, the rest format for the locale. */
import { DICT } from './i18n.js';
import { ctx } from './state.js';

const LOCALES = { en: 'en-US', es: 'es-MX' };

export function hasLang(lang) {
  return Object.prototype.hasOwnProperty.call(DICT, lang);
}

export function t(key, vars) {
  const dict = DICT[ctx.lang] || {};
  let text = key in dict ? dict[key] : (key in DICT.en ? DICT.en[key] : key);
  if (vars) {
    text = text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
  }
  return text;
}

export function num(value, digits) {
  return new Intl.NumberFormat(LOCALES[ctx.lang], { minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, 6) })
    .format(Number(value));
}

export function money(value, currency) {
  return num(value, 2) + '\u00a0' + currency;
}

export function time(iso) {
  return new Intl.DateTimeFormat(LOCALES[ctx.lang], { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

export function masked(last4) {
  return '\u2022\u2022\u2022\u2022 ' + (typeof last4 === 'string' ? last4 : '');
}

// A value of a forgotten user arrives as {"erased": true}: nothing of it is shown.
export function shown(mask) {
  return typeof mask === 'string' ? mask : '\u2014';
}
