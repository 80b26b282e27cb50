import { describe, expect, it } from 'vitest';
import type { ExpressionSelector, SelectorRequirement } from '../project/types';
import { checkSelector, compileJoin, compileSelector, goFloat, SelectorError } from './index';

// Expected results follow Choreo's pkg/server/selector: each key is compiled as `input.<key>`
// with cel-go, its value printed with Go's %v and compared as a string; an expression that cannot
// be evaluated is "not found".

const partition = {
  apiVersion: 'example.com/v1alpha1',
  kind: 'Partition',
  metadata: { name: 'p1', namespace: 'default', labels: { app: 'web', tier: 'front' } },
  spec: { capacity: 3, ratio: 1.5, big: 1234567.5, enabled: true, zones: ['a', 'b'] },
  status: {
    conditions: [
      { type: 'Synced', status: 'False' },
      { type: 'Ready', status: 'True' },
    ],
  },
};

function matches(selector: ExpressionSelector | undefined, obj: unknown = partition): boolean {
  return compileSelector(selector)(obj);
}

function requirement(
  expression: string,
  operator: string,
  ...values: string[]
): ExpressionSelector {
  const r: SelectorRequirement = { expression, operator, values };
  return { matchExpressions: [r] };
}

describe('compileSelector', () => {
  it('a missing selector matches nothing; an empty one everything', () => {
    expect(matches(undefined)).toBe(false);
    expect(matches({})).toBe(true);
    expect(matches({ match: {}, matchExpressions: [] })).toBe(true);
  });

  it('match: each key is a CEL expression on the object, compared as a string', () => {
    expect(matches({ match: { 'metadata.name': 'p1' } })).toBe(true);
    expect(matches({ match: { 'metadata.name': 'p2' } })).toBe(false);
    expect(matches({ match: { 'metadata.labels["app"]': 'web' } })).toBe(true);
    expect(matches({ match: { 'metadata.labels.tier': 'front' } })).toBe(true);
    expect(
      matches({
        match: { "status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')": 'true' },
      }),
    ).toBe(true);
    expect(
      matches({
        match: { "status.conditions.exists(c, c.type == 'Synced' && c.status == 'True')": 'true' },
      }),
    ).toBe(false);
    // every entry must hold
    expect(matches({ match: { 'metadata.name': 'p1', 'metadata.namespace': 'other' } })).toBe(
      false,
    );
  });

  it("values are printed as Go's %v prints cel-go's: ints, doubles, bools, lists, maps", () => {
    expect(matches({ match: { 'spec.capacity': '3' } })).toBe(true);
    expect(matches({ match: { 'spec.capacity': '3.0' } })).toBe(false);
    expect(matches({ match: { 'spec.ratio': '1.5' } })).toBe(true);
    expect(matches({ match: { 'spec.big': '1.2345675e+06' } })).toBe(true);
    expect(matches({ match: { 'spec.enabled': 'true' } })).toBe(true);
    expect(matches({ match: { 'spec.zones': '[a b]' } })).toBe(true);
    expect(matches({ match: { 'metadata.labels': 'map[app:web tier:front]' } })).toBe(true);
    expect(matches({ match: { 'spec.capacity + 1': '4' } })).toBe(true);
    expect(matches({ match: { 'spec.zones.size()': '2' } })).toBe(true);
    // the key follows `input.`, so it cannot start with a function call or a literal
    expect(() => matches({ match: { 'size(spec.zones)': '2' } })).toThrow(SelectorError);
    expect([1e6, 1e-5, 0.0001, 123456.5, -2.5e-7].map(goFloat)).toEqual([
      '1e+06',
      '1e-05',
      '0.0001',
      '123456.5',
      '-2.5e-07',
    ]);
  });

  it('an expression that cannot be evaluated does not match', () => {
    expect(matches({ match: { 'spec.missing': '' } })).toBe(false);
    expect(matches({ match: { 'spec.capacity.deeper': '3' } })).toBe(false);
    expect(matches({ match: { 'spec.capacity / 0': '0' } })).toBe(false);
    expect(matches({ match: { 'metadata.name': 'p1' } }, { kind: 'NoMetadata' })).toBe(false);
  });

  it('matchExpressions: Equals, DoubleEquals, In match a value; not found never matches', () => {
    expect(matches(requirement('metadata.name', 'Equals', 'p1'))).toBe(true);
    expect(matches(requirement('metadata.name', 'DoubleEquals', 'p1'))).toBe(true);
    expect(matches(requirement('metadata.name', 'In', 'p0', 'p1'))).toBe(true);
    expect(matches(requirement('metadata.name', 'In', 'p0', 'p2'))).toBe(false);
    expect(matches(requirement('spec.missing', 'In', 'p1'))).toBe(false);
  });

  it('matchExpressions: NotEquals and NotIn match what cannot be evaluated, as in Choreo', () => {
    expect(matches(requirement('metadata.name', 'NotEquals', 'p1'))).toBe(false);
    expect(matches(requirement('metadata.name', 'NotEquals', 'p2'))).toBe(true);
    expect(matches(requirement('metadata.name', 'NotIn', 'p2', 'p3'))).toBe(true);
    expect(matches(requirement('metadata.name', 'NotIn', 'p1', 'p3'))).toBe(false);
    expect(matches(requirement('spec.missing', 'NotEquals', 'x'))).toBe(true);
    expect(matches(requirement('spec.missing', 'NotIn', 'x'))).toBe(true);
  });

  it('matchExpressions: Exists and DoesNotExist', () => {
    expect(matches(requirement('spec.capacity', 'Exists'))).toBe(true);
    expect(matches(requirement('spec.missing', 'Exists'))).toBe(false);
    expect(matches(requirement('spec.capacity', 'DoesNotExist'))).toBe(false);
    expect(matches(requirement('spec.missing', 'DoesNotExist'))).toBe(true);
  });

  it('matchExpressions: GreaterThan and LessThan compare integers; anything else does not match', () => {
    expect(matches(requirement('spec.capacity', 'GreaterThan', '2'))).toBe(true);
    expect(matches(requirement('spec.capacity', 'GreaterThan', '3'))).toBe(false);
    expect(matches(requirement('spec.capacity', 'LessThan', '4'))).toBe(true);
    expect(matches(requirement('spec.capacity', 'LessThan', '-4'))).toBe(false);
    expect(matches(requirement('spec.ratio', 'GreaterThan', '1'))).toBe(false);
    expect(matches(requirement('metadata.name', 'LessThan', '9'))).toBe(false);
    expect(matches(requirement('spec.missing', 'GreaterThan', '0'))).toBe(false);
  });

  it('match and matchExpressions are ANDed', () => {
    const both = (name: string): ExpressionSelector => ({
      match: { 'metadata.labels.app': 'web' },
      matchExpressions: [{ expression: 'metadata.name', operator: 'Equals', values: [name] }],
    });
    expect(matches(both('p1'))).toBe(true);
    expect(matches(both('p2'))).toBe(false);
  });

  it('an unknown operator is read as Equals, with a warning', () => {
    const selector = requirement('metadata.name', 'Is', 'p1');
    expect(matches(selector)).toBe(true);
    expect(
      matches({ matchExpressions: [{ ...selector.matchExpressions![0]!, values: ['p2'] }] }),
    ).toBe(false);
    expect(checkSelector(selector)).toMatchObject([
      { severity: 'warning', message: 'unknown operator "Is": Choreo treats it as Equals' },
    ]);
  });

  it('invalid expressions and values are errors at their place; compileSelector throws them all', () => {
    const at = (line: number, col: number) => ({ file: '/p/config.yaml', line, col });
    const selector: ExpressionSelector = {
      match: { 'spec.(name': 'x', 'metadata.name': 'p1' },
      matchExpressions: [
        { expression: 'spec.capacity', operator: 'GreaterThan', values: ['many'] },
        { expression: 'spec.capacity', operator: 'Exists', values: ['1'] },
        { expression: 'spec.capacity', operator: 'In', values: [] },
        { expression: 'spec.capacity', operator: 'Equals', values: ['1', '2'] },
      ],
      source: {
        at: at(5, 5),
        match: {
          'spec.(name': { key: at(7, 9), value: at(7, 23), keyQuoted: true, valueQuoted: false },
          'metadata.name': {
            key: at(8, 9),
            value: at(8, 24),
            keyQuoted: false,
            valueQuoted: false,
          },
        },
        matchExpressions: [at(10, 23), at(11, 23), at(12, 23), at(13, 23)],
      },
    };
    const problems = checkSelector(selector);
    expect(problems.map((p) => `${p.line}:${p.col} ${p.severity} ${p.message}`)).toEqual([
      expect.stringMatching(/^7:15 error invalid CEL expression "spec\.\(name": /),
      '10:23 error GreaterThan: the value must be an integer, got "many"',
      '11:23 error Exists: takes no values',
      '12:23 error In: needs at least one value',
      '13:23 error Equals: needs exactly one value, got 2',
    ]);
    let thrown: unknown;
    try {
      compileSelector(selector);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SelectorError);
    expect((thrown as SelectorError).problems).toEqual(problems);
  });
});

