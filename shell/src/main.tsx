import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@aether/ui/tokens.css';
import './shell.css';
import { App } from './app';
import { resolveGatewayUrl } from './config/gateway-url';
import { ServicesProvider } from './services-context';
import { createShellServices } from './shell-services';
import { startShell } from './start-shell';

const services = createShellServices({ gatewayUrl: resolveGatewayUrl() });
startShell(services);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ServicesProvider services={services}>
      <App />
    </ServicesProvider>
  </StrictMode>,
);
