import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAgencyFile, parseCsv } from './import-agencies.ts';

describe('agency import files', () => {
  it('reads CSV with quotes, embedded separators and a BOM, comma or semicolon separated', () => {
    assert.deepEqual(parseCsv('\uFEFFcode,name\r\n000.00.00.H41,"UBND tỉnh Nghệ An, ""Xứ Nghệ"""\n'), [
      ['code', 'name'],
      ['000.00.00.H41', 'UBND tỉnh Nghệ An, "Xứ Nghệ"'],
    ]);
    assert.deepEqual(
      parseAgencyFile('code;name;successor\n000.00.00.H22;UBND tỉnh Hà Giang;000.00.00.H60\n', 'csv'),
      [{ code: '000.00.00.H22', name: 'UBND tỉnh Hà Giang', successor: '000.00.00.H60' }],
    );
  });

  it('reads JSON as an array or {agencies: [...]} and refuses anything else', () => {
    assert.equal(parseAgencyFile('[{"code":"a","name":"b"}]', 'json').length, 1);
    assert.equal(parseAgencyFile('{"agencies":[{"code":"a","name":"b"}]}', 'json').length, 1);
    assert.throws(() => parseAgencyFile('{"x":1}', 'json'), /import/i);
    assert.throws(() => parseAgencyFile('not json', 'json'), /import/i);
  });
});
