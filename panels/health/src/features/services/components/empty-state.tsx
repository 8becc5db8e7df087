const EXAMPLE = `services:
  - id: orders
    name: Orders API
    group: commerce
    tags: [prod]
    baseUrl: http://127.0.0.1:9101
    checks:
      - id: health
        type: http
        path: /health
        interval: 10s
        expect: { status: [200], maxLatency: 500ms }`;

/** No service configured yet: say how to add one instead of showing an empty table. */
export function EmptyState() {
  return (
    <section className="hp-state" aria-labelledby="hp-empty-title">
      <h2 id="hp-empty-title">No services yet</h2>
      <p>
        The gateway watches the services listed in <code>aether.config.yaml</code> (or the file in{' '}
        <code>AETHER_CONFIG</code>). Add one under <code>services:</code>:
      </p>
      <pre className="hp-code">{EXAMPLE}</pre>
      <p>
        Check the file with <code>npx aether config check aether.config.yaml</code>, then restart
        the gateway. The service appears here with its first result.
      </p>
    </section>
  );
}
