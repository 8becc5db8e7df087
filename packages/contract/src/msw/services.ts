import { http, HttpResponse } from 'msw';
import { ServiceList, ServiceDetail, type ServiceSummary, type ServiceDetail as Detail } from '../index.js';
import { makeServiceDetail, makeServices } from '../fixtures/index.js';
import { problem } from './problem.js';

export interface ServicesMockOptions {
  baseUrl?: string;
  services?: ServiceSummary[];
  details?: Record<string, Detail>;
}

/** GET /api/services and /api/services/:id from fixtures, validated against the contract before they are served. */
export function servicesHandlers({ baseUrl = '', services = makeServices(12), details = {} }: ServicesMockOptions = {}) {
  return [
    http.get(`${baseUrl}/api/services`, () => HttpResponse.json(ServiceList.parse(services))),
    http.get<{ id: string }>(`${baseUrl}/api/services/:id`, ({ params }) => {
      const index = services.findIndex((s) => s.id === params.id);
      if (index < 0) return problem(404, 'Service not found', `No service ${params.id}`);
      return HttpResponse.json(ServiceDetail.parse(details[params.id] ?? { ...makeServiceDetail(index), ...services[index] , checks: makeServiceDetail(index).checks }));
    }),
  ];
}
