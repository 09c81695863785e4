// @ballast/serving-core/fastify: mounts an InferenceServer in a fastify app. fastify is an
// optional peer, so this adapter lives on its own entry and the root types never name it.
export {
  createFastifyInferenceApp,
  type FastifyInferencePluginOptions,
  fastifyInferencePlugin,
} from './http/fastify-plugin';
