// The start of an entry's text on term pages and in feeds: counted in characters, not UTF-16 units.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { excerptOf } from '../src/render/excerpt.ts';

describe('excerptOf', () => {
  it('keeps a text of at most that many characters whole, without an ellipsis', () => {
    assert.equal(excerptOf('社会工作', 4), '社会工作');
    // Four characters, eight UTF-16 units: still whole.
    assert.equal(excerptOf('𠀀𠀁𠀂𠀃', 4), '𠀀𠀁𠀂𠀃');
  });

  it('cuts a longer text after that many characters and marks the cut', () => {
    assert.equal(excerptOf('社会工作一周动态', 4), '社会工作…');
    assert.equal(excerptOf('𠀀𠀁𠀂𠀃𠀄', 4), '𠀀𠀁𠀂𠀃…');
    assert.equal(excerptOf('ab𠀀cd', 3), 'ab𠀀…');
  });
});
