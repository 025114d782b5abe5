// Shared by the chat tests: a client of the chat example's HTTP API.
import assert from "node:assert/strict";

// The chat app checks XSRF: send the same token as cookie and header.
const XSRF_TOKEN = "5f".repeat(16);
const XSRF_HEADERS = {
  cookie: `_xsrf=${XSRF_TOKEN}`,
  "x-xsrftoken": XSRF_TOKEN,
};

/** A message as the chat sends it to clients. */
export interface ChatMessage {
  id: number;
  body: string;
}

/** A form POST with the XSRF token, given up after `signal` (15 s). */
export function post(
  url: string,
  data: Record<string, string>,
  signal: AbortSignal = AbortSignal.timeout(15_000),
): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: XSRF_HEADERS,
    body: new URLSearchParams(data),
    signal,
  });
}

/** A long poll for the messages after `cursor`. */
export async function poll(
  server: string,
  cursor: number,
): Promise<ChatMessage[]> {
  const response = await post(`${server}/a/message/updates`, {
    cursor: String(cursor),
  });
  assert.equal(response.status, 200);
  return (await response.json()).messages;
}
