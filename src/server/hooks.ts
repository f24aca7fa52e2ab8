import type { ResponderHooks } from '../respond.ts';

type HookName = keyof ResponderHooks;
type Hook<K extends HookName> = NonNullable<ResponderHooks[K]>;

function combine<K extends HookName>(name: K, parts: readonly ResponderHooks[]): Hook<K> | undefined {
  const hooks = parts.map((p) => p[name]).filter((h): h is Hook<K> => h !== undefined);
  if (hooks.length <= 1) return hooks[0];
  return function combinedHook(this: unknown, ...args: Parameters<Hook<K>>) {
    for (const hook of hooks) (hook as (...a: Parameters<Hook<K>>) => void)(...args);
  } as Hook<K>;
}

/**
 * Merges the hooks of several observers (logs, metrics, the question log). A hook nobody wants stays
 * undefined, so the responder does not even build its event; one observer's hook is used as is.
 */
export function combineHooks(...parts: readonly (ResponderHooks | undefined)[]): ResponderHooks {
  const present = parts.filter((p): p is ResponderHooks => p !== undefined);
  const combined: ResponderHooks = {};
  const onInternalError = combine('onInternalError', present);
  const onAnswered = combine('onAnswered', present);
  const onError = combine('onError', present);
  if (onInternalError) combined.onInternalError = onInternalError;
  if (onAnswered) combined.onAnswered = onAnswered;
  if (onError) combined.onError = onError;
  return combined;
}
