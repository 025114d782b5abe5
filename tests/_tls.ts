// A self-signed certificate for localhost and 127.0.0.1, made by openssl
// in a temporary folder, for the TLS tests.
import assert from "node:assert/strict";
import { join } from "node:path";
import { spawn } from "./_process.ts";

/** Paths and PEM texts of a fresh certificate and its key. */
export interface TestCertificate {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
}

/** Makes a self-signed certificate in `dir`. */
export async function selfSigned(dir: string): Promise<TestCertificate> {
  const certPath = join(dir, "cert.pem");
  const keyPath = join(dir, "key.pem");
  const openssl = spawn("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=DNS:localhost,IP:127.0.0.1",
    // rustls refuses a CA certificate as the server's own (CaUsedAsEndEntity).
    "-addext",
    "basicConstraints=critical,CA:FALSE",
    "-keyout",
    keyPath,
    "-out",
    certPath,
  ]);
  const status = await openssl.stop(null);
  assert.equal(status.code, 0, openssl.output());
  return {
    certPath,
    keyPath,
    cert: await Deno.readTextFile(certPath),
    key: await Deno.readTextFile(keyPath),
  };
}
