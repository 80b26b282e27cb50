/**
 * The selectors a running project uses: reconciler-project's CEL selectors and watch joins
 * (src-main/reconciler/selector), compiled once per reconciler.
 */
import { compileJoin, compileSelector } from '../selector';
import type { ExpressionSelector, ResourceSelector } from '../project/types';
import type { SelectorCompiler } from './types';

export const choreoSelectors: SelectorCompiler = {
  compileSelector: (selector) => compileSelector(selector as ExpressionSelector | undefined),
  compileJoin: (watch) => compileJoin(watch as unknown as ResourceSelector),
};
