import type { TestProject } from 'vitest/node';
import { startContractGateway } from './contract-gateway.js';

declare module 'vitest' {
  export interface ProvidedContext {
    gatewayUrl: string;
  }
}

/** One real gateway for every contract file: started before them, stopped after. */
export default async function setup(project: TestProject) {
  const gateway = await startContractGateway();
  project.provide('gatewayUrl', gateway.url);
  return () => gateway.close();
}
