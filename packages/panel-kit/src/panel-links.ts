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
  /**
   * Where one operation is run with its dry run shown first, with `:id` for the service id and
   * `:operation` for the operation id: "/services/:id/operations/:operation?dryRun=1".
   */
  operationDryRun?: string;
  /** Where the four-eyes queue is, a page: "/approvals". The shell badges it with what waits. */
  approvals?: string;
  /** Where a maintenance window is opened, a page with its form: "/maintenance?open=1". */
  maintenanceWindow?: string;
}

/**
 * Fills a link template: `linkTo('/services/:id', 'a b')` → "/services/a%20b"; `operation` fills
 * `:operation` the same way.
 */
export function linkTo(template: string, id: string, operation?: string): string {
  const filled = template.replace(':id', encodeURIComponent(id));
  return operation === undefined
    ? filled
    : filled.replace(':operation', encodeURIComponent(operation));
}
