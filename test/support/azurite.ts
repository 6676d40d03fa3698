// The tests start Azurite with the local stack's own launcher.
export { startAzurite } from '../../tools/local-stack/azurite';
export type { RunningAzurite as AzuriteHandle } from '../../tools/local-stack/azurite';
