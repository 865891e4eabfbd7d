// Every cookie the module sets is httpOnly, SameSite=Lax, on the whole site, and Secure over
// https (where its name is prefixed too: nothing on a subdomain or over http can set it).

interface CookieOptions {
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
  path: "/";
  maxAge: number;
}

export function cookieOptions(secure: boolean, maxAgeSeconds: number): CookieOptions {
  return { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: maxAgeSeconds };
}

/**
 * A cookie is deleted by setting it again, expired, with the attributes it was set with: a
 * browser ignores a Set-Cookie for a __Host- or __Secure- name that lacks Secure (or, for
 * __Host-, Path=/), so a bare delete would leave such a cookie in place over https.
 */
export function expired<T extends { maxAge: number }>(options: T): T {
  return { ...options, maxAge: 0 };
}
