import type { ErrorHint } from '../../graph/error-facts';
import { notInRecycleBinHint, targetsUser, userChangeRefusalHint } from '../error-hints';

/** Why Graph refused a purge, in the words of a purge. */
export const PURGE_ERROR_HINTS: readonly ErrorHint[] = [userChangeRefusalHint('purge', targetsUser), notInRecycleBinHint()];
