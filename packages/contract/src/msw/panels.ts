import { http, HttpResponse } from 'msw';
import { PanelList, type Panel } from '../index.js';
import { PANELS } from '../fixtures/index.js';

export function panelsHandlers({ baseUrl = '', panels = PANELS }: { baseUrl?: string; panels?: Panel[] } = {}) {
  return [http.get(`${baseUrl}/api/panels`, () => HttpResponse.json(PanelList.parse(panels)))];
}
