export {
  createSampleService,
  type SampleService,
  type SampleServiceOptions,
} from './sample-service.js';
export { createDnsServer, type DnsRecords, type DnsServer, type RecordType } from './dns-server.js';
export { createTlsServer, type TlsServer } from './tls-server.js';
export { makeSelfSignedCert, type SelfSignedCertificate } from './self-signed-cert.js';
export {
  startFleet,
  adminTokenFor,
  fleetRecords,
  FLEET,
  FLEET_DNS_PORT,
  FLEET_TLS_PORT,
  FLEET_DOMAIN,
  type Fleet,
} from './fleet.js';
export { MODES, type Behaviour, type Mode } from './behaviour.js';
