import { createSecureContext, type SecureContext } from 'node:tls';

/** Distinct trusted-root sets kept; a config names a handful, so this only bounds a mistake. */
const MAX_CONTEXTS = 64;
const contexts = new Map<string, SecureContext>();

/**
 * The TLS context of probes trusting `ca` (inline PEM; undefined: the default roots), made once
 * and shared. Without it every https or tls probe builds its own context — parsing the PEM, or
 * loading the default root store — which is most of a TLS probe's CPU that is not the handshake
 * itself. A context holds no session (probes never resume one), so each probe still pays and
 * times a full handshake.
 */
export function secureContextFor(ca: string | undefined): SecureContext {
  const key = ca ?? '';
  let context = contexts.get(key);
  if (!context) {
    context = createSecureContext(ca === undefined ? {} : { ca });
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value as string);
    contexts.set(key, context);
  }
  return context;
}
