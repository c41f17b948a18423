// The live event stream (GET /events), read with fetch rather than EventSource: EventSource cannot send the
// Authorization header the API asks for when it is bound beyond loopback. No polling: one stream, reconnected
// with a growing delay when it ends; its first event (`status`) brings the page up to date after a reconnect.
import {ApiError, request} from './api.js';

/**
 * Follows the stream at `path`: `onEvent(name, data)` for each event (data parsed as JSON), `onState(state)` with
 * `connecting`, `live`, `reconnecting` or `unavailable`. Answers a function that ends it.
 */
export function follow(path, onEvent, onState) {
  let stopped = false;
  let controller = null;
  let delay = 500;

  async function run() {
    while (!stopped) {
      controller = new AbortController();
      try {
        onState('connecting');
        const response = await request(path, {headers: {Accept: 'text/event-stream'}, signal: controller.signal});
        onState('live');
        delay = 500;
        await readEvents(response.body, (name, data) => {
          let value;
          try {
            value = JSON.parse(data);
          } catch {
            value = data;
          }
          onEvent(name, value);
        });
      } catch (e) {
        if (e instanceof ApiError && e.missingRoute) {
          onState('unavailable');
          return;
        }
      }
      if (stopped) {
        return;
      }
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  }

  run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}

/** Parses a `text/event-stream` body (WHATWG HTML, "Parsing an event stream"), calling `onEvent(name, data)`. */
export async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let name = '';
  let data = [];
  for (;;) {
    const {value, done} = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end).replace(/\r$/, '');
      buffer = buffer.slice(end + 1);
      if (line === '') {
        if (data.length > 0) {
          onEvent(name || 'message', data.join('\n'));
        }
        name = '';
        data = [];
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const fieldValue = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') {
          name = fieldValue;
        } else if (field === 'data') {
          data.push(fieldValue);
        }
      }
    }
  }
}
