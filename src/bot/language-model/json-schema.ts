import { z } from 'zod';

export interface JsonSchema {
  type?: 'object' | 'string' | 'boolean' | 'array';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: string[];
  format?: 'email' | 'uri';
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

/**
 * The JSON schema the model is given for an action's arguments, derived from the zod shape that validates them, so
 * the two cannot drift. Covers the few zod types the actions use; anything else is a programming error.
 */
export function jsonSchemaOf(schema: z.ZodTypeAny): JsonSchema {
  const described = (out: JsonSchema): JsonSchema => (schema.description ? { ...out, description: schema.description } : out);
  if (schema instanceof z.ZodOptional) return jsonSchemaOf(schema.unwrap() as z.ZodTypeAny);
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodTypeAny>;
    const properties = Object.fromEntries(Object.entries(shape).map(([key, inner]) => [key, jsonSchemaOf(inner)]));
    const required = Object.entries(shape)
      .filter(([, inner]) => !inner.isOptional())
      .map(([key]) => key);
    return described({ type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false });
  }
  if (schema instanceof z.ZodEnum) return described({ type: 'string', enum: [...(schema.options as string[])] });
  if (schema instanceof z.ZodBoolean) return described({ type: 'boolean' });
  if (schema instanceof z.ZodArray) {
    const min = schema._def.minLength?.value;
    const max = schema._def.maxLength?.value;
    return described({
      type: 'array',
      items: jsonSchemaOf(schema.element as z.ZodTypeAny),
      ...(min !== undefined ? { minItems: min } : {}),
      ...(max !== undefined ? { maxItems: max } : {}),
    });
  }
  if (schema instanceof z.ZodString) {
    const out: JsonSchema = { type: 'string' };
    for (const check of schema._def.checks) {
      if (check.kind === 'email') out.format = 'email';
      else if (check.kind === 'url') out.format = 'uri';
      else if (check.kind === 'regex') out.pattern = check.regex.source;
      else if (check.kind === 'min') out.minLength = check.value;
      else if (check.kind === 'max') out.maxLength = check.value;
    }
    return described(out);
  }
  throw new Error(`No JSON schema for zod type ${schema.constructor.name}`);
}
