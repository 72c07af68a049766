/* The first view of a new link: what is going to happen, and a start button. */
import { button, h, section, svg, title } from './dom.js';
import { partnerName, run, show, viewFor } from './flow.js';
import { ctx, VIEWS } from './state.js';
import { t } from './text.js';

function welcomeView() {
  const items = [];
  if (ctx.plan.includes('details')) items.push('welcome.item.details');
  if (ctx.plan.includes('verify')) items.push('welcome.item.verify');
  items.push('welcome.item.send');
  return section('welcome', [
    title('welcome', t('welcome.title', { partner: partnerName() })),
    h('p', { class: 'lead', text: t('welcome.intro', { partner: partnerName() }) }),
    h('h2', { class: 'subhead', text: t('welcome.what') }),
    h('ol', { class: 'steps-list' }, items.map((key, i) =>
      h('li', null, h('span', { class: 'steps-num', 'aria-hidden': 'true', text: String(i + 1) }), h('span', { text: t(key) })))),
    h('p', { class: 'privacy' }, svg('lock'), h('span', { text: t('welcome.privacy') })),
    button(t('welcome.start'), { 'data-testid': 'start', onclick: () => run(() => show(viewFor(ctx.state.nextStep))) })
  ]);
}

VIEWS.welcome = { render: welcomeView };
