/* The end states: an expired, revoked, used or unknown link, an ended session, a throttled or failed page. */
import { button, h, section, statusIcon, title } from './dom.js';
import { ctx, VIEWS } from './state.js';
import { t } from './text.js';

function endView() {
  const kind = ctx.endKind;
  return section('end', [
    h('div', { class: 'center', 'data-testid': 'end-' + kind },
      statusIcon(kind === 'error' ? 'bad' : kind === 'completed' ? 'ok' : 'wait'),
      title('end', t('end.' + kind + '.title')),
      h('p', { class: 'lead', text: t('end.' + kind + '.text') })),
    kind === 'error' ? button(t('retry'), { 'data-testid': 'retry', onclick: () => location.reload() }) : null
  ]);
}

VIEWS.end = { render: endView };
