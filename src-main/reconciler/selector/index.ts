/**
 * Selectors and watch joins with Choreo's semantics (CHOREO.md, "Selectors"), compiled once and
 * evaluated on plain JSON objects. See README.md.
 */
export {
  compileSelector,
  checkSelector,
  operators,
  parseInt64,
  SelectorError,
  type ObjectMatcher,
  type Operator,
} from './selector';
export { compileJoin, joinTerms, commonTopLevelFields, type JoinMatcher } from './join';
export { compileField, goFormat, goFloat, toCelValue, CelCompileError, type CelField } from './cel';
