import http from "node:http";

/**
 * One wrong-password sign-in through real HTTP from `localAddress` (any 127.x.y.z is this machine, so a
 * test can be several clients, or a proxy and its clients), with the X-Forwarded-For it is given.
 * Resolves to the status.
 */
export function attemptSignIn(url: string, options: { email: string; origin: string; forwardedFor: string; localAddress: string }): Promise<number> {
  const body = JSON.stringify({ email: options.email, password: "not the password" });
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/auth/sign-in/email`, {
      method: "POST",
      localAddress: options.localAddress,
      agent: false,
      headers: { "content-type": "application/json", origin: options.origin, "x-forwarded-for": options.forwardedFor, "content-length": Buffer.byteLength(body) },
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}
