/**
 * The tests' certificates come from the sample service's generator, so the fleet's TLS endpoint
 * and the probe tests' targets are made one way.
 */
export {
  makeSelfSignedCert,
  type SelfSignedCertificate as TestCertificate,
} from '@aether/sample-service';
