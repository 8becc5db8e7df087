// Shared with the SLO pages (windows such as 30d) since they came: one copy in lib/.
export { parseDuration } from '../../lib/parse-duration';
