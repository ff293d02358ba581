import { generate } from "selfsigned";

/**
 * A fresh self-signed certificate for 127.0.0.1 and localhost, generated in the test (nothing checked in):
 * `cert` and `key` for the server, `ca` (the certificate itself) for the client that should trust it.
 */
export async function createLoopbackCertificate(): Promise<{ cert: string; key: string; ca: string }> {
  const pems = await generate([{ name: "commonName", value: "voice-tts.test" }], {
    keyType: "ec",
    curve: "P-256",
    notAfterDate: new Date(Date.now() + 24 * 60 * 60 * 1000),
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }] },
    ],
  });
  return { cert: pems.cert, key: pems.private, ca: pems.cert };
}
