import type { FastifyPluginAsync } from 'fastify';

export interface ConfigOptions {
  /** Whether POST /uploads works here (the deployment has a media bucket). */
  readonly uploads: boolean;
}

/** What this deployment offers its clients, so the web front end can hide what is not there. */
const configRoutes: FastifyPluginAsync<ConfigOptions> = async (app, options) => {
  app.get(
    '/config',
    { schema: { response: { 200: { type: 'object', properties: { uploads: { type: 'boolean' } } } } } },
    async () => ({ uploads: options.uploads }),
  );
};

export default configRoutes;
