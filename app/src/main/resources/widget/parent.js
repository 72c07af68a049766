/*
 * Messages to the embedding page (m2m:ready, m2m:step, m2m:completed, m2m:closed). Their only targets are the
 * origins the partner allows to embed the page (its allowedEmbedOrigins, also the page's CSP frame-ancestors),
 * which the server names in <meta name="m2m-embed-origins">. A message goes to the parent only when its origin
 * is one of them: the one the browser names when it tells (ancestorOrigins, the referrer), else each allowed
 * origin in turn, which the browser delivers only if it is the parent's. Not framed, or no allowed origin:
 * nothing is ever posted. Never '*'.
 */

const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?$/;

export const embedded = window.parent !== window;

export function allowedOrigins(meta) {
  return meta ? meta.content.split(' ').filter((o) => ORIGIN.test(o)) : [];
}

/** The targets: the told parent origin if it is allowed (none if it is not), else every allowed origin. */
export function targetOrigins(allowed, told) {
  if (told && allowed.includes(told)) return [told];
  return told ? [] : allowed;
}

function toldParentOrigin() {
  try {
    if (location.ancestorOrigins && location.ancestorOrigins.length) return location.ancestorOrigins[0];
    if (document.referrer) return new URL(document.referrer).origin;
  } catch (e) {
    return null;
  }
  return null;
}

const parentOrigins = targetOrigins(allowedOrigins(document.querySelector('meta[name="m2m-embed-origins"]')),
  toldParentOrigin());

export function notifyParent(message) {
  if (!embedded) return;
  parentOrigins.forEach((origin) => {
    try {
      window.parent.postMessage(message, origin);
    } catch (e) {
      // A parent that navigated away: nothing to tell.
    }
  });
}
