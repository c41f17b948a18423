// DOM building from text only: the page's Content-Security-Policy refuses every HTML-parsing sink (innerHTML...).

/** A new element: `props` sets attributes (`class`, `dataset`, `on<event>` listeners, properties for non-strings). */
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else if (typeof value !== 'string' && key in node) {
      node[key] = value;
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

/** Appends text, nodes and (nested) arrays of them; skips null, undefined and false. */
export function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(node, child);
    } else {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

/** Replaces a node's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** A definition list of [term, value] pairs, values absent skipped. */
export function facts(pairs) {
  return el('dl', {class: 'facts'}, pairs.filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
}

/** A message line: `kind` is info, ok, warn or error (errors are announced to screen readers). */
export function message(kind, ...text) {
  return el('p', {class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status'}, ...text);
}

/** "Not available on this server": a section or part whose routes this server does not serve. */
export function unavailable(what) {
  return el('p', {class: 'message unavailable'}, `${what}: not available on this server.`);
}

export function formatBytes(bytes) {
  if (bytes === undefined || bytes === null) {
    return '';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatNumber(value) {
  return value === undefined || value === null ? '' : Number(value).toLocaleString();
}

/** An instant (epoch ms) as local date and time, to the minute. */
export function formatTime(ms) {
  return ms === undefined || ms === null ? '' : new Date(ms).toLocaleString(undefined,
      {dateStyle: 'medium', timeStyle: 'short'});
}

const UNITS = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];

/** A length of time in its largest unit and the next one: 3d 4h, 2h 0m, 5m 10s, 12s. */
export function formatDuration(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const largest = UNITS.findIndex(([, size]) => seconds >= size);
  const first = largest < 0 ? UNITS.length - 1 : largest;
  return UNITS.slice(first, first + 2)
      .map(([unit, size], n) => `${n === 0 ? Math.floor(seconds / size) : Math.floor((seconds % UNITS[first][1]) / size)}${unit}`)
      .join(' ');
}

/** An instant relative to now: "in 3h 20m" or "5m 10s ago", with the local time in a tooltip-free form. */
export function formatRelative(ms, now = Date.now()) {
  if (ms === undefined || ms === null) {
    return '';
  }
  return ms >= now ? `in ${formatDuration(ms - now)}` : `${formatDuration(now - ms)} ago`;
}

/** A <time> element showing an instant relatively, its local time beside it. */
export function when(ms) {
  if (ms === undefined || ms === null) {
    return '';
  }
  return el('time', {datetime: new Date(ms).toISOString()}, `${formatRelative(ms)} (${formatTime(ms)})`);
}

/** Runs `action` with the button disabled and marked busy, so that a click is never sent twice. */
export async function busy(button, action) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
