import { cleanExamples, cleanText, decodeEntities, stripHtml } from '../../../../lib/data/clean/clean-text';

const all = { lowercase: true, stripHtml: true };
const none = { lowercase: false, stripHtml: false };

describe('cleanText', () => {
  it('strips tags and decodes entities when enabled', () => {
    expect(cleanText('<p>Great <b>value</b>&nbsp;&amp; fast!</p><br/>Recommend', all)).toBe(
      'great value & fast! recommend',
    );
    expect(cleanText('<b>Bold</b>', none)).toBe('<b>Bold</b>');
  });

  it('removes script/style blocks and comments, keeps "a < b"', () => {
    expect(stripHtml('x<script>alert(1)</script>y<!-- c -->z')).toBe('x y z');
    expect(stripHtml('a < b and c > d')).toBe('a < b and c > d');
  });

  it('decodes entities once, so encoded markup stays text', () => {
    expect(stripHtml('&lt;b&gt; &amp;lt; &#233; &#xE9; &bogus;')).toBe('<b> &lt; é é &bogus;');
    expect(decodeEntities('&#0; &#xD800;')).toBe('\ufffd \ufffd');
  });

  it('applies NFKC, collapses whitespace and control characters, trims', () => {
    expect(cleanText('  Ｆｕｌｌ\u00a0width  ﬁne\t\ncafe\u0301 ', none)).toBe('Full width fine café');
    expect(cleanText('The script is\u0085was there', none)).toBe('The script is was there');
  });

  it('lowercases only when asked', () => {
    expect(cleanText('MiXeD', { lowercase: true, stripHtml: false })).toBe('mixed');
    expect(cleanText('MiXeD', none)).toBe('MiXeD');
  });
});

describe('cleanExamples', () => {
  it('cleans texts, keeps ids/labels/groups, drops rows that become empty', () => {
    const rows = [
      { id: 'r1', text: ' <i>Hi</i> ', label: 'a', group: 'g' },
      { id: 'r2', text: '<br/>  <p></p>', label: 'b' },
      { id: 'r3', text: 'Ok', label: 'b' },
    ];
    const result = cleanExamples(rows, all);
    expect(result.rows).toEqual([
      { id: 'r1', text: 'hi', label: 'a', group: 'g' },
      { id: 'r3', text: 'ok', label: 'b' },
    ]);
    expect(result.report).toEqual({ stage: 'clean', in: 3, kept: 2, dropped: { 'empty-after-cleaning': 1 } });
    expect(rows[0].text).toBe(' <i>Hi</i> '); // input not mutated
  });
});