describe('compileJoin (watches)', () => {
  const workload = (name: string, partitionName: unknown) => ({
    apiVersion: 'example.com/v1alpha1',
    kind: 'Workload',
    metadata: { name, namespace: 'default' },
    spec: { partition: partitionName, zone: 'zone-p1' },
  });

  it('<watched expression>: <For expression> links objects whose values print the same', () => {
    const joined = compileJoin({ match: { 'metadata.name': 'spec.partition' } });
    expect(joined(partition, workload('web', 'p1'))).toBe(true);
    expect(joined(partition, workload('db', 'p2'))).toBe(false);
    // a side that cannot be evaluated links nothing, not even two missing values
    expect(joined(partition, { metadata: { name: 'x' } })).toBe(false);
    expect(compileJoin({ match: { 'spec.missing': 'spec.missing' } })(partition, partition)).toBe(
      false,
    );
  });

  it('every entry must link; values are compared as Go prints them', () => {
    const joined = compileJoin({
      match: { 'metadata.name': 'spec.partition', 'metadata.namespace': 'metadata.namespace' },
    });
    expect(joined(partition, workload('web', 'p1'))).toBe(true);
    const elsewhere = workload('web', 'p1');
    expect(joined(partition, { ...elsewhere, metadata: { name: 'web', namespace: 'b' } })).toBe(
      false,
    );
    const byCapacity = compileJoin({ match: { 'spec.capacity': 'spec.partition' } });
    expect(byCapacity(partition, workload('web', '3'))).toBe(true);
    expect(byCapacity(partition, workload('web', 3))).toBe(true);
  });

  it('a literal on the right requires the watched value and then links every For object', () => {
    // `p1` and `true` are not expressions on the For object (no such top-level field): literals
    const literal = compileJoin({ match: { 'metadata.name': 'p1', 'spec.enabled': 'true' } });
    expect(literal(partition, workload('any', 'elsewhere'))).toBe(true);
    expect(literal(partition, {})).toBe(true);
    expect(literal({ ...partition, metadata: { name: 'p2' } }, workload('any', 'p2'))).toBe(false);
    const disabled = { ...partition, spec: { ...partition.spec, enabled: false } };
    expect(literal(disabled, workload('any', 'p1'))).toBe(false);
    // mixed with a link, the link still decides which For objects
    const mixed = compileJoin({
      match: { 'spec.enabled': 'true', 'metadata.name': 'spec.partition' },
    });
    expect(mixed(partition, workload('web', 'p1'))).toBe(true);
    expect(mixed(partition, workload('db', 'p2'))).toBe(false);
  });

  it('a watch without match entries, or with an invalid watched expression, is a SelectorError', () => {
    expect(() => compileJoin({})).toThrow(SelectorError);
    expect(() => compileJoin({ match: {} })).toThrow(
      'a watch needs a selector with at least one match entry',
    );
    expect(() => compileJoin({ match: { 'metadata.(': 'spec.partition' } })).toThrow(
      /invalid CEL expression "metadata\.\("/,
    );
  });
});
