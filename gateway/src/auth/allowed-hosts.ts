import { isIP } from 'node:net';

/**
 * The DNS-rebinding guard's rule: which `Host` headers the gateway answers. A rebinding attack
 * makes a browser send the attacker's own name (evil.test resolving to 127.0.0.1), so what
 * matters is the name: IP literals and `localhost` cannot be an attacker's name, nor can the
 * hosts of server.allowedOrigins or server.allowedHosts. Ports are not compared — published
 * container ports and proxies change them, and a rebinding attacker cannot choose our name.
 * An `allowedHosts` entry with a port (`gateway:8080`) matches that port only.
 */
export function createHostPolicy(server: {
  allowedOrigins: readonly string[];
  allowedHosts: readonly string[];
}): (host: string) => boolean {
  const names = new Set<string>(['localhost']);
  const exact = new Set<string>();
  for (const origin of server.allowedOrigins) {
    try {
      names.add(new URL(origin).hostname.toLowerCase());
    } catch {
      // not a URL: nothing a Host header could match
    }
  }
  for (const entry of server.allowedHosts) {
    const lower = entry.toLowerCase();
    if (/:\d+$/.test(lower) && !/^[^[]*:.*:/.test(lower)) exact.add(lower);
    else names.add(lower);
  }
  return (host) => {
    const lower = host.trim().toLowerCase();
    if (exact.has(lower)) return true;
    const name = hostnameOf(lower);
    if (name === undefined) return false;
    return isIP(name.replace(/^\[(.*)\]$/, '$1')) !== 0 || names.has(name);
  };
}

/** `name`, `name:port`, `[v6]` or `[v6]:port` → the name part (brackets kept); undefined when malformed. */
function hostnameOf(host: string): string | undefined {
  const bracketed = /^(\[[0-9a-f:.]+\])(?::\d{1,5})?$/.exec(host);
  if (bracketed) return bracketed[1];
  const named = /^([a-z0-9._-]+)(?::\d{1,5})?$/.exec(host);
  return named?.[1]?.replace(/\.$/, '');
}
