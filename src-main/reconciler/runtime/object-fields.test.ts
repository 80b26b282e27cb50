import { describe, expect, it } from 'vitest';
import { setCondition } from './object-fields';

const ready = (time: string) => ({
  type: 'Ready',
  message: '',
  reason: 'Ready',
  status: 'True',
  lastTransitionTime: time,
});

describe('setCondition', () => {
  it('keeps an equal condition with its lastTransitionTime', () => {
    const obj = { status: { conditions: [ready('2026-01-01T00:00:00Z')] } };
    setCondition(obj, 'Ready', '', '2026-02-02T00:00:00Z');
    expect(obj.status.conditions).toEqual([ready('2026-01-01T00:00:00Z')]);
  });

  it('takes the equal condition from the object as read when the reconcile replaced status', () => {
    const before = { status: { conditions: [ready('2026-01-01T00:00:00Z')] } };
    const obj = { status: { parts: 2 } };
    setCondition(obj, 'Ready', '', '2026-02-02T00:00:00Z', before);
    expect(obj.status).toEqual({ parts: 2, conditions: [ready('2026-01-01T00:00:00Z')] });
  });

  it('moves the time when the condition changes', () => {
    const before = { status: { conditions: [ready('2026-01-01T00:00:00Z')] } };
    const obj = { status: {} };
    setCondition(obj, 'Ready', 'broken', '2026-02-02T00:00:00Z', before);
    expect(obj.status).toEqual({
      conditions: [
        {
          type: 'Ready',
          message: 'broken',
          reason: 'Failed',
          status: 'False',
          lastTransitionTime: '2026-02-02T00:00:00Z',
        },
      ],
    });
  });
});
