/**
 * The method tables of the built-in types, one file per type. The runtime's attribute lookup
 * asks `methodsOf(typeName(x))` and calls the BuiltinFn with `recv = x`.
 */
import type { BuiltinFn } from '../value';
import { bytesMethods } from './bytes';
import { dictMethods } from './dict';
import { listMethods } from './list';
import { setMethods } from './set';
import { stringMethods } from './string';

const byType = new Map<string, ReadonlyMap<string, BuiltinFn>>([
  ['string', stringMethods],
  ['bytes', bytesMethods],
  ['list', listMethods],
  ['dict', dictMethods],
  ['set', setMethods],
]);

/** The methods of a built-in type by name, or undefined for a type without methods. */
export function methodsOf(typeName: string): ReadonlyMap<string, BuiltinFn> | undefined {
  return byType.get(typeName);
}
