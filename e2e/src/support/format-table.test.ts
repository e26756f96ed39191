import { describe, expect, it } from 'vitest';
import { formatTable } from './format-table.js';

describe('formatTable', () => {
  it('pads every column to its widest cell, right-aligning columns of figures', () => {
    expect(
      formatTable(
        ['kill', 'down ms', 'first error', 'codes'],
        [
          ['storage-eastus-1', 5861, '+5000', 'put OperationTimedOut x2'],
          ['chaos-1', 937, '-', '-'],
        ],
      ),
    ).toBe(
      [
        'kill              down ms  first error  codes',
        '----------------  -------  -----------  ------------------------',
        'storage-eastus-1     5861        +5000  put OperationTimedOut x2',
        'chaos-1               937            -  -',
      ].join('\n'),
    );
  });
});
