import type { ParamSpec, Params, SearchSpace } from './search-space-schema';

/**
 * One search space made of several sub-spaces, one per choice of a
 * categorical `parent` (e.g. one per model family): each sub-space's
 * parameters become `<choice>.<name>`, active only while `parent` has that
 * choice (a condition), so every sampler handles the union as one conditional
 * space. Conditions inside a sub-space keep working (their parent is renamed
 * the same way). Pure.
 */
export function joinSubSpaces(parent: string, subSpaces: Readonly<Record<string, SearchSpace>>): SearchSpace {
  const choices = Object.keys(subSpaces);
  const out: Record<string, ParamSpec> = { [parent]: { type: 'categorical', choices } };
  for (const choice of choices) {
    for (const [name, spec] of Object.entries(subSpaces[choice])) {
      const condition = spec.condition
        ? { ...spec.condition, parent: `${choice}.${spec.condition.parent}` }
        : { parent, values: [choice] };
      out[`${choice}.${name}`] = { ...spec, condition };
    }
  }
  return out;
}

/**
 * The inverse for one point: which choice `params` made of `parent`, and
 * that choice's own parameters with the prefix removed (parameters of other
 * choices, which the conditions keep out of a suggestion anyway, are dropped).
 * @returns undefined when `params` has no string value for `parent`.
 */
export function splitSubSpaceParams(parent: string, params: Params): { choice: string; params: Params } | undefined {
  const choice = params[parent];
  if (typeof choice !== 'string') return undefined;
  const prefix = `${choice}.`;
  const own: Params = {};
  for (const [name, value] of Object.entries(params))
    if (name.startsWith(prefix)) own[name.slice(prefix.length)] = value;
  return { choice, params: own };
}
