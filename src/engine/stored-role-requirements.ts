import { z } from 'zod';
import type { Job, JsonValue } from '../jobs/job-model';
import { DIRECTORY_ROLES } from '../operations/directory-roles';
import type { RoleKey, RoleRequirement } from '../operations/directory-roles';

/** The job option holding the role requirements its dry run checked (OperationPlan.requirements). */
export const ROLE_REQUIREMENTS_OPTION = 'roleRequirements';

const ROLE_KEYS = Object.keys(DIRECTORY_ROLES) as [RoleKey, ...RoleKey[]];

const storedRequirementsSchema = z.array(z.object({ action: z.string().min(1), anyOf: z.array(z.enum(ROLE_KEYS)).min(1) })).min(1);

export function storedRequirementsValue(requirements: readonly RoleRequirement[]): JsonValue {
  return requirements.map((requirement) => ({ action: requirement.action, anyOf: [...requirement.anyOf] }));
}

/**
 * The requirements stored with the job; undefined for a job created before they were stored, or whose stored value
 * does not parse (an empty list included: a job always needs some role).
 */
export function storedRequirementsOf(job: Pick<Job, 'options'>): RoleRequirement[] | undefined {
  const parsed = storedRequirementsSchema.safeParse(job.options[ROLE_REQUIREMENTS_OPTION]);
  return parsed.success ? parsed.data : undefined;
}
