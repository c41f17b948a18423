// The one way the page calls the API: the same routes and rules as any client. When the server is bound beyond
// loopback it asks for the access token once, keeps it in this tab's sessionStorage only, and sends it as
// `Authorization: Bearer`, the way the API expects it.
import {el} from './dom.js';

const TOKEN_KEY = 'cliproxy-control.token';

/** The base path of this server's API, and of one fleet instance's. */
export const LOCAL_BASE = '/api/cliproxy';
export const FLEET_BASE = '/api/fleet';

export function instanceBase(instance) {
  return instance ? `${FLEET_BASE}/instances/${encodeURIComponent(instance)}` : LOCAL_BASE;
}

/** An answer that is not 2xx, with the API's JSON error body: `error`, `message`, `code`. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ? `${body.error ?? 'Error'}: ${body.message}` : (body?.error ?? `HTTP ${status}`));
    this.status = status;
    this.error = body?.error;
    this.detail = body?.message;
    this.code = body?.code;
  }

  /** This server serves no such route (a capability it does not have), rather than "no such thing". */
  get missingRoute() {
    return this.status === 405 || (this.status === 404 && !this.code && this.error === 'Not Found');
  }
}

/** The request, answered 2xx; a 401 asks for the token (once for every request waiting) and tries again. */
export async function request(path, {method = 'GET', headers = {}, body, signal} = {}) {
  let refused = false;
  for (;;) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const response = await fetch(path, {
      method, body, signal, cache: 'no-store', credentials: 'same-origin',
      headers: token ? {...headers, Authorization: `Bearer ${token}`} : headers,
    });
    if (response.status === 401) {
      if (refused || token) {
        sessionStorage.removeItem(TOKEN_KEY);
      }
      await askForToken(Boolean(token));
      refused = true;
      continue;
    }
    if (!response.ok) {
      throw new ApiError(response.status, await errorBody(response));
    }
    return response;
  }
}

async function errorBody(response) {
  try {
    return await response.json();
  } catch {
    return {error: `${response.status} ${response.statusText}`};
  }
}

export async function getJson(path, options) {
  return (await request(path, options)).json();
}

/** Sends `value` as JSON (nothing when undefined) and answers the JSON body. */
export async function sendJson(method, path, value) {
  const response = await request(path, {
    method,
    headers: value === undefined ? {} : {'Content-Type': 'application/json'},
    body: value === undefined ? undefined : JSON.stringify(value),
  });
  return response.status === 204 ? null : response.json();
}

/**
 * A link that downloads what `path` answers (an export, an auth file). Without a token it is a plain link, so the
 * browser streams a large file to disk; with one it fetches with the token and hands the browser the bytes, since a
 * link cannot send the Authorization header.
 */
export function downloadLink(path, text, props = {}) {
  const link = el('a', {...props, href: path, download: ''}, text);
  link.addEventListener('click', async (event) => {
    if (!sessionStorage.getItem(TOKEN_KEY)) {
      return;
    }
    event.preventDefault();
    let response;
    try {
      response = await request(path);
    } catch (e) {
      window.alert(`Not downloaded: ${e.message}`);
      return;
    }
    const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'download';
    const url = URL.createObjectURL(await response.blob());
    const save = el('a', {href: url, download: name});
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  });
  return link;
}

let pendingToken = null;

/** One dialog however many requests are waiting for it; resolves once a token is entered. */
function askForToken(refused) {
  pendingToken ??= new Promise((resolve) => {
    const input = el('input', {type: 'password', id: 'token-input', autocomplete: 'off', required: true,
      'aria-describedby': 'token-help'});
    const form = el('form', {class: 'token-form'},
        el('h2', {id: 'token-title'}, 'Access token'),
        el('p', {id: 'token-help'}, refused
          ? 'The server refused that token. Enter the token the server was started with (--token).'
          : 'This server is reachable beyond this machine and asks for its access token (--token). '
            + 'It is kept in this tab only, until the tab is closed.'),
        el('label', {for: 'token-input'}, 'Token'), input,
        el('div', {class: 'actions'}, el('button', {type: 'submit', class: 'primary'}, 'Continue')));
    const dialog = el('dialog', {id: 'token-dialog', 'aria-labelledby': 'token-title'}, form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      dialog.close();
      dialog.remove();
      pendingToken = null;
      resolve();
    });
    // A token is needed to go on: Escape does not dismiss the dialog.
    dialog.addEventListener('cancel', (event) => event.preventDefault());
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
  return pendingToken;
}

/**
 * What this server serves, from its own API description (`GET /openapi.yaml`): `has('post', path)` tells whether a
 * capability another version may lack (fleet, usage, alerts, sign-ins) is here, before a section offers it. When
 * the description cannot be read, everything is offered and a 404 says "not available".
 */
export async function loadRoutes() {
  try {
    const text = await (await request(`${LOCAL_BASE}/openapi.yaml`)).text();
    return parseRoutes(text);
  } catch {
    return {has: () => true};
  }
}

export function parseRoutes(yaml) {
  const routes = new Set();
  let path = null;
  let inPaths = false;
  for (const line of yaml.split('\n')) {
    if (/^\S/.test(line)) {
      inPaths = line.startsWith('paths:');
      path = null;
    } else if (inPaths) {
      const pathMatch = /^ {2}(\/\S*):\s*$/.exec(line);
      const methodMatch = /^ {4}(get|put|post|delete|patch):\s*$/.exec(line);
      if (pathMatch) {
        path = pathMatch[1];
      } else if (methodMatch && path) {
        routes.add(`${methodMatch[1]} ${path}`);
      }
    }
  }
  return {has: (method, pattern) => routes.has(`${method.toLowerCase()} ${pattern}`)};
}
