// Shared with the other pages of the panel since the outage and SLO pages link the same way.
export { PanelLink } from '../../../components/panel-link';
