import { DeployPage } from './deploy-page';
import { DeploysList } from './deploys-list';

/** The lazy entry of the deploys feature: the list at /deploys, one deploy at /deploys/:id. */
export default function DeploysView({ deployId }: { deployId: string | null }) {
  return deployId === null ? <DeploysList /> : <DeployPage key={deployId} deployId={deployId} />;
}
