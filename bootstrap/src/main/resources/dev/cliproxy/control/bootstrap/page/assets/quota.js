// A quota answer (GET /quota/{provider}/{accountId}, or one account of GET /api/fleet/quota) as bars: each quota's
// name and what is left, a bar (low at a fifth or less, red when used up) and when it resets.
import {el, formatNumber, message, when} from './dom.js';

/** `quota`: the answer, `{error}` (an ApiError or the fleet's `{error, message}`), or nothing yet. */
export function renderQuota(quota) {
  if (!quota) {
    return el('p', {class: 'muted'}, 'Quota: …');
  }
  if (quota.error) {
    const text = quota.error.message ?? quota.error;
    return message('warn', `Quota: ${typeof text === 'string' ? text : 'not available'}`);
  }
  if (quota.supported === false || (quota.quotas ?? []).length === 0) {
    return el('p', {class: 'muted'}, quota.message ?? 'This provider publishes no quota.');
  }
  return el('div', {class: 'quota'}, quota.quotas.map((q) => {
    const limit = q.limit ?? (q.unit === 'percent' ? 100 : null);
    const remaining = q.remaining ?? (limit !== null && q.used !== null && q.used !== undefined ? limit - q.used : null);
    const fraction = limit && remaining !== null ? Math.max(0, Math.min(1, remaining / limit)) : null;
    const bar = el('div', {class: `bar${fraction === null ? '' : (fraction === 0 ? ' empty' : (fraction <= 0.2 ? ' low' : ''))}`,
      role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': String(limit ?? 0), 'aria-valuenow': String(remaining ?? 0),
      'aria-label': `${q.model} remaining`}, el('span'));
    bar.firstChild.style.width = `${Math.round((fraction ?? 0) * 100)}%`;
    const amount = q.unlimited ? 'unlimited' : (q.unit === 'percent' ? `${formatNumber(remaining)}% left`
      : `${formatNumber(remaining)} of ${formatNumber(limit)} ${q.unit ?? ''} left`);
    return el('div', {class: 'quota-item'},
        el('div', {class: 'quota-head'}, el('span', {}, q.label ?? (q.window ? `${q.model} (${q.window})` : q.model)),
            el('span', {}, amount)),
        bar,
        q.resetAt ? el('div', {class: 'reset'}, 'resets ', when(q.resetAt)) : null);
  }));
}
