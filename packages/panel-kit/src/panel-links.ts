/**
 * What a panel's exposed module may declare besides its component (`export const links = …`): the
 * kinds of things it can show, as panel-relative path templates. The shell reads them to send a
 * person to the right panel (the command palette's "open service") without knowing any panel id.
 */
export interface PanelLinks {
  /** Where one service is shown, with `:id` for the (URI-encoded) service id: "/services/:id". */
  service?: string;
  /** Where one deploy's before/after is shown, with `:id` for the deploy id: "/deploys/:id". */
  deploy?: string;
  /** Where the recent deploys are listed, a page without `:id`: "/deploys". */
  deploys?: string;
  /** Where the current outage is shown grouped by root cause, a page: "/outages". */
  outages?: string;
  /** Where every SLO is listed by budget left, a page: "/slos". */
  slos?: string;
}

/** Fills a link template: `linkTo('/services/:id', 'a b')` → "/services/a%20b". */
export function linkTo(template: string, id: string): string {
  return template.replace(':id', encodeURIComponent(id));
}
