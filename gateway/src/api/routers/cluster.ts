import { singleMemberView } from '../../cluster/single-member-view.js';
import { createRouter, type RouterFactory } from './router.js';

/** The gateways sharing this one's database (just itself without Postgres). */
export const clusterRouter: RouterFactory = ({ cluster, clock, configReloader, monitor }) => {
  const view =
    cluster ??
    singleMemberView({
      now: () => clock.now(),
      configHash: () => configReloader?.current().sha256 ?? '',
      checks: () => monitor.stats?.().jobs ?? 0,
    });
  return createRouter().get('/api/cluster', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await view.info();
  });
};
