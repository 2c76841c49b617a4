/**
 * The workflow's steps as the API names them (WorkflowStep, SCREAMING_CASE) from the names the
 * transition table and the stored events use (the mutation's camelCase name: `fileCase`). The
 * table keeps its names: they are hashed into every timeline event.
 */
export const workflowStep = (action: string): string => action.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
