import { remoteNameFor } from '@aether/contract/panel-runtime';

/**
 * What the shell and every panel share at run time: one React, one react-dom, one @aether/ui. The
 * shell's vite.config.ts and every panel's (through panelFederation) use this object, so the keys
 * and ranges cannot drift apart.
 */
export const SHARED = {
  react: { singleton: true, requiredVersion: '^19.2.0' },
  'react-dom': { singleton: true, requiredVersion: '^19.2.0' },
  '@aether/ui': { singleton: true, requiredVersion: '^0.1.0' },
};

export interface PanelFederationOptions {
  /** The panel's registry id: the remote is named remoteNameFor(id), which the shell checks. */
  id: string;
  /** Vite's command: 'serve' for standalone dev, 'build' for the deployed remote. */
  command: 'serve' | 'build';
  /** A build of the standalone dev page (a benchmark's), not of the remote. */
  standalone?: boolean;
}

/**
 * The @module-federation/vite options of a panel: a remote exposing ./Panel through
 * mf-manifest.json, on the shell's shared block. `vite.config.ts`:
 * `federation(panelFederation({ id: 'my-panel', command }))`.
 */
export function panelFederation({ id, command, standalone = false }: PanelFederationOptions) {
  const alone = command === 'serve' || standalone;
  return {
    name: remoteNameFor(id),
    filename: 'remoteEntry.js',
    manifest: true,
    dts: false,
    exposes: { './Panel': './src/panel.tsx' },
    // Alone, react-dom/client evaluates before any host could provide React, so shares are eager;
    // a deployed remote takes the shell's copies.
    shared: alone
      ? Object.fromEntries(
          Object.entries(SHARED).map(([name, share]) => [name, { ...share, eager: true }]),
        )
      : SHARED,
    // In the shell, reuse the host's federation runtime (the shell sets provideExternalRuntime)
    // instead of shipping a ~19 kB gzip copy; alone there is no host to reuse.
    experiments: alone ? undefined : { externalRuntime: true },
  };
}

export interface PanelServingOptions {
  /** The panel's fixed port: the shell, npm start, the images and deploy-panel.sh expect it. */
  port: number;
  command: 'serve' | 'build';
  /** A build of the standalone dev page (a benchmark's), not of the remote. */
  standalone?: boolean;
  /** The build's entries; default none but the federated one. */
  input?: string | Record<string, string>;
}

/**
 * The rest of a panel's vite config: its port with CORS for the shell (dev and preview), the MSW
 * worker in public/ only when the panel runs alone (a deployed remote must not ship it), and only
 * the federated entry in dist/ — index.html and src/dev are the standalone page, not the product.
 */
export function panelServing({
  port,
  command,
  standalone = false,
  input = {},
}: PanelServingOptions) {
  return {
    publicDir: command === 'serve' || standalone ? 'public' : (false as const),
    server: { port, strictPort: true, cors: true, origin: `http://localhost:${port}` },
    preview: { port, strictPort: true, cors: true },
    build: { target: 'es2022', rolldownOptions: { input } },
  };
}

/** The standalone dev page every panel serves alone: #root and its src/dev/main.tsx, nothing else. */
export function standalonePageHtml(title: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>${title} — AETHER GRID panel (standalone)</title>
  </head>
  <body>
    <div id="root"></div>
    <!-- Standalone development only: the harness plays the shell, MSW plays the gateway. -->
    <script type="module" src="/src/dev/main.tsx"></script>
  </body>
</html>
`;
}

type Next = (error?: unknown) => void;
interface PageRequest {
  method?: string;
  url?: string;
  headers: { accept?: string };
}
interface PageResponse {
  setHeader(name: string, value: string): void;
  end(body: string): void;
}
/** The part of Vite's dev server the page needs (typed here: the kit does not depend on Vite). */
interface DevServer {
  middlewares: { use(handler: (req: PageRequest, res: PageResponse, next: Next) => void): void };
  transformIndexHtml(url: string, html: string, originalUrl?: string): Promise<string>;
}

/**
 * The Vite plugin that is a panel's index.html: `vite` (npm run dev) answers every page request
 * with standalonePageHtml(title), through Vite's HTML transforms, and a build of the standalone page
 * (`input: 'index.html'`, a benchmark's) bundles the same page. No panel keeps its own copy.
 */
export function standalonePage({ title }: { title: string }) {
  const html = standalonePageHtml(title);
  let entry = '';
  return {
    name: 'aether-standalone-page',
    configResolved(config: { root: string }) {
      entry = `${config.root.replace(/\/$/, '')}/index.html`;
    },
    configureServer(server: DevServer) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '/').split('?')[0]!;
        const page = req.method === 'GET' && req.headers.accept?.includes('text/html');
        if (!page || (/\.\w+$/.test(path) && !path.endsWith('.html'))) return next();
        // As Vite's own index.html middleware: the page's url, and the one asked for.
        server.transformIndexHtml('/index.html', html, req.url).then((body) => {
          res.setHeader('Content-Type', 'text/html');
          res.end(body);
        }, next);
      });
    },
    resolveId(id: string) {
      return id === 'index.html' || id === entry ? entry : undefined;
    },
    load(id: string) {
      return id === entry ? html : undefined;
    },
  };
}

/**
 * The Vite plugin that writes `aether-first-requests.json` beside a build's manifest: per page,
 * the gateway reads its first paint waits for, which aether-static writes into that page for the
 * shell's early-requests.js to start before any code has run (the shell's Now view at its root,
 * a panel's first pages beside its mf-manifest.json). Each caller's test keeps the list equal to
 * what its code asks.
 */
export function firstRequestsFile(firstRequests: Record<string, readonly string[]>) {
  return {
    name: 'aether-first-requests',
    apply: 'build' as const,
    generateBundle(this: {
      emitFile(file: { type: 'asset'; fileName: string; source: string }): void;
    }) {
      this.emitFile({
        type: 'asset',
        fileName: 'aether-first-requests.json',
        source: `${JSON.stringify(firstRequests, null, 2)}\n`,
      });
    },
  };
}
