import assert from "node:assert/strict";
import { HTTPError, MissingArgumentError } from "../../web/mod.ts";

// Expected strings printed by tests/testdata/web/errors.py (real Tornado).
Deno.test("String(HTTPError) reads as Tornado's str(HTTPError)", () => {
  assert.equal(String(new HTTPError(682)), "HTTP 682: Unknown");
  assert.equal(String(new HTTPError(682, "boom")), "HTTP 682: Unknown (boom)");
  assert.equal(String(new HTTPError(404)), "HTTP 404: Not Found");
  assert.equal(String(new HTTPError(404, "")), "HTTP 404: Not Found");
  assert.equal(
    String(new HTTPError(403, "no", { reason: "Nope" })),
    "HTTP 403: Nope (no)",
  );
  assert.equal(new HTTPError(682).message, "HTTP 682: Unknown");
});

Deno.test("MissingArgumentError keeps the standard reason and logs the name", () => {
  const error = new MissingArgumentError("a");
  assert.equal(error.reason, undefined);
  assert.equal(error.logMessage, "Missing argument a");
  assert.equal(String(error), "HTTP 400: Bad Request (Missing argument a)");
});
