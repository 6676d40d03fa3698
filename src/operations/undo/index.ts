export { planUndo } from './plan-undo';
export { INVERSE_KIND } from './undo-plan';
export type { UndoChoices, UndoPlan } from './undo-plan';
export { isUndoable, undoSourceFromJob, undoSourceFromResultsCsv, UNDO_KEYS } from './undo-source';
export type { UndoableKind, UndoneRow, UndoSource, UndoSourceOutcome } from './undo-source';
