// Talking to a provider: every failure it can cause becomes an AuthError
// (502 when the provider is at fault, 403 when the browser's code is).

import {
  type AsyncHTTPClient,
  HTTPClientError,
  type HTTPRequestOptions,
  type HTTPResponse,
} from "../httpclient/mod.ts";
import { parseQsl } from "../_internal/url_concat.ts";
import { AuthError } from "./errors.ts";
import type { OAuth2Token } from "./types.ts";

/** Token-endpoint errors that mean the code itself is bad (403). */
const BAD_CODE_ERRORS: ReadonlySet<string> = new Set([
  "invalid_grant",
  "bad_verification_code",
]);

/** Fetches without throwing for a status; network failures become 502. */
export async function providerFetch(
  client: AsyncHTTPClient,
  url: string,
  options: HTTPRequestOptions,
  what: string,
): Promise<HTTPResponse> {
  let response: HTTPResponse;
  try {
    response = await client.fetch(url, { ...options, raiseError: false });
  } catch (error) {
    if (!(error instanceof HTTPClientError)) throw error;
    throw new AuthError(
      `Cannot ${what}: the provider could not be reached (${error.message})`,
      { statusCode: 502, cause: error },
    );
  }
  if (response.code >= 500) {
    throw new AuthError(
      `Cannot ${what}: the provider answered "${response.code} ${response.reason}"`,
      { statusCode: 502, cause: response.error },
    );
  }
  return response;
}

/** Decodes a JSON body, or throws a 502 AuthError. */
export function providerJson(response: HTTPResponse, what: string): unknown {
  try {
    return JSON.parse(response.text);
  } catch (error) {
    throw new AuthError(
      `Cannot ${what}: the provider's answer is not JSON (status ${response.code})`,
      { statusCode: 502, cause: error },
    );
  }
}

/** The `error` and `error_description` of an OAuth error body, if any. */
export function oauthErrorOf(
  body: unknown,
): { error: string; description: string } | null {
  if (body === null || typeof body !== "object") return null;
  const { error, error_description: description } = body as Record<
    string,
    unknown
  >;
  if (typeof error === "string") {
    return {
      error,
      description: typeof description === "string" ? `: ${description}` : "",
    };
  }
  // Facebook: { "error": { "message": ..., "type": ..., "code": ... } }
  if (error !== null && typeof error === "object") {
    const { message, type } = error as Record<string, unknown>;
    return {
      error: typeof type === "string" ? type : "error",
      description: typeof message === "string" ? `: ${message}` : "",
    };
  }
  return null;
}

/** Exchanges a code at the token endpoint and checks the answer. */
export async function exchangeCode(
  client: AsyncHTTPClient,
  url: string,
  method: "GET" | "POST",
  params: Readonly<Record<string, string>>,
): Promise<OAuth2Token> {
  const what = "exchange the code for an access token";
  if (url === "") {
    throw new TypeError(`Cannot ${what}: "oauthAccessTokenUrl" is not set`);
  }
  const headers = { Accept: "application/json" };
  const form = new URLSearchParams(params);
  const response = method === "POST"
    ? await providerFetch(
      client,
      url,
      { method, headers, body: form },
      what,
    )
    : await providerFetch(
      client,
      url + (url.includes("?") ? "&" : "?") + form.toString(),
      { headers },
      what,
    );
  const type = response.headers.get("content-type") ?? "";
  const body = type.includes("application/x-www-form-urlencoded")
    ? Object.fromEntries(parseQsl(response.text))
    : providerJson(response, what);
  const problem = oauthErrorOf(body);
  if (problem !== null) {
    const bad = BAD_CODE_ERRORS.has(problem.error);
    throw new AuthError(
      bad
        ? `Cannot ${what}: the provider refused the code ("${problem.error}"${problem.description})`
        : `Cannot ${what}: the provider answered "${problem.error}"${problem.description}`,
      { statusCode: bad ? 403 : 502, oauthError: problem.error },
    );
  }
  if (response.code < 200 || response.code > 299) {
    throw new AuthError(
      `Cannot ${what}: the provider answered "${response.code} ${response.reason}"`,
      { statusCode: 502 },
    );
  }
  const token = body as Record<string, unknown> | null;
  if (
    token === null || typeof token !== "object" || Array.isArray(token) ||
    typeof token.access_token !== "string" || token.access_token === ""
  ) {
    throw new AuthError(
      `Cannot ${what}: the provider's answer has no "access_token"`,
      { statusCode: 502 },
    );
  }
  return token as OAuth2Token;
}

/** Calls a provider API and decodes its JSON answer (502 on failure). */
export async function apiRequest(
  client: AsyncHTTPClient,
  url: string,
  options: HTTPRequestOptions,
): Promise<unknown> {
  const what = `call "${url.split("?")[0]}"`;
  const response = await providerFetch(client, url, options, what);
  if (response.code < 200 || response.code > 299) {
    let problem = null;
    try {
      problem = oauthErrorOf(JSON.parse(response.text));
    } catch {
      // not JSON: report the status alone
    }
    throw new AuthError(
      `Cannot ${what}: the provider answered "${response.code} ${response.reason}"${
        problem === null ? "" : ` ("${problem.error}"${problem.description})`
      }`,
      { statusCode: 502, oauthError: problem?.error, cause: response.error },
    );
  }
  return providerJson(response, what);
}

/** Turns `...args` of a request helper into query pairs. */
export function queryArgs(
  args: Readonly<Record<string, unknown>>,
): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined) continue;
    if (
      typeof value !== "string" && typeof value !== "number" &&
      typeof value !== "boolean"
    ) {
      throw new TypeError(
        `Cannot send argument "${name}": a query argument must be a string, number or boolean`,
      );
    }
    pairs.push([name, String(value)]);
  }
  return pairs;
}
